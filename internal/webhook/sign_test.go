package webhook_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz/internal/webhook"
)

func TestVerify(t *testing.T) {
	secret, body := "whsec_test", []byte(`{"id":"evt_1","event":"decision.created"}`)
	sent := time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)
	good := webhook.Sign(secret, sent, body)
	_, goodMAC, _ := strings.Cut(good, ",v1=")
	cases := []struct {
		name   string
		secret string
		header string
		body   []byte
		now    time.Time
		want   error
	}{
		{"valid", secret, good, body, sent.Add(time.Minute), nil},
		{"valid among rotated secrets", secret, good + ",v1=00ff", body, sent, nil},
		{"spaces after commas", secret, strings.ReplaceAll(good, ",", ", "), body, sent, nil},
		{"body changed", secret, good, []byte(`{"id":"evt_2","event":"decision.created"}`), sent, webhook.ErrMismatch},
		{"other secret", "whsec_other", good, body, sent, webhook.ErrMismatch},
		{"timestamp changed", secret, "t=1,v1=" + goodMAC, body, time.Unix(1, 0), webhook.ErrMismatch},
		{"replayed later", secret, good, body, sent.Add(6 * time.Minute), webhook.ErrTooOld},
		{"from the future", secret, good, body, sent.Add(-6 * time.Minute), webhook.ErrTooOld},
		{"empty header", secret, "", body, sent, webhook.ErrBadHeader},
		{"no v1", secret, "t=1789570800", body, sent, webhook.ErrBadHeader},
		{"no t", secret, "v1=" + goodMAC, body, sent, webhook.ErrBadHeader},
		{"v1 not hex", secret, "t=1789570800,v1=zz", body, sent, webhook.ErrBadHeader},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := webhook.Verify(tc.secret, tc.header, tc.body, tc.now, 0); !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSignFormat(t *testing.T) {
	h := webhook.Sign("s", time.Unix(1789570800, 0), []byte("{}"))
	if !strings.HasPrefix(h, "t=1789570800,v1=") || len(h) != len("t=1789570800,v1=")+64 {
		t.Fatalf("Sign = %q, want t=<unix>,v1=<64 hex>", h)
	}
}
