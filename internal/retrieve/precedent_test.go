package retrieve

import (
	"math"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

var now = time.Date(2024, 5, 20, 12, 0, 0, 0, time.UTC)

// prec builds a precedent decided daysAgo days before now (0: no date).
func prec(id, intent, summary string, daysAgo int, facts map[string]any) *dz.Precedent {
	p := &dz.Precedent{Meta: dz.Meta{ID: id}, Intent: intent, Summary: summary, Facts: facts, Resolution: dz.ResolutionApproved}
	if daysAgo > 0 {
		p.Date = now.AddDate(0, 0, -daysAgo)
	}
	return p
}

// ids lists the ids of matches in order.
func ids(ms []PrecedentMatch) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Precedent.ID)
	}
	return out
}

func TestPrecedentsFoundingScenario(t *testing.T) {
	operator := func(daysSinceCharge float64, sla bool) map[string]any {
		return map[string]any{"plan": "Operator", "days_since_charge": daysSinceCharge, "sla_breached": sla,
			"tenure_months": 12.0, "mrr": 290.0, "amount": 290.0}
	}
	ws := &dz.Workspace{Settings: dz.Settings{RefundWindowDays: 30}, Precedents: []*dz.Precedent{
		prec("p-late-no-outage", "refund", "Refund asked 75 days after the charge, no outage; declined", 60, operator(75, false)),
		prec("p-46-day-outage", "refund", "Refund approved 46 days after the charge after the March outage", 60, operator(46, true)),
		prec("p-in-window", "refund", "Refund inside the window, approved", 60, operator(10, false)),
		prec("p-sla-credit", "sla_credit", "SLA credit after the March outage, 46 days", 60, operator(46, true)),
		prec("p-scale-outage", "refund", "Scale customer refund after outage", 60, map[string]any{"plan": "Scale",
			"days_past_window": 20.0, "sla_breached": true, "mrr": 2400.0, "amount": 2400.0}),
	}}
	ix := New(ws)
	q := PrecedentQuery{Intent: "refund", Now: now, Text: "We are 46 days past your refund window but your outage broke everything. Refund us!",
		Facts: map[string]any{"plan": "operator", "days_past_window": 16.0, "sla_breached": true, "tenure_months": 14.0, "mrr": 290.0, "amount": 290.0}}
	got := ix.Precedents(q, 3)
	if diff := cmp.Diff([]string{"p-46-day-outage", "p-in-window", "p-late-no-outage"}, ids(got)); diff != "" {
		t.Fatalf("order (-want +got)\n%s", diff)
	}
	best := got[0]
	if best.Features["days_past_window"] != 1 || best.Features["sla_breached"] != 1 || best.Features["plan"] != 1 || best.Features["intent"] != 1 {
		t.Errorf("features of the 46-day precedent = %v, want exact days_past_window, sla_breached, plan and intent", best.Features)
	}
	if best.Similarity < 0.5 || best.Similarity > 1 || best.Similarity >= best.Relevance {
		t.Errorf("similarity %v, relevance %v: want in [0.5, 1] and lowered by 60 days of freshness", best.Similarity, best.Relevance)
	}
	for i := 1; i < len(got); i++ {
		if got[i].Similarity > got[i-1].Similarity {
			t.Errorf("match %d (%v) is more similar than match %d (%v)", i, got[i].Similarity, i-1, got[i-1].Similarity)
		}
	}
	all := ix.Precedents(q, 10)
	last := all[len(all)-1]
	if last.Precedent.ID != "p-sla-credit" || last.Features["intent"] != 0 || last.Similarity > mismatchPenalty {
		t.Errorf("last of all = %s with %v (similarity %v), want the other-intent precedent, penalised",
			last.Precedent.ID, last.Features, last.Similarity)
	}
}

func TestPrecedentsTiesAndFreshness(t *testing.T) {
	same := map[string]any{"plan": "Starter", "amount": 49.0}
	ws := &dz.Workspace{Settings: dz.Settings{HalfLifeDays: map[dz.ContextType]float64{dz.TypePrecedent: 365}},
		Precedents: []*dz.Precedent{
			prec("b", "refund", "late refund", 0, same),
			prec("c", "refund", "late refund", 365, same),
			prec("a", "refund", "late refund", 0, same),
			prec("d", "refund", "late refund", 730, same),
		}}
	ix := New(ws)
	q := PrecedentQuery{Intent: "refund", Now: now, Text: "late refund please", Facts: map[string]any{"plan": "Starter", "amount": 49.0}}
	for range 3 {
		if diff := cmp.Diff([]string{"a", "b", "c", "d"}, ids(ix.Precedents(q, 4))); diff != "" {
			t.Fatalf("order (-want +got)\n%s", diff)
		}
	}
	if diff := cmp.Diff([]string{"a"}, ids(ix.Precedents(q, 1))); diff != "" {
		t.Errorf("k=1 (-want +got)\n%s", diff)
	}
	got := ix.Precedents(q, 4)
	for i, want := range []float64{1, 1, 0.5, 0.25} {
		if math.Abs(got[i].Features["freshness"]-want) > 1e-3 || math.Abs(got[i].Similarity-(0.5+0.5*want)*got[i].Relevance) > 1e-9 {
			t.Errorf("%s: freshness %v similarity %v relevance %v, want freshness %v and similarity relevance × (0.5 + 0.5 × freshness)", got[i].Precedent.ID,
				got[i].Features["freshness"], got[i].Similarity, got[i].Relevance, want)
		}
	}
}

func TestPrecedentFeatures(t *testing.T) {
	ws := &dz.Workspace{
		Entities: []*dz.Entity{{Meta: dz.Meta{ID: "acme"}, Plan: "Operator", MRR: 290}},
		Precedents: []*dz.Precedent{
			{Meta: dz.Meta{ID: "linked"}, Intent: "refund", Entity: "ACME", Facts: map[string]any{"amount": 100.0}},
			{Meta: dz.Meta{ID: "bare"}, Intent: "refund", Facts: map[string]any{"days_past_window": 0.0}},
		}}
	ix := New(ws)
	q := PrecedentQuery{Intent: "refund", Now: now, Facts: map[string]any{"plan": "Operator", "mrr": 290.0, "amount": 150.0, "days_past_window": 5.0}}
	got := map[string]map[string]float64{}
	for _, m := range ix.Precedents(q, 5) {
		got[m.Precedent.ID] = m.Features
	}
	want := map[string]map[string]float64{
		"linked": {"intent": 1, "plan": 1, "days_past_window": Missing, "sla_breached": Missing, "tenure_months": Missing,
			"mrr": 1, "amount": 1 - 50.0/150, "text": Missing, "freshness": 1},
		"bare": {"intent": 1, "plan": Missing, "days_past_window": 1 - 5.0/30, "sla_breached": Missing, "tenure_months": Missing,
			"mrr": Missing, "amount": Missing, "text": Missing, "freshness": 1},
	}
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b float64) bool { return math.Abs(a-b) <= 5e-5 })); diff != "" {
		t.Errorf("features (-want +got)\n%s", diff)
	}
}

func TestPrecedentsEdges(t *testing.T) {
	ix := New(&dz.Workspace{Precedents: []*dz.Precedent{prec("x", "sla_credit", "credit", 0, nil), nil}})
	tests := []struct {
		name string
		q    PrecedentQuery
		k    int
		want []string
	}{
		{name: "k zero", q: PrecedentQuery{Intent: "sla_credit"}, k: 0},
		{name: "k larger than the workspace", q: PrecedentQuery{Intent: "SLA_Credit"}, k: 9, want: []string{"x"}},
		{name: "unknown intent still finds something", q: PrecedentQuery{Intent: "refund"}, k: 2, want: []string{"x"}},
		{name: "no intent", q: PrecedentQuery{Text: "credit"}, k: 2, want: []string{"x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, ids(ix.Precedents(tt.q, tt.k))); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	if got := New(nil).Precedents(PrecedentQuery{Intent: "refund"}, 3); got != nil {
		t.Errorf("empty index returned %v", got)
	}
}

func TestFreshnessAndStaleness(t *testing.T) {
	day := 24 * time.Hour
	tests := []struct {
		name    string
		updated time.Time
		hl      float64
		want    float64
	}{
		{name: "one half-life", updated: now.Add(-730 * day), hl: 730, want: 0.5},
		{name: "two half-lives", updated: now.Add(-60 * day), hl: 30, want: 0.25},
		{name: "zero time is fresh", hl: 30, want: 1},
		{name: "future is fresh", updated: now.Add(day), hl: 30, want: 1},
		{name: "no half-life is fresh", updated: now.Add(-900 * day), hl: 0, want: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Freshness(tt.updated, now, tt.hl); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Freshness = %v, want %v", got, tt.want)
			}
		})
	}
	stale := []struct {
		name    string
		updated time.Time
		days    int
		want    bool
	}{
		{name: "exactly the staleness age", updated: now.Add(-365 * day), days: 365, want: false},
		{name: "a day older", updated: now.Add(-366 * day), days: 365, want: true},
		{name: "zero time", days: 365, want: false},
		{name: "staleness off", updated: now.Add(-9000 * day), days: 0, want: false},
	}
	for _, tt := range stale {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsStale(tt.updated, now, tt.days); got != tt.want {
				t.Errorf("IsStale = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestConcurrentQueries runs every query from several goroutines; with
// -race it shows the pooled scratch space is not shared.
func TestConcurrentQueries(t *testing.T) {
	ws := benchWorkspace(100, 2000)
	ix := New(ws)
	want := ids(ix.Precedents(foundingQuery, 5))
	done := make(chan []string)
	for g := range 4 {
		go func() {
			var got []string
			for i := range 50 {
				got = ids(ix.Precedents(foundingQuery, 5))
				ix.ResolveEntity("", nil, nil, ws.Entities[(g*50+i)%100].Name)
				ix.Entries(EntryQuery{Intent: "refund", Text: foundingQuery.Text, Now: now, Limit: 5})
			}
			done <- got
		}()
	}
	for range 4 {
		if diff := cmp.Diff(want, <-done); diff != "" {
			t.Errorf("concurrent result differs (-want +got)\n%s", diff)
		}
	}
}
