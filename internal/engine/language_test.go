package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// airlineWorkspace exercises the language additions: records named by id,
// tables, sum over sub-records, refuse and transfer.
func airlineWorkspace() *dz.Workspace {
	created := testNow.Add(-30 * time.Hour).Format(time.RFC3339)
	return &dz.Workspace{
		Hash:     "sha256:airline",
		Settings: dz.Settings{Timezone: "UTC", DraftFloor: 0.3, Risk: []dz.RiskLevel{{Name: "any", Threshold: 0.5}}, Intents: []dz.IntentDef{{Name: "cancel_reservation", Keywords: []string{"cancel my reservation"}}}},
		Entities: []*dz.Entity{
			{Meta: dz.Meta{ID: "mia_li"}, Name: "Mia Li", Kind: "user", Data: map[string]any{"membership": "gold"}},
			{Meta: dz.Meta{ID: "ZFA04Y", Hash: "sha256:z"}, Name: "Reservation ZFA04Y", Kind: "reservation", Data: map[string]any{
				"cabin": "economy", "created_at": created, "insurance": false,
				"passengers": []any{"Mia", "Noah"},
				"flights":    []any{map[string]any{"status": "available", "price": 120}, map[string]any{"status": "available", "price": 80}}}},
			{Meta: dz.Meta{ID: "FLOWN1"}, Name: "Reservation FLOWN1", Kind: "reservation", Data: map[string]any{
				"cabin": "business", "created_at": created, "insurance": true, "passengers": []any{"Mia"},
				"flights": []any{map[string]any{"status": "flown", "price": 300}}}},
		},
		Policies: []*dz.Policy{{Meta: dz.Meta{ID: "cancel", Hash: "sha256:c"}, Title: "Cancel", Scope: dz.Scope{Intents: []string{"cancel_reservation"}},
			Tables: map[string]any{"free_bags": map[string]any{"gold": map[string]any{"economy": 3, "business": 4}}},
			Rules: []dz.Rule{
				{ID: "flown", When: `records.reservation.data.flights.exists(f, f.status == "flown")`, Effect: dz.EffectTransfer, Message: "Part of this trip has been flown, so a colleague will help you."},
				{ID: "not-allowed", When: `!records.reservation.data.flights.exists(f, f.status == "flown") && now - timestamp(records.reservation.data.created_at) > duration("24h") && records.reservation.data.cabin != "business" && !records.reservation.data.insurance`,
					Effect: dz.EffectRefuse, Message: "Economy bookings older than 24 hours without insurance cannot be cancelled."},
				{ID: "refund", Effect: dz.EffectDefault, Action: "refund", Params: map[string]string{
					"amount": "sum(records.reservation.data.flights.map(f, f.price))",
					"bags":   "tables.free_bags[entity.data.membership][records.reservation.data.cabin] * size(records.reservation.data.passengers)"}},
			}}},
	}
}

func TestLanguageAdditions(t *testing.T) {
	req := func(id string) *dz.Request {
		return &dz.Request{Request: "Please cancel my reservation", Context: dz.RequestContext{Entity: "mia_li", Type: "cancel_reservation", Facts: map[string]any{"reservation_id": id}}}
	}
	t.Run("refuse cites the rule", func(t *testing.T) {
		dec := decide(t, airlineWorkspace(), req("ZFA04Y"))
		if dec.Decision != dz.OutcomeRefuse || len(dec.Actions) != 0 {
			t.Fatalf("decision = %s with %v, want refuse with no actions (%s)", dec.Decision, dec.Actions, dec.Reason)
		}
		if !strings.Contains(dec.Response, "cannot be cancelled") {
			t.Errorf("reply does not give the rule's reason:\n%s", dec.Response)
		}
		if len(dec.Trace.Records) != 1 || !dec.Trace.Records[0].Found || dec.Trace.Records[0].Hash != "sha256:z" {
			t.Errorf("trace records = %+v, want ZFA04Y found with its hash", dec.Trace.Records)
		}
	})
	t.Run("transfer replaces other actions", func(t *testing.T) {
		dec := decide(t, airlineWorkspace(), req("FLOWN1"))
		if len(dec.Actions) != 1 || dec.Actions[0].Type != dz.ActionTransfer {
			t.Fatalf("actions = %v, want only %s", dec.Actions, dz.ActionTransfer)
		}
	})
	t.Run("sum, tables and per-unit multipliers", func(t *testing.T) {
		ws := airlineWorkspace()
		ws.Policies[0].Rules = ws.Policies[0].Rules[2:] // only the refund default
		dec := decide(t, ws, req("ZFA04Y"))
		if len(dec.Actions) != 1 || dec.Actions[0].Params["amount"] != 200.0 || dec.Actions[0].Params["bags"] != 6.0 {
			t.Fatalf("actions = %v, want refund amount 200 (sum of segments) and bags 6 (3 × 2 passengers)", dec.Actions)
		}
	})
	t.Run("unknown id escalates with a question naming it", func(t *testing.T) {
		dec := decide(t, airlineWorkspace(), req("NOPE99"))
		if dec.Decision != dz.OutcomeEscalate || len(dec.Questions) == 0 || !strings.Contains(dec.Questions[0], `"NOPE99"`) {
			t.Fatalf("decision = %s, questions %q; want escalate asking about NOPE99", dec.Decision, dec.Questions)
		}
	})
	t.Run("a partial refusal drops one action and says why", func(t *testing.T) {
		ws := airlineWorkspace()
		ws.Policies[0].Rules = append(ws.Policies[0].Rules[2:], dz.Rule{ID: "no-certificate", Effect: dz.EffectRefuse, Action: "refund", Message: "Refunds go back as certificates only for gold members."},
			dz.Rule{ID: "cancel", Effect: dz.EffectDefault, Action: "cancel_reservation"})
		dec := decide(t, ws, req("ZFA04Y"))
		if dec.Decision != dz.OutcomeExecute || len(dec.Actions) != 1 || dec.Actions[0].Type != "cancel_reservation" {
			t.Fatalf("decision = %s %v, want execute with only cancel_reservation", dec.Decision, dec.Actions)
		}
		if !strings.Contains(dec.Response, "certificates only for gold members") {
			t.Errorf("reply does not say why the refund was refused:\n%s", dec.Response)
		}
	})
	t.Run("a default that cannot be sized escalates", func(t *testing.T) {
		ws := airlineWorkspace()
		ws.Policies[0].Rules = []dz.Rule{{ID: "refund", Effect: dz.EffectDefault, Action: "refund", Params: map[string]string{"amount": "records.reservation.data.no_such_field * 2"}}}
		if dec := decide(t, ws, req("ZFA04Y")); dec.Decision != dz.OutcomeEscalate {
			t.Fatalf("decision = %s %v, want escalate: a rule that holds proposed an action it could not size", dec.Decision, dec.Actions)
		}
	})
	t.Run("forced draft of a refusal", func(t *testing.T) {
		r := req("ZFA04Y")
		r.Instructions.Force = dz.OutcomeDraft
		if dec := decide(t, airlineWorkspace(), r); dec.Decision != dz.OutcomeDraft {
			t.Fatalf("decision = %s, want draft", dec.Decision)
		}
	})
}
