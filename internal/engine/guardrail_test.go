package engine

import (
	"context"
	"flag"
	"fmt"
	"testing"

	"github.com/delegatezero/dz"
	"pgregory.net/rapid"
)

// genPolicy is a generated policy with a Go oracle for its guardrails.
type genPolicy struct {
	stopOver   float64 // hard stop when facts.amount > stopOver (0: none)
	stopFlag   string  // hard stop when facts.<stopFlag> == true ("": none)
	capNumber  float64 // limit refund.amount ≤ capNumber (0: none)
	capMRR     float64 // limit refund.amount ≤ entity.mrr × capMRR (0: none)
	floorHalf  bool    // limit refund.amount ≥ facts.amount × 0.1
	defaultMul float64 // default refund amount = facts.amount × defaultMul (0: none)
	exception  bool
}

func (g genPolicy) policy(i int) *dz.Policy {
	p := &dz.Policy{Meta: dz.Meta{ID: fmt.Sprintf("p%d", i)}, Title: "generated"}
	add := func(r dz.Rule) { r.ID = fmt.Sprintf("r%d", len(p.Rules)); p.Rules = append(p.Rules, r) }
	if g.stopOver > 0 {
		add(dz.Rule{When: fmt.Sprintf("facts.amount > %v", g.stopOver), Effect: dz.EffectHardStop, Message: "Too large."})
	}
	if g.stopFlag != "" {
		add(dz.Rule{When: fmt.Sprintf("facts.%s == true", g.stopFlag), Effect: dz.EffectHardStop, Message: "Flagged."})
	}
	if g.capNumber > 0 {
		add(dz.Rule{Effect: dz.EffectLimit, Action: "refund", Param: "amount", Max: fmt.Sprint(g.capNumber)})
	}
	if g.capMRR > 0 {
		add(dz.Rule{Effect: dz.EffectLimit, Action: "refund", Param: "amount", Max: fmt.Sprintf("entity.mrr * %v", g.capMRR)})
	}
	if g.floorHalf {
		add(dz.Rule{Effect: dz.EffectLimit, Action: "refund", Param: "amount", Min: "facts.amount * 0.1"})
	}
	if g.defaultMul > 0 {
		add(dz.Rule{Effect: dz.EffectDefault, Action: "refund", Params: map[string]string{"amount": fmt.Sprintf("facts.amount * %v", g.defaultMul)}})
	}
	if g.exception {
		add(dz.Rule{Effect: dz.EffectException, Action: "refund"})
	}
	return p
}

func drawPolicy(t *rapid.T, i int) genPolicy {
	pick := func(label string) bool { return rapid.Bool().Draw(t, fmt.Sprintf("%s%d", label, i)) }
	var g genPolicy
	if pick("stop") {
		g.stopOver = float64(rapid.IntRange(1, 3000).Draw(t, fmt.Sprintf("stopOver%d", i)))
	}
	if pick("flag") {
		g.stopFlag = rapid.SampledFrom([]string{"legal_threat", "churn_threat", "vip"}).Draw(t, fmt.Sprintf("flag%d", i))
	}
	if pick("cap") {
		g.capNumber = float64(rapid.IntRange(1, 2000).Draw(t, fmt.Sprintf("cap%d", i)))
	}
	if pick("capmrr") {
		g.capMRR = float64(rapid.IntRange(1, 4).Draw(t, fmt.Sprintf("capMRR%d", i)))
	}
	g.floorHalf = pick("floor")
	if pick("default") {
		g.defaultMul = rapid.SampledFrom([]float64{0.5, 1, 1.5, 3}).Draw(t, fmt.Sprintf("mul%d", i))
	}
	g.exception = pick("exception")
	return g
}

// TestGuardrailsHold generates workspaces and requests and checks, with an
// oracle written independently of the engine, that no execute ever crosses a
// hard stop or a limit (DESIGN §7).
func TestGuardrailsHold(t *testing.T) {
	checks, perWorkspace := 500, 20
	if testing.Short() {
		checks = 50
	}
	if f := flag.Lookup("rapid.checks"); f != nil && f.Value.String() == f.DefValue {
		if err := flag.Set("rapid.checks", fmt.Sprint(checks)); err != nil {
			t.Fatal(err)
		}
		defer flag.Set("rapid.checks", f.DefValue)
	}
	total := 0
	defer func() {
		if !t.Failed() && total < checks*perWorkspace {
			t.Errorf("only %d requests were generated, want at least %d", total, checks*perWorkspace)
		}
	}()
	rapid.Check(t, func(t *rapid.T) {
		gens := make([]genPolicy, rapid.IntRange(1, 4).Draw(t, "policies"))
		ws := &dz.Workspace{Settings: dz.Settings{Timezone: "UTC", RefundWindowDays: 30, DraftFloor: 0.3,
			Risk: []dz.RiskLevel{{Name: "any", Threshold: rapid.Float64Range(0, 1).Draw(t, "threshold")}}}}
		for i := range gens {
			gens[i] = drawPolicy(t, i)
			ws.Policies = append(ws.Policies, gens[i].policy(i))
		}
		mrr := float64(rapid.IntRange(1, 3000).Draw(t, "mrr"))
		ws.Entities = []*dz.Entity{{Meta: dz.Meta{ID: "acme"}, Name: "Acme", MRR: mrr, Emails: []string{"ops@acme.io"}}}
		for i := range rapid.IntRange(0, 5).Draw(t, "precedents") {
			ws.Precedents = append(ws.Precedents, &dz.Precedent{Meta: dz.Meta{ID: fmt.Sprintf("pr%d", i)}, Intent: "refund", Summary: "refund after outage",
				Resolution: rapid.SampledFrom([]string{"approved", "partial", "declined"}).Draw(t, "res"),
				Facts:      map[string]any{"amount": float64(rapid.IntRange(1, 5000).Draw(t, "pamount"))},
				Actions:    []dz.Action{{Type: "refund", Params: map[string]any{rapid.SampledFrom([]string{"percent", "amount"}).Draw(t, "pparam"): float64(rapid.IntRange(1, 10000).Draw(t, "pval"))}}}})
		}
		eng, err := New(ws)
		if err != nil {
			t.Fatalf("New: %v", err)
		}
		for range perWorkspace {
			total++
			checkRequest(t, eng, gens, mrr)
		}
	})
}

func checkRequest(t *rapid.T, eng *Engine, gens []genPolicy, mrr float64) {
	facts := map[string]any{}
	amount, hasAmount := 0.0, rapid.Bool().Draw(t, "hasAmount")
	if hasAmount {
		amount = rapid.Float64Range(-100, 6000).Draw(t, "amount")
		facts["amount"] = amount
	}
	flags := map[string]bool{}
	for _, f := range []string{"legal_threat", "churn_threat", "vip"} {
		if rapid.Bool().Draw(t, "has"+f) {
			flags[f] = rapid.Bool().Draw(t, f)
			facts[f] = flags[f]
		}
	}
	entity := rapid.SampledFrom([]string{"", "acme", "ops@acme.io", "nobody"}).Draw(t, "entity")
	text := rapid.SampledFrom([]string{"I want a refund of $500 now", "refund please, you were down", "Cancel my account", "asdf", "We were charged $9999 twice!!"}).Draw(t, "text")
	req := &dz.Request{Request: text, Context: dz.RequestContext{Entity: entity, Facts: facts, Type: rapid.SampledFrom([]string{"", "refund"}).Draw(t, "type")}}
	if rapid.Bool().Draw(t, "force") {
		req.Instructions.Force = rapid.SampledFrom([]dz.Outcome{dz.OutcomeDraft, dz.OutcomeEscalate}).Draw(t, "forced")
	}
	dec, err := eng.Decide(context.Background(), req, benchNow)
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	if dec.Decision != dz.OutcomeExecute {
		return
	}
	matched := entity == "acme" || entity == "ops@acme.io"
	// The text may also carry an amount or a flag; the oracle takes those from
	// the engine's facts, and everything else from its own generated inputs.
	for _, f := range dec.Trace.Facts {
		if f.Name == "amount" && !hasAmount {
			amount, hasAmount = f.Value.(float64)
		}
		if _, given := flags[f.Name]; !given {
			if b, ok := f.Value.(bool); ok {
				flags[f.Name] = b
			}
		}
	}
	for _, g := range gens {
		if g.stopOver > 0 && (!hasAmount || amount > g.stopOver) {
			t.Fatalf("executed across hard stop amount > %v (amount %v, known %v)", g.stopOver, amount, hasAmount)
		}
		if g.stopFlag != "" {
			if v, ok := flags[g.stopFlag]; !ok || v {
				t.Fatalf("executed although hard stop %s is true or unknown", g.stopFlag)
			}
		}
		for _, a := range dec.Actions {
			if a.Type != "refund" {
				continue
			}
			got, ok := a.Params["amount"].(float64)
			if !ok {
				t.Fatalf("executed a refund without a numeric amount: %v", a.Params)
			}
			if g.capNumber > 0 && got > g.capNumber+1e-9 {
				t.Fatalf("executed refund %v over the limit %v", got, g.capNumber)
			}
			if g.capMRR > 0 && (!matched || got > mrr*g.capMRR+0.01) {
				t.Fatalf("executed refund %v over entity.mrr × %v = %v (entity matched %v)", got, g.capMRR, mrr*g.capMRR, matched)
			}
			if g.floorHalf && (!hasAmount || got < amount*0.1-0.01) {
				t.Fatalf("executed refund %v under the floor of 10%% of %v", got, amount)
			}
			if got < 0 {
				t.Fatalf("executed a negative refund %v", got)
			}
		}
	}
}
