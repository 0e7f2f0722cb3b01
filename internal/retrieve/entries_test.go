package retrieve

import (
	"math"
	"slices"
	"testing"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

// entriesWorkspace has two policies (one stale), a playbook, a template and
// sources linked to different entities.
func entriesWorkspace() *dz.Workspace {
	day := func(n int) dz.Meta { return dz.Meta{Updated: now.AddDate(0, 0, -n)} }
	meta := func(id string, m dz.Meta, tags ...string) dz.Meta {
		m.ID, m.Hash, m.Tags = id, "sha256:"+id, tags
		return m
	}
	return &dz.Workspace{
		Settings: dz.Settings{StalenessDays: 365, HalfLifeDays: map[dz.ContextType]float64{dz.TypePolicy: 730}},
		Policies: []*dz.Policy{
			{Meta: meta("refunds", day(400), "billing"), Title: "Refund window", Description: "Refunds within 30 days of the charge",
				Scope: dz.Scope{Intents: []string{"refund"}}},
			{Meta: meta("cancellations", day(10)), Title: "Cancellation terms", Scope: dz.Scope{Intents: []string{"cancellation"}}},
			{Meta: meta("tone", day(10)), Title: "Always be kind"},
		},
		Playbooks: []*dz.Playbook{{Meta: meta("refund-dispute", day(0)), Title: "Refund disputes", Intents: []string{"refund"},
			Steps: []string{"Acknowledge the outage", "Check the refund window"}}},
		Templates: []*dz.Template{{Meta: meta("sign-off", day(0)), Part: dz.PartClosing, Body: "Best, {{.Founder}}"}},
		Sources: []*dz.Source{
			{Meta: meta("acme-thread", day(0)), Title: "Ticket thread", Entity: "acme", Body: "Outage complaint"},
			{Meta: meta("other-thread", day(0)), Title: "Ticket thread", Entity: "zeta", Body: "Outage complaint"},
		},
	}
}

func TestEntries(t *testing.T) {
	ix := New(entriesWorkspace())
	acme := &dz.Entity{Meta: dz.Meta{ID: "acme", Hash: "sha256:acme", Tags: []string{"Billing"}}}
	q := EntryQuery{Intent: "refund", Text: "I want a refund after the outage", Entity: acme, Now: now}
	got := ix.Entries(q)
	byID := map[string]dz.Retrieved{}
	for _, r := range got {
		byID[r.ID] = r
	}
	if len(got) != 8 {
		t.Fatalf("got %d entries, want 7 workspace entries, the entity and nothing else: %v", len(got), got)
	}
	if r := byID["refunds"]; !r.Stale || r.Freshness >= 1 || math.Abs(r.Score-r.Relevance*r.Freshness) > 1e-3 {
		t.Errorf("400-day-old policy = %+v, want stale, decayed, score = relevance × freshness", r)
	}
	if byID["cancellations"].Stale || byID["tone"].Stale {
		t.Errorf("recent policies flagged stale")
	}
	if byID["refunds"].Relevance <= byID["cancellations"].Relevance {
		t.Errorf("refund policy relevance %v not above cancellation policy's %v for a refund", byID["refunds"].Relevance, byID["cancellations"].Relevance)
	}
	if byID["acme-thread"].Relevance <= byID["other-thread"].Relevance {
		t.Errorf("source linked to the entity (%v) not above one linked to another (%v)", byID["acme-thread"].Relevance, byID["other-thread"].Relevance)
	}
	if e := byID["acme"]; e.Type != dz.TypeEntity || e.Relevance != 1 || e.Hash != "sha256:acme" {
		t.Errorf("entity entry = %+v, want relevance 1 with its hash", e)
	}
	sorted := slices.IsSortedFunc(got, func(a, b dz.Retrieved) int {
		if a.Score != b.Score {
			return cmpDesc(a.Score, b.Score)
		}
		return cmpStrings(string(a.Type)+"/"+a.ID, string(b.Type)+"/"+b.ID)
	})
	if !sorted {
		t.Errorf("not sorted by score, type, id: %v", got)
	}
	q.Limit = 3
	if diff := cmp.Diff(got[:3], ix.Entries(q)); diff != "" {
		t.Errorf("limit 3 is not the first three (-want +got)\n%s", diff)
	}
}

func TestEntriesWithPrecedents(t *testing.T) {
	ws := entriesWorkspace()
	ws.Precedents = []*dz.Precedent{prec("p1", "refund", "refund after outage", 365, map[string]any{"amount": 10.0})}
	ix := New(ws)
	ms := ix.Precedents(PrecedentQuery{Intent: "refund", Text: "refund outage", Now: now, Facts: map[string]any{"amount": 10.0}}, 3)
	got := ix.Entries(EntryQuery{Intent: "refund", Now: now, Precedents: ms})
	i := slices.IndexFunc(got, func(r dz.Retrieved) bool { return r.Type == dz.TypePrecedent })
	if i < 0 {
		t.Fatalf("precedent missing from %v", got)
	}
	if r := got[i]; r.ID != "p1" || r.Score != round4(ms[0].Similarity) || r.Freshness != 0.5 {
		t.Errorf("precedent entry = %+v, want its similarity as score and freshness 0.5", r)
	}
}

func TestEntriesEmpty(t *testing.T) {
	if got := New(nil).Entries(EntryQuery{Intent: "refund", Now: now}); len(got) != 0 {
		t.Errorf("empty index gave %v", got)
	}
}

func cmpStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
