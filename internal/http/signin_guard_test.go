package http_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
)

// Five wrong passwords for an address refuse it — even with the right
// password — until fifteen minutes after the first; other addresses and,
// afterwards, the right password sign in.
func TestSignInThrottlesGuessing(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	seed(t, store, "acme")
	for _, email := range []string{"dana@example.com", "sam@example.com"} {
		hash, _ := dzhttp.HashPassword("correct horse battery")
		if err := store.CreateUser(t.Context(), &dz.User{WorkspaceID: 1, Email: email, Role: dz.RoleOwner}, hash); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(dzhttp.New(dzhttp.Config{Store: store, Now: clock}).Handler())
	t.Cleanup(ts.Close)
	signIn := func(email, password string) (int, string) {
		t.Helper()
		s, _, page := newBrowser(t, ts.URL).post("/login", url.Values{"email": {email}, "password": {password}})
		return s, page
	}
	for i := range 5 {
		if s, _ := signIn("dana@example.com", "guess"); s != http.StatusUnauthorized {
			t.Fatalf("wrong password %d = %d, want 401", i+1, s)
		}
		advance(time.Minute)
	}
	if s, page := signIn("Dana@Example.com", "correct horse battery"); s != http.StatusTooManyRequests || !strings.Contains(page, "Too many failed sign-ins") {
		t.Fatalf("the right password after five failures = %d, want 429 with the reason", s)
	}
	if s, _ := signIn("sam@example.com", "correct horse battery"); s != http.StatusSeeOther {
		t.Fatalf("another address = %d, want to sign in", s)
	}
	advance(10 * time.Minute) // fifteen minutes since the first failure
	if s, _ := signIn("dana@example.com", "correct horse battery"); s != http.StatusSeeOther {
		t.Fatalf("the right password once the window ended = %d, want to sign in", s)
	}
	for range 4 { // a success forgot the failures: four more do not lock
		signIn("dana@example.com", "guess")
	}
	if s, _ := signIn("dana@example.com", "correct horse battery"); s != http.StatusSeeOther {
		t.Fatalf("after a success and four failures = %d, want to sign in", s)
	}
}
