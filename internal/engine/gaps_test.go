package engine

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

func TestGapsAfterALowConfidenceDecision(t *testing.T) {
	stalePolicy := func(ws *dz.Workspace) {
		ws.Settings.StalenessDays = 365
		ws.Policies[0].Updated = testNow.AddDate(-2, 0, 0)
	}
	unreadable := func(ws *dz.Workspace) {
		ws.Policies = append(ws.Policies, &dz.Policy{Meta: dz.Meta{ID: "contracts"}, Title: "Contracts",
			Rules: []dz.Rule{{ID: "annual", When: `facts.contract_type == "annual"`, Effect: dz.EffectHardStop, Message: "Annual contracts are mine."}}})
	}
	strict := 0.99
	tests := []struct {
		name   string
		change func(*dz.Workspace)
		req    dz.Request
		want   []dz.ContextType // in order; nil: no gaps
		in     string           // a word the questions contain
	}{
		{name: "confident: no gaps", req: insideWindow},
		{name: "no similar precedent", req: dz.Request{Request: "Can we move to the annual plan?", Context: dz.RequestContext{Entity: "brightlane"}},
			want: []dz.ContextType{dz.TypePrecedent}, in: "How would you handle a request like this one?"},
		{name: "unknown sender", req: dz.Request{Request: "From: sam@unknown.example. Can we move to the annual plan?"},
			want: []dz.ContextType{dz.TypePrecedent, dz.TypeEntity}, in: "sam@unknown.example"},
		{name: "stale policy", change: stalePolicy, req: dz.Request{Request: "Refund me, you were down for hours", Instructions: dz.Instructions{ConfidenceThreshold: &strict},
			Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"outage_claimed": true, "amount": 290.0}}},
			want: []dz.ContextType{dz.TypePolicy}, in: "Policy refunds has not changed"},
		{name: "a fact no rule could read", change: unreadable, req: dz.Request{Request: "Can we move to the annual plan?", Context: dz.RequestContext{Entity: "brightlane"}},
			want: []dz.ContextType{dz.TypePrecedent, dz.TypeSource}, in: "contract type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := smallWorkspace()
			if tt.change != nil {
				tt.change(ws)
			}
			dec := decide(t, ws, &tt.req)
			var got []dz.ContextType
			var questions []string
			for i, g := range dec.Gaps {
				got = append(got, g.Type)
				questions = append(questions, g.Question)
				if want := "gap-" + string(rune('1'+i)); g.ID != want || g.Question == "" || g.Hint == "" {
					t.Errorf("gap %d = %+v, want id %s with a question and a hint", i, g, want)
				}
			}
			if strings.Join(typeNames(got), ",") != strings.Join(typeNames(tt.want), ",") {
				t.Fatalf("gaps %v (confidence %.3f, threshold %.2f), want %v", got, dec.Confidence, dec.Trace.Risk.Threshold, tt.want)
			}
			if len(tt.want) > 0 && dec.Confidence >= dec.Trace.Risk.Threshold {
				t.Errorf("gaps on a decision at %.3f, above its threshold %.2f", dec.Confidence, dec.Trace.Risk.Threshold)
			}
			if !strings.Contains(strings.Join(questions, "\n"), tt.in) {
				t.Errorf("questions %q do not contain %q", questions, tt.in)
			}
		})
	}
}

func typeNames(ts []dz.ContextType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = string(t)
	}
	return out
}
