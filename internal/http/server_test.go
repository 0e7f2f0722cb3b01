package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
	"github.com/delegatezero/dz/internal/workspace"
)

var testNow = time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)

// fixture is a real server over a real SQLite file with the demo workspace.
type fixture struct {
	url   string
	key   string // a key for workspace "acme"
	other string // a key for workspace "other", which has its own context
	store dz.Store
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store}
	f.key = seed(t, store, "acme")
	f.other = seed(t, store, "other")
	srv := httptest.NewServer(dzhttp.New(dzhttp.Config{Store: store, Now: func() time.Time { return testNow }, BaseURL: "http://dz.test"}).Handler())
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

var (
	acmeOnce    sync.Once
	acmeEntries []dz.ContextEntry
)

func seed(t *testing.T, store dz.Store, slug string) string {
	t.Helper()
	acmeOnce.Do(func() {
		ws, err := workspace.LoadDir("../../examples/acme-saas")
		if err != nil {
			t.Fatal(err)
		}
		if acmeEntries, err = workspace.Entries(ws); err != nil {
			t.Fatal(err)
		}
	})
	ctx := t.Context()
	ws, err := store.CreateWorkspace(ctx, slug, slug)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.PutContext(ctx, ws.ID, acmeEntries); err != nil {
		t.Fatal(err)
	}
	id, secret := dz.NewKeySecret()
	if err := store.CreateKey(ctx, &dz.APIKey{ID: id, WorkspaceID: ws.ID, Name: "test", Profiles: []string{"billing"}, CreatedAt: testNow}, dz.HashSecret(secret)); err != nil {
		t.Fatal(err)
	}
	return secret
}

// call sends a request and returns the status and the decoded body.
func (f *fixture) call(t *testing.T, method, path, key string, body string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(method, f.url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s %s: body is not JSON: %s", method, path, raw)
		}
	}
	return resp.StatusCode, out
}

const founding = `{"request": "I'm furious. Your outage on October 14 kept our status page green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund.", "context": {"entity": "brightline"}}`

func TestDecideOverHTTP(t *testing.T) {
	f := newFixture(t)
	status, dec := f.call(t, "POST", "/api/v1/decisions", f.key, founding)
	if status != http.StatusCreated || dec["decision"] != "draft" || dec["status"] != "complete" {
		t.Fatalf("POST = %d %v, want 201 and a complete draft", status, dec)
	}
	id, _ := dec["id"].(string)
	if dec["audit_url"] != "http://dz.test/app/decisions/"+id {
		t.Errorf("audit_url = %v, want the founder's page of %s", dec["audit_url"], id)
	}
	if pub, _ := dec["public_audit_url"].(string); !strings.HasPrefix(pub, "http://dz.test/audit/") || strings.Contains(pub, id) ||
		len(strings.TrimPrefix(pub, "http://dz.test/audit/")) < 22 {
		t.Errorf("public_audit_url = %q, want /audit/ and a random token of at least 128 bits, not the decision id", pub)
	}
	status, got := f.call(t, "GET", "/api/v1/decisions/"+id, f.key, "")
	if status != http.StatusOK || got["id"] != id || got["trace"] == nil {
		t.Fatalf("GET = %d %v, want the stored decision with its trace", status, got)
	}
	status, list := f.call(t, "GET", "/api/v1/decisions?outcome=draft", f.key, "")
	if data, _ := list["data"].([]any); status != http.StatusOK || len(data) != 1 {
		t.Fatalf("list = %d %v, want the one draft", status, list)
	}
}

func TestWorkspacesAreIsolated(t *testing.T) {
	f := newFixture(t)
	_, dec := f.call(t, "POST", "/api/v1/decisions", f.key, founding)
	id := dec["id"].(string)
	if status, _ := f.call(t, "GET", "/api/v1/decisions/"+id, f.other, ""); status != http.StatusNotFound {
		t.Errorf("another workspace's key read the decision: %d, want 404", status)
	}
	if _, list := f.call(t, "GET", "/api/v1/decisions", f.other, ""); len(list["data"].([]any)) != 0 {
		t.Errorf("another workspace's key listed %v", list["data"])
	}
}

func TestIdempotentRequestID(t *testing.T) {
	f := newFixture(t)
	body := strings.Replace(founding, `{"request"`, `{"request_id": "ticket-42", "request"`, 1)
	s1, d1 := f.call(t, "POST", "/api/v1/decisions", f.key, body)
	s2, d2 := f.call(t, "POST", "/api/v1/decisions", f.key, body)
	if s1 != http.StatusCreated || s2 != http.StatusOK || d1["id"] != d2["id"] {
		t.Fatalf("retry: %d %v then %d %v, want 201 then 200 with the same id", s1, d1["id"], s2, d2["id"])
	}
	changed := strings.Replace(body, "$290", "$250", 1)
	if s3, p := f.call(t, "POST", "/api/v1/decisions", f.key, changed); s3 != http.StatusConflict || p["code"] != dz.ECONFLICT {
		t.Fatalf("same request_id, different body: %d %v, want 409 conflict", s3, p)
	}
}

func TestBadInputIsA4xxProblem(t *testing.T) {
	f := newFixture(t)
	big := `{"request": "` + strings.Repeat("x", 2<<20) + `"}`
	for _, tt := range []struct {
		name, key, body string
		status          int
		detail          string
	}{
		{"no key", "", founding, 401, "Authorization"},
		{"unknown key", "dzk_00000000_nope", founding, 401, "unknown or revoked"},
		{"malformed JSON", f.key, `{"request": `, 400, "JSON"},
		{"wrong type", f.key, `{"request": 42}`, 400, "request must be a string"},
		{"unknown field", f.key, `{"request": "x", "instuctions": {}}`, 400, `unknown field "instuctions"`},
		{"empty request", f.key, `{"request": " "}`, 400, "request is empty"},
		{"bad threshold", f.key, `{"request": "x", "instructions": {"confidence_threshold": 3}}`, 400, "between 0 and 1"},
		{"profile the key may not use", f.key, `{"request": "x", "profile": "support"}`, 403, "profile"},
		{"too large", f.key, big, 413, "larger"},
		{"two values", f.key, `{"request": "x"} {}`, 400, "more than one"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, p := f.call(t, "POST", "/api/v1/decisions", tt.key, tt.body)
			if status != tt.status || !strings.Contains(p["detail"].(string), tt.detail) || p["code"] == "" {
				t.Errorf("status %d %v, want %d with detail containing %q", status, p, tt.status, tt.detail)
			}
		})
	}
	status, list := f.call(t, "GET", "/api/v1/decisions", f.key, "")
	if status != 200 || len(list["data"].([]any)) != 0 {
		t.Errorf("bad requests left decisions behind: %v", list)
	}
}

func TestDryRunIsNotRecorded(t *testing.T) {
	f := newFixture(t)
	body := strings.Replace(founding, `"context"`, `"instructions": {"dry_run": true}, "context"`, 1)
	status, dec := f.call(t, "POST", "/api/v1/decisions", f.key, body)
	if status != 200 || dec["dry_run"] != true {
		t.Fatalf("dry run = %d %v", status, dec)
	}
	if s, _ := f.call(t, "GET", "/api/v1/decisions/"+dec["id"].(string), f.key, ""); s != 404 {
		t.Errorf("a dry run was stored: GET = %d", s)
	}
}

func TestHealth(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/healthz", "/readyz"} {
		if s, _ := f.call(t, "GET", p, "", ""); s != 200 {
			t.Errorf("%s = %d", p, s)
		}
	}
}
