package expect

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

func decision() *dz.Decision {
	return &dz.Decision{
		Decision: dz.OutcomeDraft, RiskLevel: "medium", Reason: "because",
		Response:  "Hi Dana, I've refunded $145.00.",
		Actions:   []dz.Action{{Type: "refund", Params: map[string]any{"amount": 145.0, "percent": 50.0}}},
		Questions: []string{"q1"},
		Trace: &dz.Trace{Intents: []dz.IntentScore{{Name: "refund", Score: 0.9}},
			Precedents: []dz.PrecedentCitation{{ID: "p-46"}}},
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		exp  dz.Expectation
		want string // a substring of the one failure; "" for a pass
	}{
		{name: "all match", exp: dz.Expectation{Outcome: dz.OutcomeDraft, Intent: "refund", RiskLevel: "medium", Precedent: "p-46",
			Actions:          []dz.ExpectedAction{{Type: "refund", Params: map[string]any{"amount": 145}, Ranges: map[string][2]float64{"percent": {25, 50}}}},
			ResponseContains: []string{"REFUNDED"}, ResponseExcludes: []string{"inconvenience"}, Questions: 1, NoActions: []string{"credit"}}},
		{name: "outcome", exp: dz.Expectation{Outcome: dz.OutcomeExecute}, want: "outcome is draft, want execute"},
		{name: "intent", exp: dz.Expectation{Intent: "complaint"}, want: "intent is refund, want complaint"},
		{name: "risk", exp: dz.Expectation{RiskLevel: "low"}, want: "risk level is medium"},
		{name: "missing action", exp: dz.Expectation{Actions: []dz.ExpectedAction{{Type: "credit"}}}, want: "no credit action"},
		{name: "exact param", exp: dz.Expectation{Actions: []dz.ExpectedAction{{Type: "refund", Params: map[string]any{"amount": 290}}}}, want: "refund.amount is 145, want 290"},
		{name: "range", exp: dz.Expectation{Actions: []dz.ExpectedAction{{Type: "refund", Ranges: map[string][2]float64{"amount": {200, 290}}}}}, want: "between 200 and 290"},
		{name: "forbidden action", exp: dz.Expectation{NoActions: []string{"refund"}}, want: "has a refund action"},
		{name: "precedent", exp: dz.Expectation{Precedent: "p-99"}, want: "does not cite precedent p-99"},
		{name: "contains", exp: dz.Expectation{ResponseContains: []string{"sorry"}}, want: `does not contain "sorry"`},
		{name: "excludes", exp: dz.Expectation{ResponseExcludes: []string{"$145"}}, want: `contains "$145"`},
		{name: "questions", exp: dz.Expectation{Questions: 2}, want: "asks 1 question(s), want at least 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fails := Check(tt.exp, decision())
			switch {
			case tt.want == "" && len(fails) > 0:
				t.Errorf("Check = %q, want a pass", fails)
			case tt.want != "" && (len(fails) != 1 || !strings.Contains(fails[0], tt.want)):
				t.Errorf("Check = %q, want one failure containing %q", fails, tt.want)
			}
		})
	}
}
