package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
)

// fuzzEnv is a real server over a real SQLite file, with two workspaces and
// one recorded decision in the first, shared by a fuzz worker's inputs.
type fuzzEnv struct {
	url        string
	store      dz.Store
	routes     []string // "METHOD /path" for every route Handler() registers
	keys       [2]string
	ws         [2]int64
	decisionID string
	client     *http.Client // not the validating one: garbage is the point
}

func newFuzzEnv(tb testing.TB) *fuzzEnv {
	tb.Helper()
	store, err := sqlite.Open(filepath.Join(tb.TempDir(), "dz.db"), time.Now)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { store.Close() })
	e := &fuzzEnv{store: store, routes: registeredRoutes(tb), client: &http.Client{
		Transport:     http.DefaultTransport,
		Timeout:       10 * time.Second, // a hang is a finding, not a stuck fuzzer
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	for i, slug := range []string{"acme", "other"} {
		e.keys[i] = seedTB(tb, store, slug)
		ws, err := store.WorkspaceBySlug(tb.Context(), slug)
		if err != nil {
			tb.Fatal(err)
		}
		e.ws[i] = ws.ID
	}
	srv := httptest.NewServer(dzhttp.New(dzhttp.Config{Store: store, RateLimit: dzhttp.RateLimit{PerSecond: -1},
		Logger: discardLogger()}).Handler())
	tb.Cleanup(srv.Close)
	e.url = srv.URL
	if status, id := e.post(tb, e.keys[0], founding); status != http.StatusCreated {
		tb.Fatalf("seed decision: %d", status)
	} else {
		e.decisionID = id
	}
	return e
}

// post records a decision with key and returns its status and id.
func (e *fuzzEnv) post(tb testing.TB, key, body string) (int, string) {
	tb.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.url+"/api/v1/decisions", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := e.client.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var dec dz.Decision
	_ = json.NewDecoder(resp.Body).Decode(&dec)
	return resp.StatusCode, dec.ID
}

// request builds the fuzzed request; ok is false for one the client
// itself refuses to send (a bad method or header), which is no server test.
func (e *fuzzEnv) request(route, method, id, query string, body []byte, ctype string, auth uint8, hname, hval string) (*http.Request, bool) {
	pattern := e.route(route)
	m, path, _ := strings.Cut(pattern, " ")
	if method != "" {
		m = method
	}
	if id == "" {
		id = e.decisionID
	}
	path = strings.ReplaceAll(path, "{id}", url.PathEscape(id))
	if strings.HasPrefix(id, "/") { // a raw path: unknown routes, dot segments, doubled slashes
		path = id
	}
	u := &url.URL{Scheme: "http", Host: strings.TrimPrefix(e.url, "http://"), Path: path, RawQuery: url.PathEscape(query)}
	req, err := http.NewRequest(m, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, false
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	switch auth % 4 {
	case 1:
		req.Header.Set("Authorization", "Bearer "+e.keys[0])
	case 2:
		req.Header.Set("Authorization", "Bearer "+e.keys[1])
	case 3:
		req.Header.Set("Authorization", "Bearer "+hval)
	}
	if hname != "" {
		req.Header.Set(hname, hval)
	}
	return req, true
}

// route is the registered pattern named by s, or one picked by its bytes,
// so a seed names its route and stays on it as routes are added.
func (e *fuzzEnv) route(s string) string {
	if slices.Contains(e.routes, s) {
		return s
	}
	n := 0
	for _, c := range []byte(s) {
		n = n*31 + int(c)
	}
	return e.routes[(n%len(e.routes)+len(e.routes))%len(e.routes)]
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// FuzzAPI sends arbitrary methods, paths, queries, bodies and headers to
// every route of a real server and asserts: never a 5xx; always a JSON or
// problem+json body (but /metrics' text and HEAD's nothing); and no write
// without a 2xx — a workspace's decisions, feedback and context change only
// when its own key got a 2xx, and a 201 decision is readable at once.
func FuzzAPI(f *testing.F) {
	e := newFuzzEnv(f)
	f.Fuzz(func(t *testing.T, route, method, id, query string, body []byte, ctype string, auth uint8, hname, hval string) {
		req, ok := e.request(route, method, id, query, body, ctype, auth, hname, hval)
		if !ok {
			return
		}
		withContext := strings.HasPrefix(req.URL.Path, "/api/v1/context")
		before := e.snapshot(t, withContext)
		resp, err := e.client.Do(req)
		if errors.Is(err, context.DeadlineExceeded) || os.IsTimeout(err) {
			t.Fatalf("no answer: %s %s: %v", req.Method, req.URL.RequestURI(), err)
		}
		if err != nil {
			return // e.g. a header value the transport refuses to write
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		after := e.snapshot(t, withContext)
		what := fmt.Sprintf("%s %s → %d %.300s", req.Method, req.URL.RequestURI(), resp.StatusCode, raw)
		if resp.StatusCode >= 500 {
			t.Fatalf("a 5xx: %s", what)
		}
		checkBody(t, req, resp, raw, what)
		checkWrites(t, e, auth%4, resp.StatusCode, raw, before, after, what)
	})
}

// checkBody: the body is JSON, labelled as JSON or problem+json.
func checkBody(t *testing.T, req *http.Request, resp *http.Response, raw []byte, what string) {
	t.Helper()
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	switch {
	case req.Method == http.MethodHead:
		return
	case req.URL.Path == "/metrics" && resp.StatusCode == http.StatusOK && ct == "text/plain":
		return
	case ct != "application/json" && ct != "application/problem+json":
		t.Fatalf("Content-Type %q, want JSON or problem+json: %s", resp.Header.Get("Content-Type"), what)
	case !json.Valid(raw):
		t.Fatalf("the body is not JSON: %s", what)
	}
}
