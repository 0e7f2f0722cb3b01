package compose

import (
	"testing"
	"unicode/utf8"

	"github.com/delegatezero/dz"
)

// FuzzCompose holds Compose to never panicking and to keeping the guard and
// max_length for any template body, reason and customer name.
func FuzzCompose(f *testing.F) {
	f.Add("I've issued a refund of {{.Refund}}.", "Inside the window.", "Globex", 0, false)
	f.Add("We'll refund $99 and credit 10%.", "Capped at $580.", "Save 20% Ltd", 40, true)
	f.Add("{{.Company}} {{.Reason}}", "we'll credit you", "We’ve issued a refund Inc", 3, false)
	f.Fuzz(func(t *testing.T, body, reason, company string, max int, escalate bool) {
		if max < 0 || !utf8.ValidString(body+reason+company) {
			return
		}
		outcome := dz.OutcomeExecute
		if escalate {
			outcome = dz.OutcomeEscalate
		}
		actions := []dz.Action{refund(145), credit(10)}
		out, err := Compose(Input{
			Templates: []*dz.Template{tmpl("b", dz.PartBody, body, nil), tmpl("o", dz.PartOpening, body, nil)},
			Entity:    &dz.Entity{Name: company, Contact: company}, Outcome: outcome, Actions: actions, Reason: reason,
			Instructions: dz.Instructions{MaxLength: max},
		})
		if err != nil {
			t.Fatalf("Compose: %v", err)
		}
		if err := Guard(out.Response, outcome, actions); err != nil {
			t.Errorf("reply breaks the guard: %v\n%s", err, out.Response)
		}
		if max > 0 && runes(out.Response) > max {
			t.Errorf("reply has %d runes, max_length %d", runes(out.Response), max)
		}
	})
}
