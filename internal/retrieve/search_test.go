package retrieve

import (
	"testing"

	"github.com/delegatezero/dz"
)

func TestSearch(t *testing.T) {
	ws := &dz.Workspace{
		Entities:   []*dz.Entity{{Meta: dz.Meta{ID: "acme"}, Name: "Acme Corp", Notes: "pays late"}, {Meta: dz.Meta{ID: "zeta"}, Name: "Zeta", Notes: "Acme's competitor"}},
		Precedents: []*dz.Precedent{{Meta: dz.Meta{ID: "p1"}, Entity: "acme", Summary: "Refund for Acme after the outage"}},
		Policies:   []*dz.Policy{{Meta: dz.Meta{ID: "refunds"}, Title: "Refunds"}},
	}
	hits := Search(ws, "", "What do I know about Acme?", 10)
	if len(hits) != 3 || hits[0].ID != "acme" || hits[0].Score <= hits[1].Score {
		t.Fatalf("hits = %+v, want the Acme entity first, then the precedent and Zeta", hits)
	}
	if got := Search(ws, dz.TypePrecedent, "acme", 10); len(got) != 1 || got[0].ID != "p1" {
		t.Errorf("typed search = %+v, want only the precedent", got)
	}
	if got := Search(ws, "", "what do I know about", 10); len(got) != 0 {
		t.Errorf("a query of stop words found %+v", got)
	}
}
