package engine

import (
	"testing"

	"github.com/delegatezero/dz"
)

// Every action with an amount names its currency: the account's billing
// currency, the workspace's when the account has none, and the policy's own
// when a rule sets it.
func TestActionsNameTheirCurrency(t *testing.T) {
	inside := dz.Request{Request: "Please refund my $120 charge", Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"charge_date": "2026-11-20"}}}
	past := dz.Request{Request: "You were down for hours, I want a refund", Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"outage_claimed": true}}}
	tests := []struct {
		name string
		edit func(ws *dz.Workspace)
		req  dz.Request
		want string
	}{
		{name: "workspace currency, policy default", edit: func(*dz.Workspace) {}, req: inside, want: "USD"},
		{name: "workspace currency, scaled precedent", edit: func(*dz.Workspace) {}, req: past, want: "USD"},
		{name: "the account is billed in euros", edit: func(ws *dz.Workspace) { ws.Entities[0].Currency = "EUR" }, want: "EUR",
			req: dz.Request{Request: "Please refund my last charge", Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"amount": 120.0, "charge_date": "2026-11-20"}}}},
		{name: "the rule sets its own", edit: func(ws *dz.Workspace) {
			ws.Policies[0].Rules[3].Params["currency"] = `"GBP"`
		}, req: inside, want: "GBP"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := smallWorkspace()
			tt.edit(ws)
			dec := decide(t, ws, &tt.req)
			if _, ok := refundAmount(dec); !ok {
				t.Fatalf("no refund amount in %v (%s)", dec.Actions, dec.Reason)
			}
			for _, a := range dec.Actions {
				if _, ok := a.Params["amount"]; ok && a.Params["currency"] != tt.want {
					t.Errorf("%s currency = %v, want %s", a.Type, a.Params["currency"], tt.want)
				}
			}
			if _, ok := ws.Precedents[0].Actions[0].Params["currency"]; ok {
				t.Error("deciding wrote a currency into the workspace's precedent")
			}
		})
	}
}
