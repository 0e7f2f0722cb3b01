package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

var testNow = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

// smallWorkspace is a refund policy with a 30-day window, an outage
// exception, a cap at twice MRR and a hard stop over $1,000.
func smallWorkspace() *dz.Workspace {
	return &dz.Workspace{
		Hash: "sha256:test",
		Settings: dz.Settings{Name: "Acme", Founder: "Dana", Currency: "USD", Timezone: "UTC", RefundWindowDays: 30, DraftFloor: 0.5,
			SLA:  dz.SLATerms{TargetPercent: 99.9, Period: "month", Credits: []dz.CreditTier{{BelowPercent: 99.9, Percent: 10}, {BelowPercent: 99, Percent: 25}}},
			Risk: []dz.RiskLevel{{Name: "low", When: "facts.amount <= 300", Threshold: 0.7}, {Name: "high", Threshold: 0.9}}},
		Entities: []*dz.Entity{{Meta: dz.Meta{ID: "brightlane"}, Name: "Brightlane Labs", Plan: "Operator", MRR: 290,
			Started: testNow.AddDate(-1, -2, 0), Renewal: testNow.AddDate(0, 0, 21), LastCharge: testNow.AddDate(0, 0, -46), LastChargeAmount: 290,
			Emails: []string{"priya@brightlane.io"}, Domains: []string{"brightlane.io"}, Contact: "Priya"}},
		Policies: []*dz.Policy{{Meta: dz.Meta{ID: "refunds", Hash: "sha256:r"}, Title: "Refunds", Scope: dz.Scope{Intents: []string{"refund"}},
			Rules: []dz.Rule{
				{ID: "big", When: "facts.amount > 1000", Effect: dz.EffectHardStop, Message: "I approve refunds over $1,000 myself."},
				{ID: "need-amount", Effect: dz.EffectRequire, Fact: "amount", Question: "How much should be refunded?"},
				{ID: "cap", Effect: dz.EffectLimit, Action: "refund", Param: "amount", Max: "entity.mrr * 2"},
				{ID: "inside", When: "facts.within_refund_window", Effect: dz.EffectDefault, Action: "refund", Params: map[string]string{"amount": "facts.amount"}},
				{ID: "outage", When: "facts.days_past_window > 0 && facts.outage_claimed", Effect: dz.EffectException, Action: "refund"},
			}}},
		Precedents: []*dz.Precedent{
			{Meta: dz.Meta{ID: "p-46-day"}, Intent: "refund", Summary: "Refund 46 days after charge following an outage", Resolution: dz.ResolutionPartial,
				Facts:   map[string]any{"amount": 290.0, "days_past_window": 16.0, "plan": "Operator", "outage_claimed": true},
				Actions: []dz.Action{{Type: "refund", Params: map[string]any{"percent": 50.0}}}},
		},
	}
}

func decide(t *testing.T, ws *dz.Workspace, req *dz.Request) *dz.Decision {
	t.Helper()
	eng, err := New(ws)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	dec, err := eng.Decide(context.Background(), req, testNow)
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	return dec
}

func refundAmount(d *dz.Decision) (float64, bool) {
	for _, a := range d.Actions {
		if a.Type == "refund" {
			v, ok := a.Params["amount"].(float64)
			return v, ok
		}
	}
	return 0, false
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name        string
		req         dz.Request
		want        dz.Outcome
		wantRefund  float64 // 0: no refund action
		wantInTrace string
	}{
		{name: "hard stop escalates", want: dz.OutcomeEscalate, wantInTrace: "refunds/big",
			req: dz.Request{Request: "I want a refund", Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"amount": 1500.0}}}},
		{name: "inside the window refunds the amount", wantRefund: 120,
			req: dz.Request{Request: "Please refund my $120 charge", Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"charge_date": "2026-11-20"}}}},
		{name: "just over the hard stop escalates", want: dz.OutcomeEscalate, wantInTrace: "refunds/big",
			req: dz.Request{Request: "refund", Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"amount": 1001.0, "charge_date": "2026-11-20"}}}},
		{name: "clamped below hard stop", want: dz.OutcomeDraft, wantRefund: 580, wantInTrace: "clamped refund.amount from 900 to 580",
			req: dz.Request{Request: "refund", Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"amount": 900.0, "charge_date": "2026-11-20"}}}},
		{name: "past the window after an outage scales the precedent", wantRefund: 145, wantInTrace: "p-46-day",
			req: dz.Request{Request: "You were down for hours, I want a refund", Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"outage_claimed": true}}}},
		{name: "force escalate", want: dz.OutcomeEscalate,
			req: dz.Request{Request: "Please refund my $120 charge", Instructions: dz.Instructions{Force: dz.OutcomeEscalate}, Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"charge_date": "2026-11-20"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec := decide(t, smallWorkspace(), &tt.req)
			if tt.want != "" && dec.Decision != tt.want {
				t.Errorf("decision = %s (%s), want %s", dec.Decision, dec.Reason, tt.want)
			}
			got, ok := refundAmount(dec)
			if tt.wantRefund != 0 && (!ok || got != tt.wantRefund) {
				t.Errorf("refund = %v (%v), want %v; proposals %v", got, ok, tt.wantRefund, dec.Trace.Proposals)
			}
			if tt.wantInTrace != "" {
				b, _ := json.Marshal(dec.Trace)
				if !strings.Contains(string(b), tt.wantInTrace) {
					t.Errorf("trace does not mention %q", tt.wantInTrace)
				}
			}
			if dec.Decision == dz.OutcomeEscalate && (len(dec.Questions) < 1 || len(dec.Questions) > 3) {
				t.Errorf("escalation asks %d questions, want 1–3", len(dec.Questions))
			}
		})
	}
}

func TestMissingRequiredFactAsksForIt(t *testing.T) {
	ws := smallWorkspace()
	ws.Entities[0].LastChargeAmount = 0
	dec := decide(t, ws, &dz.Request{Request: "I want my money back", Context: dz.RequestContext{Type: "refund"}})
	if dec.Decision != dz.OutcomeEscalate {
		t.Fatalf("decision = %s, want escalate", dec.Decision)
	}
	if len(dec.Questions) == 0 || dec.Questions[0] != "How much should be refunded?" {
		t.Errorf("questions = %q, want the rule's question first", dec.Questions)
	}
}

func TestDeterministic(t *testing.T) {
	req := &dz.Request{Request: "This is priya@brightlane.io: you were down and I was charged $290 46 days ago. Refund me or we leave."}
	var first []byte
	for i := range 3 {
		eng, err := New(smallWorkspace())
		if err != nil {
			t.Fatal(err)
		}
		dec, err := eng.Decide(context.Background(), req, testNow)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(dec)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && !bytes.Equal(b, first) {
			t.Fatalf("run %d gave different JSON:\n%s\nvs\n%s", i, b, first)
		}
		first = b
	}
}

func TestBadRequestIsInvalid(t *testing.T) {
	eng, err := New(smallWorkspace())
	if err != nil {
		t.Fatal(err)
	}
	bad := 1.5
	for _, req := range []*dz.Request{
		{Request: "  "},
		{Request: "x", Instructions: dz.Instructions{ConfidenceThreshold: &bad}},
		{Request: "x", Instructions: dz.Instructions{Force: "execute"}},
		{Request: "x", Context: dz.RequestContext{Facts: map[string]any{"Bad Key": 1.0}}},
	} {
		if _, err := eng.Decide(context.Background(), req, testNow); dz.ErrorCode(err) != dz.EINVALID {
			t.Errorf("Decide(%+v) error = %v, want EINVALID", req, err)
		}
	}
}
