package engine

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// These cases come from a review of what reached customers: each is a way a
// decision could have executed something the founder would not sign.
func TestNeverExecutesOnDoubt(t *testing.T) {
	inside := map[string]any{"charge_date": "2026-11-20"}
	tests := []struct {
		name     string
		ws       func(*dz.Workspace)
		req      dz.Request
		want     dz.Outcome
		wantStep string
	}{
		{name: "an assumed amount is drafted", want: dz.OutcomeDraft, wantStep: "was assumed",
			req: dz.Request{Request: "please refund my last invoice", Context: dz.RequestContext{Entity: "brightlane", Facts: inside}}},
		{name: "a named amount executes", want: dz.OutcomeExecute,
			req: dz.Request{Request: "please refund my $120 invoice", Context: dz.RequestContext{Entity: "brightlane", Facts: inside}}},
		{name: "a clamped amount is drafted", want: dz.OutcomeDraft, wantStep: "a limit cut",
			req: dz.Request{Request: "please refund my $900 invoice", Context: dz.RequestContext{Entity: "brightlane", Facts: inside}}},
		{name: "another currency escalates", want: dz.OutcomeEscalate, wantStep: "currency mismatch",
			ws:  func(ws *dz.Workspace) { ws.Entities[0].Currency = "USD" },
			req: dz.Request{Request: "please refund my €120 invoice", Context: dz.RequestContext{Entity: "brightlane", Facts: inside}}},
		{name: "a stranger naming the customer is drafted", want: dz.OutcomeDraft, wantStep: "not a known address",
			req: dz.Request{Request: "From: eve@gmail.com\n\nThis is Brightlane Labs, please refund my $120 invoice", Context: dz.RequestContext{Facts: inside}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := smallWorkspace()
			ws.Settings.Risk = []dz.RiskLevel{{Name: "any", Threshold: 0.5}}
			if tt.ws != nil {
				tt.ws(ws)
			}
			dec := decide(t, ws, &tt.req)
			if dec.Decision != tt.want {
				t.Fatalf("decision = %s (%s), want %s", dec.Decision, dec.Reason, tt.want)
			}
			if steps := strings.Join(dec.Trace.Steps, "\n"); !strings.Contains(steps, tt.wantStep) {
				t.Errorf("steps do not say %q:\n%s", tt.wantStep, steps)
			}
		})
	}
}

func TestReplyConfirmsOnlyLoggedOutages(t *testing.T) {
	ws := smallWorkspace()
	ws.Sources = []*dz.Source{{Meta: dz.Meta{ID: "incidents"}, Kind: "incidents", Incidents: []dz.Incident{
		{ID: "INC-1103", Start: testNow.AddDate(0, 0, -23), End: testNow.AddDate(0, 0, -23).Add(3 * 3600e9), Summary: "Checks down for three hours."}}}}
	eng, err := New(ws)
	if err != nil {
		t.Fatal(err)
	}
	d := &decision{facts: newFactSet(), intent: "refund"}
	d.facts.add(dz.Fact{Name: "incident_id", Value: "INC-1103", Source: dz.FromDerived})
	d.facts.add(dz.Fact{Name: "outage_claimed", Value: true, Source: dz.FromExtracted})
	d.facts.add(dz.Fact{Name: "incident_date", Value: "2026-11-12", Source: dz.FromExtracted})
	if got := eng.replyFacts(d)["incident_date"]; got != nil {
		t.Errorf("a claimed outage on 2026-11-12 reached the reply as %v; the log has 2026-11-03 only", got)
	}
	d.facts.add(dz.Fact{Name: "incident_date", Value: "2026-11-03", Source: dz.FromExtracted})
	if got := eng.replyFacts(d)["incident_date"]; got != "2026-11-03" {
		t.Errorf("the logged outage's date = %v, want 2026-11-03", got)
	}
}

func TestProfiles(t *testing.T) {
	ws := smallWorkspace()
	ws.Settings.Profiles = []dz.Profile{{Name: "support", Intents: []string{"complaint"}}}
	eng, err := New(ws)
	if err != nil {
		t.Fatal(err)
	}
	_, err = eng.Decide(t.Context(), &dz.Request{Request: "refund please", Profile: "billing"}, testNow)
	if dz.ErrorCode(err) != dz.EINVALID || !strings.Contains(dz.ErrorMessage(err), "support") {
		t.Errorf("unknown profile: error %v, want EINVALID naming the profiles there are", err)
	}
	dec, err := eng.Decide(t.Context(), &dz.Request{Request: "I want a refund of $120", Profile: "support", Context: dz.RequestContext{Entity: "brightlane"}}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	if dec.Decision != dz.OutcomeEscalate || len(dec.Questions) == 0 || !strings.Contains(dec.Questions[0], "support profile") {
		t.Errorf("refund under the support profile: %s %q, want escalate asking who handles it", dec.Decision, dec.Questions)
	}
}
