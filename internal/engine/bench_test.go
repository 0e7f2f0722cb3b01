package engine

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

var benchNow = time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC)

var (
	benchPlans   = []string{"Starter", "Operator", "Scale"}
	benchIntents = []string{"refund", "sla_credit", "cancellation", "complaint", "data_loss", "billing_error"}
	benchWords   = []string{"outage", "invoice", "charged", "downtime", "renewal", "migration", "support", "api", "latency", "dashboard", "export", "webhook", "billing", "annual", "seats"}
)

// bigWorkspace generates a workspace of the size issue 2 measures: 10,000
// entities, 100,000 precedents, 200 policies and 50 playbooks.
func bigWorkspace(entities, precedents, policies, playbooks int) *dz.Workspace {
	r := rand.New(rand.NewPCG(1, 2))
	ws := &dz.Workspace{Settings: dz.Settings{
		Currency: "USD", Timezone: "UTC", RefundWindowDays: 30, DraftFloor: 0.5, StalenessDays: 365,
		SLA:  dz.SLATerms{TargetPercent: 99.9, Period: "month", Credits: []dz.CreditTier{{BelowPercent: 99.9, Percent: 10}, {BelowPercent: 99, Percent: 25}}},
		Risk: []dz.RiskLevel{{Name: "low", When: "has(facts.amount) && facts.amount <= 100", Threshold: 0.7}, {Name: "high", Threshold: 0.85}},
	}, Hash: "sha256:bench"}
	for i := range entities {
		plan := benchPlans[r.IntN(3)]
		ws.Entities = append(ws.Entities, &dz.Entity{
			Meta: dz.Meta{ID: fmt.Sprintf("cust-%05d", i)}, Name: fmt.Sprintf("Company%05d Labs", i), Kind: "customer", Plan: plan,
			MRR: float64(49 + r.IntN(2000)), Started: benchNow.AddDate(0, -r.IntN(48), -r.IntN(28)),
			Renewal: benchNow.AddDate(0, 0, r.IntN(365)), LastCharge: benchNow.AddDate(0, 0, -r.IntN(90)), LastChargeAmount: float64(49 + r.IntN(2000)),
			Emails: []string{fmt.Sprintf("ops@company%05d.com", i)}, Domains: []string{fmt.Sprintf("company%05d.com", i)},
		})
	}
	for i := range precedents {
		res := []string{dz.ResolutionApproved, dz.ResolutionPartial, dz.ResolutionDeclined}[r.IntN(3)]
		ws.Precedents = append(ws.Precedents, &dz.Precedent{
			Meta: dz.Meta{ID: fmt.Sprintf("prec-%06d", i), Updated: benchNow.AddDate(0, 0, -r.IntN(700))},
			Date: benchNow.AddDate(0, 0, -r.IntN(700)), Intent: benchIntents[r.IntN(len(benchIntents))],
			Summary: fmt.Sprintf("%s %s %s after %s", benchWords[r.IntN(len(benchWords))], benchWords[r.IntN(len(benchWords))], res, benchWords[r.IntN(len(benchWords))]),
			Facts: map[string]any{"amount": float64(10 + r.IntN(3000)), "days_past_window": float64(r.IntN(60)), "plan": benchPlans[r.IntN(3)],
				"sla_breached": r.IntN(2) == 0, "tenure_months": float64(r.IntN(48)), "mrr": float64(49 + r.IntN(2000))},
			Resolution: res, Actions: []dz.Action{{Type: "refund", Params: map[string]any{"percent": float64(25 * (1 + r.IntN(4)))}}},
		})
	}
	for i := range policies {
		intent := benchIntents[i%len(benchIntents)]
		ws.Policies = append(ws.Policies, &dz.Policy{
			Meta: dz.Meta{ID: fmt.Sprintf("policy-%03d", i), Updated: benchNow.AddDate(0, 0, -r.IntN(500))}, Title: "generated",
			Scope: dz.Scope{Intents: []string{intent}},
			Rules: []dz.Rule{
				{ID: "stop", When: fmt.Sprintf("has(facts.amount) && facts.amount > %d", 1000+r.IntN(5000)), Effect: dz.EffectHardStop, Message: "Large refunds come to me."},
				{ID: "cap", When: "has(entity.mrr)", Effect: dz.EffectLimit, Action: "refund", Param: "amount", Max: fmt.Sprintf("entity.mrr * %d", 1+r.IntN(3))},
				{ID: "inside", When: "has(facts.within_refund_window) && facts.within_refund_window", Effect: dz.EffectDefault, Action: "refund", Params: map[string]string{"amount": "facts.amount"}},
				{ID: "outage", When: "has(facts.days_past_window) && facts.days_past_window > 0", Effect: dz.EffectException, Action: "refund"},
			},
		})
	}
	for i := range playbooks {
		ws.Playbooks = append(ws.Playbooks, &dz.Playbook{Meta: dz.Meta{ID: fmt.Sprintf("playbook-%02d", i)}, Title: "generated",
			Intents: []string{benchIntents[i%len(benchIntents)]}, Steps: []string{"Acknowledge", "Check the facts", "Resolve"}})
	}
	return ws
}

var benchRequests = []string{
	"Hi, this is ops@company%05d.com. You were down for six hours last month and I was charged $%d 46 days ago. I want a refund.",
	"Company%05d Labs here: we were double charged $%d on our last invoice, please fix it.",
	"Your outage broke our status page again. Company%05d Labs expects an SLA credit for the $%d we pay.",
	"Please cancel our subscription, company%05d.com is moving to another vendor. We paid $%d.",
}

func BenchmarkDecide(b *testing.B) {
	ws := bigWorkspace(10_000, 100_000, 200, 50)
	eng, err := New(ws)
	if err != nil {
		b.Fatal(err)
	}
	reqs := make([]*dz.Request, 256)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range reqs {
		reqs[i] = &dz.Request{Request: fmt.Sprintf(benchRequests[i%len(benchRequests)], r.IntN(10_000), 49+r.IntN(2000))}
	}
	ctx := context.Background()
	var lat []time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := eng.Decide(ctx, reqs[i%len(reqs)], benchNow); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkIndex measures loading and indexing the generated workspace: the
// time to build an engine and the heap it keeps.
func BenchmarkIndex(b *testing.B) {
	ws := bigWorkspace(10_000, 100_000, 200, 50)
	var eng *Engine
	for b.Loop() {
		var err error
		if eng, err = New(ws); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapInuse)/(1<<20), "heap-MiB")
	runtime.KeepAlive(eng)
}
