package http_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
	"github.com/delegatezero/dz/internal/storetest"
)

// readyAnswer is /readyz's body in either shape.
type readyAnswer struct {
	Status any    `json:"status"` // "ready", or the problem's HTTP status
	Code   string `json:"code"`
	Detail string `json:"detail"`
	Audit  struct {
		State   string `json:"state"`
		Records uint64 `json:"records"`
		Broken  []struct {
			Workspace  string `json:"workspace"`
			Index      uint64 `json:"index"`
			DecisionID string `json:"decision_id"`
			Reason     string `json:"reason"`
		} `json:"broken_leaves"`
	} `json:"audit"`
}

// readyz reads /readyz without the OpenAPI check of http.DefaultClient:
// its 503 answer is asserted here field by field.
func readyz(t *testing.T, base string) (int, string, readyAnswer) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out readyAnswer
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("/readyz: %v: %s", err, raw)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), out
}

// gatedStore holds Workspaces until gate is closed, so a test sees the
// server while its first audit check runs.
type gatedStore struct {
	dz.Store
	gate chan struct{}
}

func (g gatedStore) Workspaces(ctx context.Context) ([]*dz.WorkspaceInfo, error) {
	select {
	case <-g.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.Store.Workspaces(ctx)
}

// A server checks its audit logs at start: /readyz stays 200 saying so
// while the first check runs, says "ok" once it passed, and answers 503
// naming the broken leaf once a record was changed in the database, even
// after the change is undone.
func TestAuditCheckAndReadyz(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dz.db")
	store, err := sqlite.Open(path, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store, key: seed(t, store, "acme"), other: seed(t, store, "other")}
	gate := make(chan struct{})
	srv := dzhttp.New(dzhttp.Config{Store: gatedStore{store, gate}, Now: func() time.Time { return testNow }, BaseURL: "http://dz.test"})
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	f.url = hs.URL

	if st, _, body := readyz(t, f.url); st != http.StatusOK || body.Audit.State != "off" {
		t.Fatalf("before any check: /readyz = %d %+v, want 200 and audit state off", st, body)
	}
	var ids []string
	for n := range 3 {
		status, dec := f.call(t, "POST", "/api/v1/decisions", f.key, strings.Replace(founding, `{"request"`, fmt.Sprintf(`{"request_id": "check-%d", "request"`, n), 1))
		if status != http.StatusCreated {
			t.Fatalf("POST = %d %v", status, dec)
		}
		ids = append(ids, dec["id"].(string))
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); srv.RunAuditCheck(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	waitAudit(t, f.url, "checking")
	close(gate)
	if body := waitAudit(t, f.url, "ok"); body.Audit.Records != 3 {
		t.Errorf("the check read %d records, want 3", body.Audit.Records)
	}

	// One character inside the middle record's committed reply.
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var fields string
	if err := db.QueryRow(`SELECT fields FROM audit_records WHERE decision_id = ?`, ids[1]).Scan(&fields); err != nil {
		t.Fatal(err)
	}
	j := storetest.LetterIn(fields, "reply")
	if j < 0 {
		t.Fatalf("no reply value in %s", fields)
	}
	tampered := fields[:j] + flipLetter(fields[j]) + fields[j+1:]
	setFields := func(v string) {
		t.Helper()
		if _, err := db.Exec(`UPDATE audit_records SET fields = ? WHERE decision_id = ?`, v, ids[1]); err != nil {
			t.Fatal(err)
		}
	}
	setFields(tampered)
	if err := srv.CheckAuditLogs(ctx); err != nil {
		t.Fatal(err)
	}
	assertBroken(t, f.url, 1, ids[1])

	setFields(fields) // undone: the log checks again, but it was altered
	if err := srv.CheckAuditLogs(ctx); err != nil {
		t.Fatal(err)
	}
	assertBroken(t, f.url, 1, ids[1])
}

// assertBroken checks /readyz's 503 answer names the leaf.
func assertBroken(t *testing.T, base string, index uint64, decisionID string) {
	t.Helper()
	st, ctype, body := readyz(t, base)
	if st != http.StatusServiceUnavailable || ctype != "application/problem+json" || body.Code != dzhttp.EAUDITBROKEN || body.Audit.State != "broken" {
		t.Fatalf("/readyz = %d %s %+v, want 503 problem+json, code audit_broken", st, ctype, body)
	}
	if len(body.Audit.Broken) != 1 {
		t.Fatalf("broken leaves %+v, want one", body.Audit.Broken)
	}
	b := body.Audit.Broken[0]
	if b.Workspace != "acme" || b.Index != index || b.DecisionID != decisionID || b.Reason == "" {
		t.Errorf("broken leaf %+v, want acme leaf %d decision %s with a reason", b, index, decisionID)
	}
	if !strings.Contains(body.Detail, decisionID) || !strings.Contains(body.Detail, "leaf 1") {
		t.Errorf("detail %q does not name the leaf", body.Detail)
	}
}

// waitAudit polls /readyz until its audit state is want; it must stay 200.
func waitAudit(t *testing.T, base, want string) readyAnswer {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, _, body := readyz(t, base)
		if st != http.StatusOK || body.Status != "ready" {
			t.Fatalf("/readyz = %d %+v, want 200 ready", st, body)
		}
		if body.Audit.State == want {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("audit state is %q after 20 s, want %q", body.Audit.State, want)
		}
		time.Sleep(10 * time.Millisecond) // poll
	}
}

// flipLetter changes an ASCII letter's case, or makes anything else an 'x'.
func flipLetter(b byte) string {
	switch {
	case b >= 'a' && b <= 'z':
		return string(b - 32)
	case b >= 'A' && b <= 'Z':
		return string(b + 32)
	case b == 'x':
		return "y"
	}
	return "x"
}
