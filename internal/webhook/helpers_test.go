package webhook_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/pgtest"
	"github.com/delegatezero/dz/internal/postgres"
	"github.com/delegatezero/dz/internal/sqlite"
	"github.com/delegatezero/dz/internal/webhook"
)

// clock is a test clock shared by the store and the worker.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// eachStore runs fn on a fresh SQLite file and, when reachable, a fresh
// PostgreSQL database, both on clk.
func eachStore(t *testing.T, fn func(t *testing.T, s dz.Store, clk *clock)) {
	t.Run("sqlite", func(t *testing.T) {
		clk := newClock()
		s, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), clk.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s, clk)
	})
	t.Run("postgres", func(t *testing.T) {
		clk := newClock()
		s, err := postgres.Open(t.Context(), freshDatabase(t), clk.Now)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s, clk)
	})
}

// freshDatabase is a PostgreSQL database for one test (internal/pgtest).
func freshDatabase(t *testing.T) string { return pgtest.FreshDatabase(t) }

// receiver is a real local HTTP endpoint that verifies every signature and
// answers with the next status of its script (200 once it runs out).
type receiver struct {
	URL     string
	secret  string
	clk     *clock
	mu      sync.Mutex
	script  []int
	got     []webhook.Event
	headers []http.Header
	bad     []error
}

func newReceiver(t *testing.T, clk *clock, script ...int) *receiver {
	t.Helper()
	rc := &receiver{clk: clk, script: script}
	srv := httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(srv.Close)
	rc.URL = srv.URL + "/hooks/dz"
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if err := webhook.Verify(rc.secret, r.Header.Get(webhook.SignatureHeader), body, rc.clk.Now(), 0); err != nil {
		rc.bad = append(rc.bad, err)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	var ev webhook.Event
	if err := json.Unmarshal(body, &ev); err != nil {
		rc.bad = append(rc.bad, err)
	}
	rc.got, rc.headers = append(rc.got, ev), append(rc.headers, r.Header.Clone())
	status := http.StatusOK
	if len(rc.script) > 0 {
		status, rc.script = rc.script[0], rc.script[1:]
	}
	w.WriteHeader(status)
}

// events returns the verified events received so far, failing the test on
// any request whose signature did not verify.
func (rc *receiver) events(t *testing.T) []webhook.Event {
	t.Helper()
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if len(rc.bad) > 0 {
		t.Fatalf("the receiver refused requests: %v", rc.bad)
	}
	return append([]webhook.Event(nil), rc.got...)
}
