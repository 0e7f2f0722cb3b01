package engine

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// planChange is a precedent for an intent no policy covers.
func planChange(resolution string, actions ...dz.Action) *dz.Precedent {
	return &dz.Precedent{Meta: dz.Meta{ID: "p-annual"}, Intent: "plan_change", Summary: "Customer asked to move to the annual plan",
		Facts: map[string]any{"plan": "Operator", "mrr": 290.0}, Resolution: resolution, Actions: actions}
}

// withPlanChange adds the workspace intent plan_change.
func withPlanChange(ws *dz.Workspace) *dz.Workspace {
	ws.Settings.Intents = append(ws.Settings.Intents, dz.IntentDef{Name: "plan_change", Keywords: []string{"annual plan"}})
	return ws
}

func TestPrecedentsGuideWhereNoPolicySpeaks(t *testing.T) {
	req := dz.Request{Request: "Can we move to the annual plan?", Context: dz.RequestContext{Entity: "brightlane", Type: "plan_change"}}
	switchPlan := dz.Action{Type: "switch_plan", Params: map[string]any{"billing": "annual"}}
	tests := []struct {
		name       string
		change     func(*dz.Workspace)
		wantAction string // "": no resolution action proposed
		wantIn     string // in the proposals
		agreement  float64
	}{
		{name: "no rule and no precedent: nothing supports a resolution", change: func(*dz.Workspace) {}, agreement: 0},
		{name: "the founder's precedent is followed", change: func(ws *dz.Workspace) {
			ws.Precedents = append(ws.Precedents, planChange(dz.ResolutionApproved, switchPlan))
		},
			wantAction: "switch_plan", wantIn: "no policy covers plan_change requests; precedent p-annual", agreement: 1},
		{name: "a declined precedent proposes nothing", change: func(ws *dz.Workspace) { ws.Precedents = append(ws.Precedents, planChange(dz.ResolutionDeclined)) },
			wantIn: "was declined", agreement: 1},
		{name: "a policy for the intent governs, even when its rule does not hold", change: func(ws *dz.Workspace) {
			ws.Precedents = append(ws.Precedents, planChange(dz.ResolutionApproved, switchPlan))
			ws.Policies = append(ws.Policies, &dz.Policy{Meta: dz.Meta{ID: "plans"}, Title: "Plans", Scope: dz.Scope{Intents: []string{"plan_change"}},
				Rules: []dz.Rule{{ID: "downgrade", When: `request.text.contains("downgrade")`, Effect: dz.EffectDefault, Action: "switch_plan"}}})
		}, agreement: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := withPlanChange(smallWorkspace())
			tt.change(ws)
			dec := decide(t, ws, &req)
			var got string
			for _, a := range dec.Actions {
				if a.Type != "reply" {
					got = a.Type
				}
			}
			if got != tt.wantAction {
				t.Errorf("proposed %q (actions %v), want %q", got, dec.Actions, tt.wantAction)
			}
			if !strings.Contains(strings.Join(dec.Trace.Proposals, "\n"), tt.wantIn) {
				t.Errorf("proposals %q do not mention %q", dec.Trace.Proposals, tt.wantIn)
			}
			if c := componentOf(dec, "precedent_agreement"); c.Value != tt.agreement {
				t.Errorf("precedent_agreement %v (%s), want %v", c.Value, c.Note, tt.agreement)
			}
		})
	}
}

// TestFollowedPrecedentNeverExecutes: however confident, a resolution only
// a precedent proposes is drafted for the founder.
func TestFollowedPrecedentNeverExecutes(t *testing.T) {
	ws := withPlanChange(smallWorkspace())
	ws.Precedents = append(ws.Precedents, planChange(dz.ResolutionApproved, dz.Action{Type: "switch_plan"}))
	low := 0.1
	dec := decide(t, ws, &dz.Request{Request: "Can we move to the annual plan?", Instructions: dz.Instructions{ConfidenceThreshold: &low},
		Context: dz.RequestContext{Entity: "brightlane", Type: "plan_change"}})
	if dec.Decision != dz.OutcomeDraft || !strings.Contains(strings.Join(dec.Trace.Steps, "\n"), "no policy covers plan_change requests and precedent p-annual proposed the resolution: drafted") {
		t.Errorf("decision %s, steps %q; want a draft that says why", dec.Decision, dec.Trace.Steps)
	}
}

// TestEscalationKeepsItsProposalInTheTrace: an escalation carries no
// actions, but the trace says what the engine would have done.
func TestEscalationKeepsItsProposalInTheTrace(t *testing.T) {
	req := insideWindow
	req.Instructions.Force = dz.OutcomeEscalate
	dec := decide(t, smallWorkspace(), &req)
	if dec.Decision != dz.OutcomeEscalate || len(dec.Actions) != 0 {
		t.Fatalf("decision %s with actions %v, want an escalation with none", dec.Decision, dec.Actions)
	}
	if len(dec.Trace.Proposed) != 1 || dec.Trace.Proposed[0].Type != "refund" || dec.Trace.Proposed[0].Params["amount"] != 120.0 {
		t.Errorf("trace.proposed = %v, want the $120 refund", dec.Trace.Proposed)
	}
}
