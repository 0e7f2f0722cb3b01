package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// testDashboardQueries: the filters the dashboard lists decisions by
// (intent, words, unreviewed, a date range), the workspace's feedback by
// kind with a resolution's actions, and an entry's version history.
func testDashboardQueries(t *testing.T, open opener) {
	s := open(t)
	ws := workspace(t, s, "acme")
	other := workspace(t, s, "other")
	for i := range 6 {
		rec := decision(ws.ID, fmt.Sprintf("dec_%02d", i), "")
		rec.CreatedAt = base.Add(time.Duration(i) * time.Hour)
		rec.Intent = []string{"refund", "sla_credit"}[i%2]
		rec.Request.Request = []string{"please refund 50% now", "credit for the outage", "refund_all"}[i%3]
		_, _, err := s.CreateDecision(ctx(t), rec, nil)
		must(t, err)
	}
	_, _, err := s.CreateDecision(ctx(t), decision(other.ID, "dec_x", ""), nil)
	must(t, err)
	must(t, s.AddFeedback(ctx(t), &dz.Feedback{WorkspaceID: ws.ID, DecisionID: "dec_01", Kind: "approve"}, nil))
	resolve := &dz.Feedback{WorkspaceID: ws.ID, DecisionID: "dec_02", Kind: "resolve", Outcome: dz.OutcomeExecute,
		Response: "Refunded.", Actions: []dz.Action{{Type: "refund", Params: map[string]any{"amount": 145.0}}}, Precedent: "founder-dec_02", AsProposed: true}
	must(t, s.AddFeedback(ctx(t), resolve, nil))
	must(t, s.AddFeedback(ctx(t), &dz.Feedback{WorkspaceID: ws.ID, DecisionID: "dec_03", Kind: "reject", Note: "too generous"}, nil))
	wantCode(t, s.AddFeedback(ctx(t), &dz.Feedback{WorkspaceID: ws.ID, DecisionID: "dec_04", Kind: "resolve"}, nil), dz.EINVALID)

	for _, tc := range []struct {
		name string
		f    dz.DecisionFilter
		want []string
	}{
		{"intent", dz.DecisionFilter{Intent: "refund"}, []string{"dec_04", "dec_02", "dec_00"}},
		{"unreviewed", dz.DecisionFilter{Unreviewed: true}, []string{"dec_05", "dec_04", "dec_00"}},
		{"words, all of them", dz.DecisionFilter{Query: "refund 50%"}, []string{"dec_03", "dec_00"}},
		{"a LIKE wildcard is a plain character", dz.DecisionFilter{Query: "refund_"}, []string{"dec_05", "dec_02"}},
		{"until is exclusive", dz.DecisionFilter{Until: base.Add(2 * time.Hour)}, []string{"dec_01", "dec_00"}},
		{"range and intent", dz.DecisionFilter{Since: base.Add(time.Hour), Until: base.Add(5 * time.Hour), Intent: "sla_credit"}, []string{"dec_03", "dec_01"}},
	} {
		tc.f.WorkspaceID = ws.ID
		recs, _, err := s.Decisions(ctx(t), tc.f)
		must(t, err)
		var got []string
		for _, r := range recs {
			got = append(got, r.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	recs, _, err := s.Decisions(ctx(t), dz.DecisionFilter{WorkspaceID: ws.ID, Intent: "refund", Limit: 1})
	must(t, err)
	if recs[0].Intent != "refund" {
		t.Errorf("stored intent = %q", recs[0].Intent)
	}

	all, err := s.WorkspaceFeedback(ctx(t), dz.FeedbackFilter{WorkspaceID: ws.ID})
	must(t, err)
	if len(all) != 3 || all[0].Kind != "reject" || all[2].Kind != "approve" {
		t.Fatalf("WorkspaceFeedback = %d entries (%v), want 3, newest first", len(all), all)
	}
	got, err := s.WorkspaceFeedback(ctx(t), dz.FeedbackFilter{WorkspaceID: ws.ID, Kinds: []string{"resolve", "reject"}, Limit: 5})
	must(t, err)
	if len(got) != 2 || got[1].Kind != "resolve" || len(got[1].Actions) != 1 || got[1].Actions[0].Params["amount"] != 145.0 || got[1].Precedent != "founder-dec_02" {
		t.Fatalf("resolutions = %+v, want the resolve with its actions and precedent", got)
	}
	if none, _ := s.WorkspaceFeedback(ctx(t), dz.FeedbackFilter{WorkspaceID: other.ID}); len(none) != 0 {
		t.Errorf("another workspace sees %d feedback entries", len(none))
	}

	counts, err := s.AutonomyCounts(ctx(t), ws.ID)
	must(t, err)
	want := []dz.AutonomyCount{
		{Intent: "refund", RiskLevel: "low", Outcome: dz.OutcomeDraft, Decisions: 3, Reviewed: 1, Resolved: 1, AsProposed: 1},
		{Intent: "sla_credit", RiskLevel: "low", Outcome: dz.OutcomeDraft, Decisions: 3, Reviewed: 2, Approved: 1},
	}
	if !slices.Equal(counts, want) {
		t.Errorf("AutonomyCounts = %+v\nwant %+v", counts, want)
	}
	if !got[1].AsProposed {
		t.Error("a resolve's as_proposed did not round-trip")
	}

	must1(t, s, ws.ID, entry(dz.TypePolicy, "refunds", 1))
	must1(t, s, ws.ID, entry(dz.TypePolicy, "refunds", 2))
	versions, err := s.ContextVersions(ctx(t), ws.ID, dz.TypePolicy, "refunds")
	must(t, err)
	if len(versions) != 2 || versions[0].Version != 1 || versions[1].Version != 2 {
		t.Fatalf("ContextVersions = %v", versions)
	}
	_, err = s.ContextVersions(ctx(t), other.ID, dz.TypePolicy, "refunds")
	wantCode(t, err, dz.ENOTFOUND)
}

func must1(t *testing.T, s dz.Store, wsID int64, e dz.ContextEntry) {
	t.Helper()
	_, err := s.PutContext(ctx(t), wsID, []dz.ContextEntry{e})
	must(t, err)
}

// testAutonomyCounts: a draft counts as approved only when approved and
// never edited, rejected or overridden; an escalation's as-proposed count
// follows its latest resolution; pending decisions and other workspaces'
// reviews do not count.
func testAutonomyCounts(t *testing.T, open opener) {
	s := open(t)
	ws := workspace(t, s, "acme")
	other := workspace(t, s, "other")
	for i, outcome := range []dz.Outcome{dz.OutcomeDraft, dz.OutcomeDraft, dz.OutcomeEscalate, dz.OutcomeEscalate, dz.OutcomeEscalate} {
		rec := decision(ws.ID, fmt.Sprintf("dec_%d", i+1), "")
		rec.Intent, rec.Decision.Decision = "refund", outcome
		_, _, err := s.CreateDecision(ctx(t), rec, nil)
		must(t, err)
	}
	pending := decision(ws.ID, "dec_pending", "")
	pending.Intent, pending.Status, pending.Decision.Decision = "refund", dz.StatusPending, ""
	_, _, err := s.CreateDecision(ctx(t), pending, nil)
	must(t, err)
	theirs := decision(other.ID, "dec_1", "") // the same id in another workspace
	theirs.Intent = "refund"
	_, _, err = s.CreateDecision(ctx(t), theirs, nil)
	must(t, err)

	review := func(wsID int64, id, kind string, asProposed bool) {
		t.Helper()
		f := &dz.Feedback{WorkspaceID: wsID, DecisionID: id, Kind: kind, AsProposed: asProposed}
		switch kind {
		case "edit":
			f.Response = "Edited."
		case "resolve", "override":
			f.Outcome, f.Response = dz.OutcomeExecute, "Done."
		}
		must(t, s.AddFeedback(ctx(t), f, nil))
	}
	review(ws.ID, "dec_1", "approve", false)
	review(ws.ID, "dec_2", "approve", false)
	review(ws.ID, "dec_2", "edit", false) // approved, then changed: not approved as written
	review(ws.ID, "dec_3", "resolve", true)
	review(ws.ID, "dec_3", "override", false) // the latest resolution differs from the proposal
	review(ws.ID, "dec_4", "resolve", false)
	review(ws.ID, "dec_4", "resolve", true)
	review(other.ID, "dec_1", "reject", false)

	counts, err := s.AutonomyCounts(ctx(t), ws.ID)
	must(t, err)
	want := []dz.AutonomyCount{
		{Intent: "refund", RiskLevel: "low", Outcome: dz.OutcomeDraft, Decisions: 2, Reviewed: 2, Approved: 1},
		{Intent: "refund", RiskLevel: "low", Outcome: dz.OutcomeEscalate, Decisions: 3, Reviewed: 2, Resolved: 2, AsProposed: 1},
	}
	if !slices.Equal(counts, want) {
		t.Errorf("AutonomyCounts = %+v\nwant %+v", counts, want)
	}
}
