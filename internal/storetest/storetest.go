// Package storetest is the conformance suite every dz.Store must pass:
// internal/sqlite and internal/postgres run it, so both databases behave
// the same way, error codes included.
package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// opener returns a fresh, empty store; the suite calls it once per subtest.
type opener = func(t *testing.T) dz.Store

// Run holds a store implementation to the dz.Store contract.
func Run(t *testing.T, open func(t *testing.T) dz.Store) {
	t.Run("Workspaces", func(t *testing.T) { testWorkspaces(t, open) })
	t.Run("Keys", func(t *testing.T) { testKeys(t, open) })
	t.Run("Context", func(t *testing.T) { testContext(t, open) })
	t.Run("Decisions", func(t *testing.T) { testDecisions(t, open) })
	t.Run("DecisionList", func(t *testing.T) { testDecisionList(t, open) })
	t.Run("Feedback", func(t *testing.T) { testFeedback(t, open) })
	t.Run("Jobs", func(t *testing.T) { testJobs(t, open) })
	t.Run("Isolation", func(t *testing.T) { testIsolation(t, open) })
	t.Run("Text", func(t *testing.T) { testText(t, open) })
	t.Run("Webhooks", func(t *testing.T) { testWebhooks(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("DashboardQueries", func(t *testing.T) { testDashboardQueries(t, open) })
	t.Run("AutonomyCounts", func(t *testing.T) { testAutonomyCounts(t, open) })
	t.Run("Audit", func(t *testing.T) { testAudit(t, open) })
}

// ctx returns a context that ends with the test.
func ctx(t *testing.T) context.Context {
	t.Helper()
	return t.Context()
}

// wantCode fails the test unless err carries the dz error code want ("" for nil).
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := dz.ErrorCode(err); got != want {
		t.Fatalf("error code = %q, want %q (err: %v)", got, want, err)
	}
}

// must fails the test on a non-nil error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// workspace creates a workspace with the given slug.
func workspace(t *testing.T, s dz.Store, slug string) *dz.WorkspaceInfo {
	t.Helper()
	ws, err := s.CreateWorkspace(ctx(t), slug, "Workspace "+slug)
	must(t, err)
	return ws
}

// base is a fixed instant the suite's records are dated from, in whole
// microseconds, the precision both databases keep.
var base = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// decision returns a record ready to store: id, workspace, a request and a
// completed decision. requestID may be "".
func decision(wsID int64, id, requestID string) *dz.DecisionRecord {
	req := dz.Request{Request: "refund please " + id, RequestID: requestID}
	return &dz.DecisionRecord{
		Decision: dz.Decision{
			ID: id, Status: dz.StatusComplete, Decision: dz.OutcomeDraft, Confidence: 0.75,
			Title: "Refund " + id, Response: "Hello", RiskLevel: "low",
			Actions:  []dz.Action{{Type: "refund", Params: map[string]any{"amount": 12.5}}},
			Metadata: map[string]any{"ticket": "T-1"},
		},
		WorkspaceID: wsID,
		Request:     req,
		RequestHash: "sha256:" + id,
		Entity:      "acme",
	}
}

// sameJSON fails the test unless a and b marshal to equal JSON values.
func sameJSON(t *testing.T, what string, got, want any) {
	t.Helper()
	g, w := canon(t, got), canon(t, want)
	if g != w {
		t.Fatalf("%s differs:\n got: %s\nwant: %s", what, g, w)
	}
}

// canon marshals v and re-marshals it through any, so key order and
// whitespace do not matter.
func canon(t *testing.T, v any) string {
	t.Helper()
	raw, ok := v.(json.RawMessage)
	if !ok {
		var err error
		if raw, err = json.Marshal(v); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	}
	var x any
	if err := json.Unmarshal(raw, &x); err != nil {
		t.Fatalf("unmarshal %s: %v", raw, err)
	}
	out, err := json.Marshal(x)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	return string(out)
}

// job returns a webhook job with the given key.
func job(key string) dz.Job {
	return dz.Job{Kind: "webhook", Key: key, Payload: json.RawMessage(fmt.Sprintf(`{"key": %q}`, key))}
}
