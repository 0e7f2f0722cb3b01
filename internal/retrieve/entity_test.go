package retrieve

import (
	"testing"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

// ent builds an entity.
func ent(id, name string, emails, domains []string) *dz.Entity {
	return &dz.Entity{Meta: dz.Meta{ID: id}, Name: name, Emails: emails, Domains: domains}
}

func TestResolveEntity(t *testing.T) {
	ix := New(&dz.Workspace{Entities: []*dz.Entity{
		ent("northwind", "Northwind Traders", []string{"Ops@Northwind.com"}, []string{"northwind.com"}),
		ent("acme", "Acme", []string{"jane@acme.io"}, []string{"acme.io"}),
		ent("acme-analytics", "Acme Analytics", nil, []string{"acme-analytics.com"}),
		ent("zeta-dup", "Other", []string{"shared@x.org"}, nil),
		ent("alpha-dup", "Alpha", []string{"shared@x.org"}, nil),
		ent("the", "The", nil, nil),
		nil,
	}})
	tests := []struct {
		name    string
		hint    string
		emails  []string
		domains []string
		text    string
		want    *dz.EntityMatch
	}{
		{name: "hint by id, any case", hint: "NorthWind", text: "Acme here",
			want: &dz.EntityMatch{ID: "northwind", Name: "Northwind Traders", MatchedBy: "id", Confidence: 1}},
		{name: "hint by email", hint: "ops@northwind.com",
			want: &dz.EntityMatch{ID: "northwind", Name: "Northwind Traders", MatchedBy: "email", Confidence: 1}},
		{name: "hint by domain with scheme", hint: "https://www.acme.io/",
			want: &dz.EntityMatch{ID: "acme", Name: "Acme", MatchedBy: "domain", Confidence: 1}},
		{name: "hint by name", hint: "acme analytics",
			want: &dz.EntityMatch{ID: "acme-analytics", Name: "Acme Analytics", MatchedBy: "name", Confidence: 1}},
		{name: "unknown hint falls through to the email", hint: "nobody", emails: []string{"JANE@acme.io"},
			want: &dz.EntityMatch{ID: "acme", Name: "Acme", MatchedBy: "email", Confidence: 0.95}},
		{name: "email wins over a name in the text", emails: []string{"ops@northwind.com"}, text: "Acme Analytics",
			want: &dz.EntityMatch{ID: "northwind", Name: "Northwind Traders", MatchedBy: "email", Confidence: 0.95}},
		{name: "unknown address matches by its domain", emails: []string{"bob@acme.io"},
			want: &dz.EntityMatch{ID: "acme", Name: "Acme", MatchedBy: "domain", Confidence: 0.9}},
		{name: "subdomain matches the parent domain", domains: []string{"eu.app.acme.io"},
			want: &dz.EntityMatch{ID: "acme", Name: "Acme", MatchedBy: "domain", Confidence: 0.8}},
		{name: "longest name in the text wins", text: "We at ACME Analytics, unlike Acme, are upset.",
			want: &dz.EntityMatch{ID: "acme-analytics", Name: "Acme Analytics", MatchedBy: "name", Confidence: 0.85}},
		{name: "one-word name as a whole word", text: "Acme's invoice is wrong",
			want: &dz.EntityMatch{ID: "acme", Name: "Acme", MatchedBy: "name", Confidence: 0.7}},
		{name: "part of a word is no match", text: "Acmeville and the Northwinds"},
		{name: "stop-word names never match text", text: "the the the"},
		{name: "shared email goes to the smaller id", emails: []string{"shared@x.org"},
			want: &dz.EntityMatch{ID: "alpha-dup", Name: "Alpha", MatchedBy: "email", Confidence: 0.95}},
		{name: "nothing", hint: " ", emails: []string{"@", ""}, domains: []string{".", "com"}, text: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, got := ix.ResolveEntity(tt.hint, tt.emails, tt.domains, tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Fatalf("(-want +got)\n%s", diff)
			}
			if (e == nil) != (got == nil) || e != nil && e.ID != got.ID {
				t.Errorf("entity %v does not agree with match %v", e, got)
			}
		})
	}
}

func TestEntityByID(t *testing.T) {
	ix := New(&dz.Workspace{Entities: []*dz.Entity{ent("acme", "Acme", nil, nil)}})
	if e := ix.Entity("ACME"); e == nil || e.ID != "acme" {
		t.Errorf("Entity(ACME) = %v, want acme", e)
	}
	for _, id := range []string{"", "Acme Corp", "nobody"} {
		if e := ix.Entity(id); e != nil {
			t.Errorf("Entity(%q) = %v, want nil", id, e)
		}
	}
}

func TestResolveEntityEmptyIndex(t *testing.T) {
	for _, ix := range []*Index{New(nil), New(&dz.Workspace{})} {
		if e, m := ix.ResolveEntity("x", []string{"a@b.c"}, []string{"b.c"}, "Acme"); e != nil || m != nil {
			t.Errorf("empty index resolved %v, %v", e, m)
		}
	}
}

func TestRecordsAreNotMatchedByName(t *testing.T) {
	ws := &dz.Workspace{Entities: []*dz.Entity{
		{Meta: dz.Meta{ID: "W2611340"}, Name: "Order W2611340", Kind: "order"},
		{Meta: dz.Meta{ID: "yara"}, Name: "Yara Ito", Kind: "user"},
	}}
	ix := New(ws)
	if e, _ := ix.ResolveEntity("", nil, nil, "Where is Order W2611340?"); e != nil {
		t.Errorf("text naming an order matched entity %s; orders are records, found by id only", e.ID)
	}
	if e, _ := ix.ResolveEntity("W2611340", nil, nil, ""); e == nil || e.ID != "W2611340" {
		t.Errorf("a record's id as the hint matched %v, want the order", e)
	}
	if e, _ := ix.ResolveEntity("", nil, nil, "Hi, this is Yara Ito"); e == nil || e.ID != "yara" {
		t.Errorf("a user's name matched %v, want yara", e)
	}
}
