package http_test

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
)

// newFixtureWith is newFixture with the server's config adjusted by edit.
func newFixtureWith(t *testing.T, edit func(*dzhttp.Config)) *fixture {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store, key: seed(t, store, "acme"), other: seed(t, store, "other")}
	cfg := dzhttp.Config{Store: store, Now: func() time.Time { return testNow }, BaseURL: "http://dz.test"}
	edit(&cfg)
	srv := httptest.NewServer(dzhttp.New(cfg).Handler())
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func TestRateLimitPerKey(t *testing.T) {
	clock := &fakeClock{now: testNow}
	f := newFixtureWith(t, func(c *dzhttp.Config) {
		c.RateLimit = dzhttp.RateLimit{PerSecond: 2, Burst: 3, Clock: clock.Now}
	})
	get := func(key string) (int, map[string]any) {
		t.Helper()
		return f.call(t, http.MethodGet, "/api/v1/decisions", key, "")
	}
	for i := range 3 {
		if s, p := get(f.key); s != http.StatusOK {
			t.Fatalf("request %d of the burst = %d %v, want 200", i+1, s, p)
		}
	}
	status, p := get(f.key)
	if status != http.StatusTooManyRequests || p["code"] != dz.ERATELIMIT {
		t.Fatalf("past the burst = %d %v, want 429 rate_limited", status, p)
	}
	if s, _ := get(f.other); s != http.StatusOK {
		t.Errorf("another key was limited too: %d", s)
	}
	for range 5 {
		if s, _ := f.call(t, http.MethodGet, "/healthz", "", ""); s != http.StatusOK {
			t.Errorf("a request without a key was limited: %d", s)
		}
		if s, _ := f.call(t, http.MethodGet, "/readyz", f.key, ""); s != http.StatusOK {
			t.Errorf("a readiness probe sending the spent key anyway was limited: %d", s)
		}
	}
	clock.Add(500 * time.Millisecond) // one token at 2/s
	if s, _ := get(f.key); s != http.StatusOK {
		t.Errorf("after half a second = %d, want 200", s)
	}
	if s, _ := get(f.key); s != http.StatusTooManyRequests {
		t.Errorf("the refilled token was spent twice: %d", s)
	}
}

func TestRateLimitRetryAfter(t *testing.T) {
	clock := &fakeClock{now: testNow}
	f := newFixtureWith(t, func(c *dzhttp.Config) {
		c.RateLimit = dzhttp.RateLimit{PerSecond: 0.25, Burst: 1, Clock: clock.Now}
	})
	for _, tt := range []struct {
		name       string
		advance    time.Duration
		status     int
		retryAfter string
	}{
		{"first is free", 0, 200, ""},
		{"empty: a token in 4 s", 0, 429, "4"},
		{"1.5 s on: 2.5 s left, rounded up", 1500 * time.Millisecond, 429, "3"},
		{"refilled", 2500 * time.Millisecond, 200, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			clock.Add(tt.advance)
			resp := rawGet(t, f.url+"/api/v1/decisions", f.key)
			if resp.StatusCode != tt.status || resp.Header.Get("Retry-After") != tt.retryAfter {
				t.Errorf("= %d Retry-After %q, want %d %q", resp.StatusCode, resp.Header.Get("Retry-After"), tt.status, tt.retryAfter)
			}
		})
	}
}

func TestRateLimitOff(t *testing.T) {
	f := newFixtureWith(t, func(c *dzhttp.Config) { c.RateLimit.PerSecond = -1 })
	for i := range 100 {
		if s, _ := f.call(t, http.MethodGet, "/api/v1/decisions", f.key, ""); s != http.StatusOK {
			t.Fatalf("request %d with the limit off = %d", i+1, s)
		}
	}
}

// rawGet is a GET through the validating client that returns the response.
func rawGet(t *testing.T, url, key string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}
