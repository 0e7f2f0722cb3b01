package storetest

import (
	"testing"

	"github.com/delegatezero/dz"
)

// testIsolation gives every method workspace B's id and workspace A's
// names: nothing of A may be seen or changed.
func testIsolation(t *testing.T, open opener) {
	s := open(t)
	a, b := workspace(t, s, "acme"), workspace(t, s, "globex")
	must(t, s.CreateKey(ctx(t), &dz.APIKey{ID: "dzk_a", WorkspaceID: a.ID, Name: "a"}, "hash-a"))
	_, err := s.PutContext(ctx(t), a.ID, []dz.ContextEntry{entry(dz.TypeEntity, "acme", 1)})
	must(t, err)
	_, _, err = s.CreateDecision(ctx(t), decision(a.ID, "dec_a", "req-a"), nil)
	must(t, err)
	must(t, s.AddFeedback(ctx(t), &dz.Feedback{WorkspaceID: a.ID, DecisionID: "dec_a", Kind: "approve"}, nil))
	snapshot := isolationSnapshot(t, s, a.ID)

	probes := []struct {
		name string
		do   func() error
		code string
	}{
		{"RevokeKey", func() error { return s.RevokeKey(ctx(t), b.ID, "dzk_a") }, dz.ENOTFOUND},
		{"ContextVersion", func() error {
			_, err := s.ContextVersion(ctx(t), b.ID, dz.TypeEntity, "acme", 1)
			return err
		}, dz.ENOTFOUND},
		{"Decision", func() error { _, err := s.Decision(ctx(t), b.ID, "dec_a"); return err }, dz.ENOTFOUND},
		{"UpdateDecision", func() error { return s.UpdateDecision(ctx(t), decision(b.ID, "dec_a", "req-a"), nil) }, dz.ENOTFOUND},
		{"AddFeedback", func() error {
			return s.AddFeedback(ctx(t), &dz.Feedback{WorkspaceID: b.ID, DecisionID: "dec_a", Kind: "reject"}, nil)
		}, dz.ENOTFOUND},
		{"Feedback", func() error { _, err := s.Feedback(ctx(t), b.ID, "dec_a"); return err }, dz.ENOTFOUND},
		{"ListKeys", func() error { return wantEmpty(s.ListKeys(ctx(t), b.ID)) }, ""},
		{"Context", func() error { return wantEmpty(s.Context(ctx(t), b.ID)) }, ""},
		{"Decisions", func() error {
			recs, _, err := s.Decisions(ctx(t), dz.DecisionFilter{WorkspaceID: b.ID})
			return wantEmpty(recs, err)
		}, ""},
		{"PutContext same id", func() error {
			_, err := s.PutContext(ctx(t), b.ID, []dz.ContextEntry{entry(dz.TypeEntity, "acme", 2), tombstone(dz.TypeEntity, "acme")})
			return err
		}, ""},
		{"CreateDecision same ids", func() error {
			rec := decision(b.ID, "dec_a", "req-a")
			rec.RequestHash = "sha256:other"
			_, created, err := s.CreateDecision(ctx(t), rec, nil)
			if err == nil && !created {
				return dz.Errorf(dz.ECONFLICT, "B's decision was answered with A's")
			}
			return err
		}, ""},
	}
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			wantCode(t, p.do(), p.code)
			sameJSON(t, "workspace A", isolationSnapshot(t, s, a.ID), snapshot)
		})
	}
}

// wantEmpty turns a non-empty list into an error.
func wantEmpty[T any](list []T, err error) error {
	if err == nil && len(list) > 0 {
		return dz.Errorf(dz.ECONFLICT, "saw %d items of another workspace", len(list))
	}
	return err
}

// isolationSnapshot is everything workspace A holds, as one value.
func isolationSnapshot(t *testing.T, s dz.Store, wsID int64) map[string]any {
	t.Helper()
	keys, err := s.ListKeys(ctx(t), wsID)
	must(t, err)
	entries, err := s.Context(ctx(t), wsID)
	must(t, err)
	dec, err := s.Decision(ctx(t), wsID, "dec_a")
	must(t, err)
	fbs, err := s.Feedback(ctx(t), wsID, "dec_a")
	must(t, err)
	_, err = s.KeyByHash(ctx(t), "hash-a")
	must(t, err)
	return map[string]any{"keys": keys, "context": entries, "decision": dec, "feedback": fbs}
}
