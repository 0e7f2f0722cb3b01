package http_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/workspace"
)

// seedTB is seed for a fuzz target: a workspace with the demo context and
// a key for profile billing.
func seedTB(tb testing.TB, store dz.Store, slug string) string {
	tb.Helper()
	loaded, err := workspace.LoadDir("../../examples/acme-saas")
	if err != nil {
		tb.Fatal(err)
	}
	entries, err := workspace.Entries(loaded)
	if err != nil {
		tb.Fatal(err)
	}
	ws, err := store.CreateWorkspace(tb.Context(), slug, slug)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := store.PutContext(tb.Context(), ws.ID, entries); err != nil {
		tb.Fatal(err)
	}
	id, secret := dz.NewKeySecret()
	key := &dz.APIKey{ID: id, WorkspaceID: ws.ID, Name: "fuzz", Profiles: []string{"billing"}, CreatedAt: testNow}
	if err := store.CreateKey(tb.Context(), key, dz.HashSecret(secret)); err != nil {
		tb.Fatal(err)
	}
	return secret
}

// state is what a fuzzed request may write, per workspace: the newest
// decision, the feedback on the seeded decision, the context versions.
type state struct {
	newest   [2]string
	feedback int
	context  [2]string
}

// Reading the whole context is the slow part, so it is read only for
// requests to /api/v1/context…, the only handlers that write it.
func (e *fuzzEnv) snapshot(t *testing.T, withContext bool) state {
	t.Helper()
	ctx := t.Context()
	var s state
	for i, ws := range e.ws {
		recs, _, err := e.store.Decisions(ctx, dz.DecisionFilter{WorkspaceID: ws, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) > 0 {
			s.newest[i] = recs[0].ID + " " + recs[0].Status + " " + recs[0].UpdatedAt.String()
		}
		if !withContext {
			continue
		}
		entries, err := e.store.Context(ctx, ws)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, en := range entries {
			fmt.Fprintf(&b, "%s/%s@%d ", en.Type, en.ID, en.Version)
		}
		s.context[i] = b.String()
	}
	fbs, err := e.store.Feedback(ctx, e.ws[0], e.decisionID)
	if err != nil {
		t.Fatal(err)
	}
	s.feedback = len(fbs)
	return s
}

// checkWrites: state changes only with a 2xx, only in the workspace of the
// key that sent the request, and a 201 decision is the newest one stored.
func checkWrites(t *testing.T, e *fuzzEnv, auth uint8, status int, raw []byte, before, after state, what string) {
	t.Helper()
	ok := status >= 200 && status < 300
	for i := range 2 {
		changed := before.newest[i] != after.newest[i] || before.context[i] != after.context[i] || (i == 0 && before.feedback != after.feedback)
		switch {
		case changed && !ok:
			t.Fatalf("workspace %d changed, but the answer was %d: %s", i, status, what)
		case changed && int(auth) != i+1:
			t.Fatalf("workspace %d changed by a request without its key: %s", i, what)
		}
	}
	if status != 201 || !strings.HasPrefix(what, "POST /api/v1/decisions ") || auth < 1 || auth > 2 {
		return
	}
	var dec dz.Decision
	if err := json.Unmarshal(raw, &dec); err != nil || !strings.HasPrefix(after.newest[auth-1], dec.ID+" ") {
		t.Fatalf("a 201 decision is not the newest stored (%q): %s", after.newest[auth-1], what)
	}
}
