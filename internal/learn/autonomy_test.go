package learn

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/delegatezero/dz"
)

// record is a hand-made decision record.
func record(id, intent, risk string, outcome dz.Outcome, actions, proposed []dz.Action) *dz.DecisionRecord {
	return &dz.DecisionRecord{Intent: intent, Decision: dz.Decision{ID: id, Status: dz.StatusComplete, Decision: outcome, RiskLevel: risk,
		Actions: actions, Trace: &dz.Trace{Proposed: proposed}}}
}

func fb(id, kind string, outcome dz.Outcome, minute int, actions ...dz.Action) *dz.Feedback {
	return &dz.Feedback{DecisionID: id, Kind: kind, Outcome: outcome, Actions: actions, CreatedAt: time.Date(2026, 11, 16, 15, minute, 0, 0, time.UTC)}
}

func TestAutonomy(t *testing.T) {
	refund := func(amount float64) dz.Action {
		return dz.Action{Type: "refund", Params: map[string]any{"amount": amount}}
	}
	reply := dz.Action{Type: "reply"}
	decisions := []*dz.DecisionRecord{
		record("d1", "refund", "low", dz.OutcomeDraft, []dz.Action{refund(49)}, nil),           // approved as is
		record("d2", "refund", "low", dz.OutcomeDraft, []dz.Action{refund(49)}, nil),           // edited, then approved
		record("d3", "refund", "low", dz.OutcomeDraft, []dz.Action{refund(49)}, nil),           // not reviewed yet
		record("d4", "refund", "low", dz.OutcomeExecute, []dz.Action{refund(49)}, nil),         // autonomous
		record("e1", "refund", "high", dz.OutcomeEscalate, nil, []dz.Action{refund(145)}),      // resolved as proposed, with a reply
		record("e2", "refund", "high", dz.OutcomeEscalate, nil, []dz.Action{refund(145)}),      // resolved with another amount
		record("e3", "refund", "high", dz.OutcomeEscalate, nil, []dz.Action{refund(145)}),      // overridden: go ahead
		record("e4", "complaint", "sensitive", dz.OutcomeEscalate, nil, nil),                   // refused as the engine would have
		record("e5", "complaint", "sensitive", dz.OutcomeEscalate, nil, nil),                   // resolved with money nobody proposed
		record("e6", "complaint", "sensitive", dz.OutcomeDraft, []dz.Action{reply}, nil),       // rejected
		{Decision: dz.Decision{ID: "x1", Status: dz.StatusPending, Decision: dz.OutcomeDraft}}, // not counted
		{Decision: dz.Decision{ID: "x2", Status: dz.StatusComplete, Decision: dz.OutcomeDraft, DryRun: true}, Intent: "refund"},
	}
	feedback := map[string][]*dz.Feedback{
		"d1": {fb("d1", "approve", "", 1)},
		"d2": {fb("d2", "edit", "", 1), fb("d2", "approve", "", 2)},
		"e1": {fb("e1", "resolve", dz.OutcomeExecute, 1, refund(145), reply)},
		"e2": {fb("e2", "resolve", dz.OutcomeExecute, 1, refund(145)), fb("e2", "resolve", dz.OutcomeExecute, 5, refund(100))},
		"e3": {fb("e3", "override", dz.OutcomeExecute, 1)},
		"e4": {fb("e4", "resolve", dz.OutcomeRefuse, 1, reply)},
		"e5": {fb("e5", "resolve", dz.OutcomeExecute, 1, refund(20))},
		"e6": {fb("e6", "reject", "", 1)},
	}
	want := []AutonomyRow{
		{Intent: "complaint", RiskLevel: "sensitive", Decisions: 3, Drafts: 1, DraftsReviewed: 1, DraftsApproved: 0, DraftApprovalRate: 0,
			Escalations: 2, EscalationsResolved: 2, EscalationsAsProposed: 1, EscalationAgreementRate: 0.5},
		{Intent: "refund", RiskLevel: "high", Decisions: 3, Escalations: 3, EscalationsResolved: 3, EscalationsAsProposed: 2, EscalationAgreementRate: 0.667},
		{Intent: "refund", RiskLevel: "low", Decisions: 4, Drafts: 3, DraftsReviewed: 2, DraftsApproved: 1, DraftApprovalRate: 0.5},
	}
	if d := cmp.Diff(want, Autonomy(decisions, feedback)); d != "" {
		t.Errorf("Autonomy (-want +got):\n%s", d)
	}
	if got := Autonomy(nil, nil); len(got) != 0 {
		t.Errorf("Autonomy of nothing = %v", got)
	}
}

func TestCorrectionFrom(t *testing.T) {
	_, rec := founding(t)
	at := demoNow.Add(time.Hour)
	for _, tt := range []struct {
		kind string
		ok   bool
	}{{"edit", true}, {"reject", true}, {"override", true}, {"approve", false}, {"resolve", false}} {
		t.Run(tt.kind, func(t *testing.T) {
			c, ok := CorrectionFrom(rec, &dz.Feedback{DecisionID: rec.ID, Kind: tt.kind, Note: "too generous", CreatedAt: at})
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			want := &dz.Correction{DecisionID: rec.ID, Kind: tt.kind, Intent: "refund", Entity: "brightline", Facts: CaseFacts(rec.Trace),
				Outcome: rec.Decision.Decision, Note: "too generous", WorkspaceHash: rec.Trace.WorkspaceHash, At: at}
			if d := cmp.Diff(want, c); d != "" {
				t.Errorf("correction (-want +got):\n%s", d)
			}
		})
	}
	if _, ok := CorrectionFrom(rec, &dz.Feedback{DecisionID: "dec_other", Kind: "edit"}); ok {
		t.Error("feedback on another decision made a correction")
	}
}

// TestCorrectionDraftsTheSameRequest is the correction loop on the demo
// workspace: the founder edits an executed refund; the same request then
// drafts, with lower confidence, and the trace says why.
func TestCorrectionDraftsTheSameRequest(t *testing.T) {
	ws := demo(t)
	req := dz.Request{Request: "Hi, could I get a refund for the $49 you charged on November 3? We barely used it this month.", Context: dz.RequestContext{Entity: "juniper-yoga"}}
	first := decide(t, ws, req, demoNow)
	if first.Decision.Decision != dz.OutcomeExecute {
		t.Fatalf("first: %s, want execute", first.Decision.Decision)
	}
	c, ok := CorrectionFrom(first, &dz.Feedback{DecisionID: first.ID, Kind: "edit", CreatedAt: demoNow})
	if !ok {
		t.Fatal("no correction")
	}
	again := decide(t, ws, req, demoNow.Add(time.Hour), engineWithCorrections(c))
	if again.Decision.Decision != dz.OutcomeDraft || again.Confidence >= first.Confidence {
		t.Errorf("again: %s at %.3f; want a draft below %.3f", again.Decision.Decision, again.Confidence, first.Confidence)
	}
	if n := component(t, &again.Decision, "recent_corrections"); n.Value >= 0.2 {
		t.Errorf("recent_corrections %v (%s)", n.Value, n.Note)
	}
}
