package learn

import (
	"slices"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// TestResolvedEscalationIsHandledNextTime is the learning loop end to end
// on the demo workspace: a request that escalates for lack of support (no
// rule covers it, no similar case was decided, the sender is unknown) is
// resolved by the founder; the resolution becomes a precedent; the same
// request, decided again by an engine rebuilt on the new context, cites it
// and gets a better-supported outcome that proposes the founder's actions.
func TestResolvedEscalationIsHandledNextTime(t *testing.T) {
	tests := []struct {
		name    string
		request string
		res     dz.Resolution
	}{
		{name: "a downgrade question from an unknown sender, answered with a reply",
			request: "We'd like to downgrade from Operator to Starter from next month. How do we do that?",
			res: dz.Resolution{Outcome: dz.OutcomeExecute, Actions: []dz.Action{{Type: "reply"}},
				Reply: "You can switch plans yourself under Settings → Billing; Starter starts at your next renewal.",
				Note:  "Plan changes are self-serve: point them to Settings → Billing."}},
		{name: "a customer weighing leaving, offered a call with the founder",
			request: "We are thinking about leaving. What can you offer us to stay?",
			res: dz.Resolution{Outcome: dz.OutcomeExecute, Actions: []dz.Action{{Type: "offer_call", Params: map[string]any{"with": "founder"}}, {Type: "reply"}},
				Reply: "I'd like to hear what isn't working. Can we talk this week?",
				Note:  "Anyone thinking of leaving gets a call with me before anything else."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := demo(t)
			req := dz.Request{Request: tt.request}
			before := decide(t, ws, req, demoNow)
			if before.Decision.Decision != dz.OutcomeEscalate || len(hardStops(&before.Decision)) > 0 {
				t.Fatalf("before: %s with hard stops %v; want an escalation for lack of support", before.Decision.Decision, hardStops(&before.Decision))
			}
			if c := component(t, &before.Decision, "precedent_agreement"); c.Value != 0 {
				t.Errorf("before: precedent_agreement %v (%s), want 0: nothing supports a resolution", c.Value, c.Note)
			}
			if before.Confidence >= before.Trace.Risk.DraftFloor {
				t.Errorf("before: confidence %.3f is not below the draft floor %.2f", before.Confidence, before.Trace.Risk.DraftFloor)
			}

			p, err := PrecedentFrom(before, tt.res, "learned-"+before.ID, demoNow.Add(time.Hour))
			if err != nil {
				t.Fatalf("PrecedentFrom: %v", err)
			}
			entry, err := Entry(before.WorkspaceID, p)
			if err != nil {
				t.Fatalf("Entry: %v", err)
			}
			after := decide(t, withEntry(t, ws, entry), req, demoNow.Add(2*time.Hour))

			if !cites(&after.Decision, p.ID) {
				t.Errorf("after: does not cite %s; cites %v", p.ID, after.Trace.Precedents)
			}
			if after.Decision.Decision != dz.OutcomeDraft && after.Decision.Decision != dz.OutcomeExecute {
				t.Errorf("after: %s, want draft or execute (steps %q)", after.Decision.Decision, after.Trace.Steps)
			}
			if after.Confidence <= before.Confidence {
				t.Errorf("after: confidence %.3f, not above %.3f", after.Confidence, before.Confidence)
			}
			for _, a := range tt.res.Actions {
				if !slices.ContainsFunc(after.Actions, func(b dz.Action) bool { return b.Type == a.Type }) {
					t.Errorf("after: actions %v do not propose the founder's %s", after.Actions, a.Type)
				}
			}
		})
	}
}

// TestGuardrailsAreNeverLearnedAway: a hard stop escalates however the
// founder resolved the same case before.
func TestGuardrailsAreNeverLearnedAway(t *testing.T) {
	ws := demo(t)
	req := dz.Request{Request: "We're consolidating vendors and would like the annual payment of $3,132 we made on October 28 refunded, please.",
		Context: dz.RequestContext{Entity: "sequoia-freight"}}
	before := decide(t, ws, req, demoNow)
	if before.Decision.Decision != dz.OutcomeEscalate || !slices.Contains(hardStops(&before.Decision), "escalation/refund-over-1000") {
		t.Fatalf("before: %s with hard stops %v; want the refund-over-1000 hard stop", before.Decision.Decision, hardStops(&before.Decision))
	}
	p, err := PrecedentFrom(before, dz.Resolution{Outcome: dz.OutcomeExecute,
		Actions: []dz.Action{{Type: "refund", Params: map[string]any{"amount": 1000}}, {Type: "reply"}},
		Reply:   "We've refunded $1,000 of the annual payment.", Note: "Agreed on a call: $1,000 back, they stay until renewal."}, "learned-sequoia", demoNow.Add(time.Hour))
	if err != nil {
		t.Fatalf("PrecedentFrom: %v", err)
	}
	if p.Resolution != dz.ResolutionPartial {
		t.Errorf("resolution %s, want partial: $1,000 of $3,132 asked", p.Resolution)
	}
	entry, err := Entry(before.WorkspaceID, p)
	if err != nil {
		t.Fatalf("Entry: %v", err)
	}
	after := decide(t, withEntry(t, ws, entry), req, demoNow.Add(2*time.Hour))
	if !cites(&after.Decision, p.ID) {
		t.Errorf("after: does not cite %s", p.ID)
	}
	if after.Decision.Decision != dz.OutcomeEscalate || !slices.Contains(hardStops(&after.Decision), "escalation/refund-over-1000") || len(after.Actions) > 0 {
		t.Errorf("after: %s with actions %v and hard stops %v; the hard stop must still escalate", after.Decision.Decision, after.Actions, hardStops(&after.Decision))
	}
}
