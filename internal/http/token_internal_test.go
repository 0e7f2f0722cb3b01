package http

import (
	"encoding/base64"
	"testing"
	"time"
)

// Public audit tokens are 32 URL-safe characters, never repeat, and start
// with the time they were made, a millisecond or more apart.
func TestAuditTokens(t *testing.T) {
	seen := map[string]bool{}
	prev, _ := base64.RawURLEncoding.DecodeString(newAuditToken())
	for i := range 50 {
		if i%10 == 0 {
			time.Sleep(2 * time.Millisecond)
		}
		tok := newAuditToken()
		raw, err := base64.RawURLEncoding.DecodeString(tok)
		if err != nil || len(tok) != 32 || len(raw) != 24 {
			t.Fatalf("token %q: want 32 URL-safe base64 characters (%v)", tok, err)
		}
		if seen[tok] {
			t.Fatalf("token %q made twice", tok)
		}
		seen[tok] = true
		if i%10 == 0 && string(raw[:6]) <= string(prev[:6]) {
			t.Errorf("token %q made 2 ms after %x does not start with a later time", tok, prev[:6])
		}
		prev = raw
	}
	// The random part differs even within one millisecond.
	a, b := newAuditToken(), newAuditToken()
	if a[8:] == b[8:] {
		t.Errorf("two tokens share their random part: %q, %q", a, b)
	}
}
