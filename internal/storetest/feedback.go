package storetest

import (
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// testFeedback covers recording feedback, its kinds, order and jobs.
func testFeedback(t *testing.T, open opener) {
	s := open(t)
	ws := workspace(t, s, "acme")
	_, _, err := s.CreateDecision(ctx(t), decision(ws.ID, "dec_1", ""), nil)
	must(t, err)
	cases := []struct {
		name string
		fb   dz.Feedback
		code string
	}{
		{"approve", dz.Feedback{Kind: "approve", Note: "fine"}, ""},
		{"edit", dz.Feedback{Kind: "edit", Response: "Hi there"}, ""},
		{"override", dz.Feedback{Kind: "override", Outcome: dz.OutcomeEscalate, Note: "ask me"}, ""},
		{"reject", dz.Feedback{Kind: "reject"}, ""},
		{"unknown kind", dz.Feedback{Kind: "like"}, dz.EINVALID},
		{"override without outcome", dz.Feedback{Kind: "override"}, dz.EINVALID},
		{"unknown decision", dz.Feedback{Kind: "approve", DecisionID: "dec_9"}, dz.ENOTFOUND},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fb := tc.fb
			fb.WorkspaceID = ws.ID
			if fb.DecisionID == "" {
				fb.DecisionID = "dec_1"
			}
			err := s.AddFeedback(ctx(t), &fb, []dz.Job{job("fb-" + tc.name)})
			wantCode(t, err, tc.code)
			if err == nil && (fb.ID == 0 || fb.CreatedAt.IsZero()) {
				t.Fatalf("AddFeedback did not fill id and created_at: %+v", fb)
			}
		})
	}
	t.Run("listed oldest first", func(t *testing.T) {
		got, err := s.Feedback(ctx(t), ws.ID, "dec_1")
		must(t, err)
		var kinds []string
		for _, fb := range got {
			kinds = append(kinds, fb.Kind)
			if fb.WorkspaceID != ws.ID || fb.DecisionID != "dec_1" || fb.CreatedAt.IsZero() {
				t.Errorf("feedback %+v", fb)
			}
		}
		sameJSON(t, "kinds", kinds, []string{"approve", "edit", "override", "reject"})
		if got[1].Response != "Hi there" || got[2].Outcome != dz.OutcomeEscalate || got[2].Note != "ask me" {
			t.Fatalf("fields lost: %+v %+v", got[1], got[2])
		}
	})
	t.Run("unknown decision", func(t *testing.T) {
		_, err := s.Feedback(ctx(t), ws.ID, "dec_9")
		wantCode(t, err, dz.ENOTFOUND)
	})
	t.Run("jobs of accepted feedback only", func(t *testing.T) {
		jobs, err := s.ClaimJobs(ctx(t), "webhook", 100, time.Hour)
		must(t, err)
		var keys []string
		for _, j := range jobs {
			keys = append(keys, j.Key)
		}
		sameJSON(t, "job keys", keys, []string{"fb-approve", "fb-edit", "fb-override", "fb-reject"})
	})
}
