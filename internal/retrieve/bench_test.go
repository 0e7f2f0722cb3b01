package retrieve

import (
	"fmt"
	"math/rand/v2"
	"runtime"
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

// benchText is n random words from benchWords.
func benchText(r *rand.Rand, n int) string {
	words := make([]string, n)
	for j := range words {
		words[j] = benchWords[r.IntN(len(benchWords))]
	}
	return strings.Join(words, " ")
}

// addBenchEntries adds 200 policies, 50 playbooks, 30 templates and 10 sources.
func addBenchEntries(r *rand.Rand, ws *dz.Workspace) {
	meta := func(kind string, i int) dz.Meta {
		return dz.Meta{ID: fmt.Sprintf("%s-%03d", kind, i), Updated: now.AddDate(0, 0, -r.IntN(900)),
			Tags: []string{benchWords[r.IntN(len(benchWords))]}}
	}
	intents := func() []string { return []string{benchIntents[r.IntN(len(benchIntents))]} }
	for i := range 200 {
		ws.Policies = append(ws.Policies, &dz.Policy{Meta: meta("policy", i), Title: benchText(r, 4),
			Description: benchText(r, 30), Scope: dz.Scope{Intents: intents()}})
	}
	for i := range 50 {
		ws.Playbooks = append(ws.Playbooks, &dz.Playbook{Meta: meta("playbook", i), Title: benchText(r, 4),
			Intents: intents(), Steps: []string{benchText(r, 10), benchText(r, 10), benchText(r, 10)}})
	}
	for i := range 30 {
		ws.Templates = append(ws.Templates, &dz.Template{Meta: meta("template", i), Part: dz.PartBody, Intents: intents(), Body: benchText(r, 40)})
	}
	for i := range 10 {
		ws.Sources = append(ws.Sources, &dz.Source{Meta: meta("source", i), Title: benchText(r, 4), Kind: "text",
			Entity: fmt.Sprintf("cust-%05d", r.IntN(100)), Body: benchText(r, 200)})
	}
}

// measure runs f in a benchmark loop on a locked OS thread and reports the
// thread's CPU time per op as cpu-ns/op next to the wall-clock ns/op.
func measure(b *testing.B, f func()) {
	b.Helper()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.ReportAllocs()
	start, n := threadCPU(), 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64(threadCPU()-start)/float64(max(n, 1)), "cpu-ns/op")
}

// benchWorkspace generates n entities and m precedents, the same every time.
func benchWorkspace(n, m int) *dz.Workspace {
	r := rand.New(rand.NewPCG(1, 2))
	ws := &dz.Workspace{Settings: dz.Settings{RefundWindowDays: 30}}
	for i := range n {
		id := fmt.Sprintf("cust-%05d", i)
		ws.Entities = append(ws.Entities, &dz.Entity{Meta: dz.Meta{ID: id}, Name: fmt.Sprintf("Company %s %d", benchWords[r.IntN(len(benchWords))], i),
			Plan: benchPlans[r.IntN(3)], MRR: float64(49 + r.IntN(3000)), Emails: []string{"ops@" + id + ".example"}, Domains: []string{id + ".example"}})
	}
	addBenchEntries(r, ws)
	for i := range m {
		ws.Precedents = append(ws.Precedents, &dz.Precedent{
			Meta:   dz.Meta{ID: fmt.Sprintf("p-%06d", i), Updated: now.AddDate(0, 0, -r.IntN(1500))},
			Intent: benchIntents[r.IntN(len(benchIntents))], Entity: fmt.Sprintf("cust-%05d", r.IntN(max(n, 1))),
			Summary: benchText(r, 8+r.IntN(10)), Resolution: dz.ResolutionApproved,
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
	measure(b, func() {
		if len(ix.Precedents(foundingQuery, 5)) != 5 {
			b.Fatal("want 5 precedents")
		}
	})
}

// BenchmarkResolveEntity finds an entity by name in the text among 10,000.
func BenchmarkResolveEntity(b *testing.B) {
	ix := bigIndex(b)
	e := benchWS.Entities[7777]
	text := foundingQuery.Text + " Regards, " + e.Name + " team"
	measure(b, func() {
		if got, _ := ix.ResolveEntity("", nil, nil, text); got != e {
			b.Fatalf("resolved %v, want %s", got, e.ID)
		}
	})
}

// BenchmarkEntries ranks entries for the trace with five cited precedents.
func BenchmarkEntries(b *testing.B) {
	ix := bigIndex(b)
	ms := ix.Precedents(foundingQuery, 5)
	q := EntryQuery{Intent: "refund", Text: foundingQuery.Text, Entity: benchWS.Entities[1], Precedents: ms, Now: now, Limit: 20}
	measure(b, func() {
		if len(ix.Entries(q)) != 20 {
			b.Fatal("want 20 entries")
		}
	})
}

// BenchmarkNew indexes the 10,000-entity, 100,000-precedent workspace.
func BenchmarkNew(b *testing.B) {
	ws := benchWorkspace(10_000, 100_000)
	measure(b, func() { New(ws) })
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
	measure(b, func() {
		if len(ix.Precedents(q, 5)) != 5 {
			b.Fatal("want 5 precedents")
		}
	})
}
