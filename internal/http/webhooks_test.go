package http_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
	"github.com/delegatezero/dz/internal/webhook"
)

// webhookFixture is newFixture with private webhook targets allowed or not.
func webhookFixture(t *testing.T, allowPrivate bool) *fixture {
	t.Helper()
	now := func() time.Time { return testNow }
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store, key: seed(t, store, "acme"), other: seed(t, store, "other")}
	srv := httptest.NewServer(dzhttp.New(dzhttp.Config{Store: store, Now: now, AllowPrivateWebhooks: allowPrivate}).Handler())
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// hookReceiver is a local endpoint that keeps the events whose signature
// verifies under secret and counts the others.
type hookReceiver struct {
	mu     sync.Mutex
	secret string
	events []string
	forged int
}

func (h *hookReceiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	var ev webhook.Event
	if webhook.Verify(h.secret, r.Header.Get(webhook.SignatureHeader), body, testNow, 0) != nil || json.Unmarshal(body, &ev) != nil {
		h.forged++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h.events = append(h.events, ev.Event)
}

// deliver runs the webhook worker once over f's store.
func deliver(t *testing.T, f *fixture, want int) {
	t.Helper()
	w := &webhook.Worker{Store: f.store, Now: func() time.Time { return testNow },
		Client: webhook.Guard{AllowPrivate: true}.Client(5 * time.Second), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if n, err := w.RunOnce(t.Context()); err != nil || n != want {
		t.Fatalf("worker delivered %d, %v; want %d", n, err, want)
	}
}

func TestWebhooksOverHTTP(t *testing.T) {
	f := webhookFixture(t, true)
	rc := &hookReceiver{}
	hooks := httptest.NewServer(rc)
	defer hooks.Close()
	status, ep := f.call(t, "POST", "/api/v1/webhooks", f.key, `{"url": "`+hooks.URL+`/dz"}`)
	rc.secret, _ = ep["secret"].(string)
	id, _ := ep["id"].(string)
	if status != http.StatusCreated || !strings.HasPrefix(rc.secret, "whsec_") || !strings.HasPrefix(id, "whk_") {
		t.Fatalf("create = %d %v, want 201 with an id and the secret", status, ep)
	}
	if _, list := f.call(t, "GET", "/api/v1/webhooks", f.key, ""); len(list["data"].([]any)) != 1 ||
		list["data"].([]any)[0].(map[string]any)["secret"] != nil {
		t.Fatalf("list = %v, want the endpoint without its secret", list)
	}
	body := strings.Replace(founding, `{"request"`, `{"request_id": "t-1", "request"`, 1)
	_, dec := f.call(t, "POST", "/api/v1/decisions", f.key, body)
	if s, _ := f.call(t, "POST", "/api/v1/decisions", f.key, strings.Replace(body, "$290", "$250", 1)); s != http.StatusConflict {
		t.Fatalf("conflicting retry = %d, want 409", s)
	}
	f.call(t, "POST", "/api/v1/decisions/"+dec["id"].(string)+"/feedback", f.key, `{"kind": "approve"}`)
	deliver(t, f, 3)
	deliver(t, f, 0)
	slices.Sort(rc.events) // one batch is delivered concurrently
	if got := strings.Join(rc.events, " "); got != "decision.created decision.drafted decision.reviewed" || rc.forged > 0 {
		t.Fatalf("received %q (%d unverified), want created, drafted, reviewed", got, rc.forged)
	}
	status, log := f.call(t, "GET", "/api/v1/webhooks/"+id+"/deliveries?limit=2", f.key, "")
	first, _ := log["data"].([]any)
	if status != 200 || len(first) != 2 || log["next_cursor"] == nil || first[0].(map[string]any)["status_code"] != 200.0 {
		t.Fatalf("deliveries = %d %v, want two 200s and a cursor", status, log)
	}
	for _, probe := range []struct{ method, path string }{{"GET", "/deliveries"}, {"DELETE", ""}} {
		if s, _ := f.call(t, probe.method, "/api/v1/webhooks/"+id+probe.path, f.other, ""); s != http.StatusNotFound {
			t.Errorf("another workspace's key: %s = %d, want 404", probe.method, s)
		}
	}
	if s, _ := f.call(t, "DELETE", "/api/v1/webhooks/"+id, f.key, ""); s != http.StatusNoContent {
		t.Fatalf("DELETE = %d, want 204", s)
	}
	if s, _ := f.call(t, "GET", "/api/v1/webhooks/"+id+"/deliveries", f.key, ""); s != http.StatusNotFound {
		t.Fatalf("deliveries after delete = %d, want 404", s)
	}
}

func TestWebhookInputRefused(t *testing.T) {
	f := webhookFixture(t, false)
	for _, tt := range []struct{ name, body, detail string }{
		{"10.x", `{"url": "http://10.0.0.8/hook"}`, "private"},
		{"127.x", `{"url": "http://127.0.0.1:9000/hook"}`, "loopback"},
		{"169.254.x", `{"url": "http://169.254.169.254/latest"}`, "link-local"},
		{"[::1]", `{"url": "http://[::1]/hook"}`, "loopback"},
		{"not http", `{"url": "file:///etc/passwd"}`, "http or https"},
		{"unknown event", `{"url": "https://93.184.216.34/h", "events": ["decision.deleted"]}`, "decision.deleted"},
		{"unknown field", `{"url": "https://93.184.216.34/h", "secret": "mine"}`, "unknown field"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, p := f.call(t, "POST", "/api/v1/webhooks", f.key, tt.body)
			if status != http.StatusBadRequest || p["code"] != dz.EINVALID || !strings.Contains(p["detail"].(string), tt.detail) {
				t.Fatalf("POST = %d %v, want 400 mentioning %q", status, p, tt.detail)
			}
		})
	}
	if _, list := f.call(t, "GET", "/api/v1/webhooks", f.key, ""); len(list["data"].([]any)) != 0 {
		t.Fatalf("refused endpoints were stored: %v", list)
	}
}
