package retrieve

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// Intents of generated precedents, refund the most common (about 30%).
var benchIntents = []string{"refund", "refund", "refund", "sla_credit", "sla_credit", "cancellation",
	"complaint", "data_loss", "billing_error", "other"}

var benchWords = strings.Fields(`outage refund charge window late angry customer renewal invoice credit sla
	breach downtime data loss export billing duplicate annual monthly plan upgrade downgrade cancel churn
	support ticket response slow api webhook integration dashboard login password migration trial discount
	exception approved declined partial goodwill escalated founder apology incident march april report`)

var benchPlans = []string{"Starter", "Operator", "Scale"}

// benchWorkspace generates n entities and m precedents, the same every time.
func benchWorkspace(n, m int) *dz.Workspace {
	r := rand.New(rand.NewPCG(1, 2))
	ws := &dz.Workspace{Settings: dz.Settings{RefundWindowDays: 30}}
	for i := range n {
		id := fmt.Sprintf("cust-%05d", i)
		ws.Entities = append(ws.Entities, &dz.Entity{Meta: dz.Meta{ID: id}, Name: fmt.Sprintf("Company %s %d", benchWords[r.IntN(len(benchWords))], i),
			Plan: benchPlans[r.IntN(3)], MRR: float64(49 + r.IntN(3000)), Emails: []string{"ops@" + id + ".example"}, Domains: []string{id + ".example"}})
	}
	for i := range m {
		words := make([]string, 8+r.IntN(10))
		for j := range words {
			words[j] = benchWords[r.IntN(len(benchWords))]
		}
		ws.Precedents = append(ws.Precedents, &dz.Precedent{
			Meta:   dz.Meta{ID: fmt.Sprintf("p-%06d", i), Updated: now.AddDate(0, 0, -r.IntN(1500))},
			Intent: benchIntents[r.IntN(len(benchIntents))], Entity: fmt.Sprintf("cust-%05d", r.IntN(max(n, 1))),
			Summary: strings.Join(words, " "), Resolution: dz.ResolutionApproved,
			Facts: map[string]any{"days_since_charge": float64(r.IntN(120)), "sla_breached": r.IntN(2) == 0,
				"tenure_months": float64(r.IntN(60)), "amount": float64(10 + r.IntN(5000))},
		})
	}
	return ws
}

var (
	benchOnce  sync.Once
	benchIndex *Index
	benchWS    *dz.Workspace
)

// bigIndex is the 10,000-entity, 100,000-precedent index, built once per run.
func bigIndex(b *testing.B) *Index {
	b.Helper()
	benchOnce.Do(func() {
		benchWS = benchWorkspace(10_000, 100_000)
		benchIndex = New(benchWS)
	})
	return benchIndex
}

var foundingQuery = PrecedentQuery{Intent: "refund", Now: now,
	Text: "This is ridiculous. Your outage last month took our status page down for hours and now you refuse a refund " +
		"because we are 46 days past the window? We have been customers for 14 months and renew in 3 weeks.",
	Facts: map[string]any{"plan": "Operator", "days_past_window": 16.0, "sla_breached": true, "tenure_months": 14.0,
		"mrr": 290.0, "amount": 290.0}}

// BenchmarkPrecedents is the decision path's precedent lookup: the founding
// scenario against 100,000 precedents, top 5.
func BenchmarkPrecedents(b *testing.B) {
	ix := bigIndex(b)
	b.ReportAllocs()
	for b.Loop() {
		if len(ix.Precedents(foundingQuery, 5)) != 5 {
			b.Fatal("want 5 precedents")
		}
	}
}

// BenchmarkResolveEntity finds an entity by name in the text among 10,000.
func BenchmarkResolveEntity(b *testing.B) {
	ix := bigIndex(b)
	e := benchWS.Entities[7777]
	text := foundingQuery.Text + " Regards, " + e.Name + " team"
	b.ReportAllocs()
	for b.Loop() {
		if got, _ := ix.ResolveEntity("", nil, nil, text); got != e {
			b.Fatalf("resolved %v, want %s", got, e.ID)
		}
	}
}

// BenchmarkEntries ranks entries for the trace with five cited precedents.
func BenchmarkEntries(b *testing.B) {
	ix := bigIndex(b)
	ms := ix.Precedents(foundingQuery, 5)
	q := EntryQuery{Intent: "refund", Text: foundingQuery.Text, Entity: benchWS.Entities[1], Precedents: ms, Now: now, Limit: 20}
	b.ReportAllocs()
	for b.Loop() {
		ix.Entries(q)
	}
}

// BenchmarkNew indexes the 10,000-entity, 100,000-precedent workspace.
func BenchmarkNew(b *testing.B) {
	ws := benchWorkspace(10_000, 100_000)
	b.ReportAllocs()
	for b.Loop() {
		New(ws)
	}
}

// TestPrecedentsLargeAgreesWithBruteForce checks the pruned scan against
// scoring every precedent on a generated workspace.
func TestPrecedentsLargeAgreesWithBruteForce(t *testing.T) {
	ws := benchWorkspace(200, 3000)
	ix := New(ws)
	for _, intent := range []string{"refund", "data_loss", "unknown", ""} {
		q := foundingQuery
		q.Intent = intent
		got := ix.Precedents(q, 7)
		all := ix.Precedents(q, len(ws.Precedents))
		for i := range got {
			if got[i].Precedent != all[i].Precedent || got[i].Similarity != all[i].Similarity {
				t.Fatalf("intent %q: match %d is %s (%v), brute force has %s (%v)", intent, i,
					got[i].Precedent.ID, got[i].Similarity, all[i].Precedent.ID, all[i].Similarity)
			}
		}
		if len(all) != len(ws.Precedents) {
			t.Errorf("intent %q: k = all returned %d of %d", intent, len(all), len(ws.Precedents))
		}
	}
}

// BenchmarkPrecedentsNoDecay is the worst case: no freshness decay, so no
// early stop, and every precedent of the intent is scored.
func BenchmarkPrecedentsNoDecay(b *testing.B) {
	ix := bigIndex(b)
	q := foundingQuery
	q.Now = time.Time{} // before every update: freshness 1 throughout
	b.ReportAllocs()
	for b.Loop() {
		if len(ix.Precedents(q, 5)) != 5 {
			b.Fatal("want 5 precedents")
		}
	}
}
