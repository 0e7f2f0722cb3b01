package retrieve

import (
	"testing"

	"github.com/delegatezero/dz"
)

// FuzzQueries sends arbitrary text, hints and numbers through every query:
// none may panic, and similarities stay in [0, 1].
func FuzzQueries(f *testing.F) {
	f.Add("Acme Analytics wants a refund after the outage", "acme", "ops@acme.io", 290.0, "refund")
	f.Add("\xff\xfe ÄÖÜ İstanbul ǅemal 𝔘𝔫𝔦", "", "@@", -1e300, "")
	f.Add("a b c d e f g h i j k", "www.", "x@", 0.0, "SLA_CREDIT")
	ws := benchWorkspace(50, 300)
	ws.Entities = append(ws.Entities, &dz.Entity{Meta: dz.Meta{ID: "acme"}, Name: "Acme Analytics", Domains: []string{"acme.io"}})
	ws.Policies = []*dz.Policy{{Meta: dz.Meta{ID: "p", Updated: now}, Title: "Refunds", Scope: dz.Scope{Intents: []string{"refund"}}}}
	ix := New(ws)
	f.Fuzz(func(t *testing.T, text, hint, email string, amount float64, intent string) {
		e, _ := ix.ResolveEntity(hint, []string{email}, []string{email, text}, text)
		ms := ix.Precedents(PrecedentQuery{Intent: intent, Text: text, Now: now,
			Facts: map[string]any{"amount": amount, "plan": text, "days_since_charge": amount}}, 3)
		for _, m := range ms {
			if m.Similarity < 0 || m.Similarity > 1 {
				t.Fatalf("similarity %v outside [0, 1]", m.Similarity)
			}
		}
		ix.Entries(EntryQuery{Intent: intent, Text: text, Entity: e, Precedents: ms, Now: now, Tags: []string{hint}})
	})
}
