package compose

import (
	"testing"

	"github.com/delegatezero/dz"
)

// BenchmarkCompose composes a refund reply from four workspace templates:
// as plain text, and as html with a response_schema and a max_length that
// forces shortening.
func BenchmarkCompose(b *testing.B) {
	in := Input{
		Settings: dz.Settings{Name: "Acme", Founder: "Dana", Assistant: "Sam"},
		Templates: []*dz.Template{
			tmpl("g", dz.PartGreeting, "Hi {{with .FirstName}}{{.}}{{else}}there{{end}},", nil),
			tmpl("o", dz.PartOpening, "I'm sorry about {{with .Incident}}{{.}}{{else}}the trouble{{end}}. Thanks for waiting.", nil),
			tmpl("b", dz.PartBody, "I've refunded {{.Refund}} to your card. It takes a few days. Write back with questions.", func(t *dz.Template) {
				t.Intents, t.Actions = []string{"refund"}, []string{"refund"}
			}),
			tmpl("c", dz.PartClosing, "Thanks,\n{{.Signature}}\n{{.Workspace}}", nil),
		},
		Entity:  &dz.Entity{Name: "Globex", Contact: "Hank Scorpio"},
		Intent:  "refund",
		Outcome: dz.OutcomeExecute,
		Actions: []dz.Action{refund(1450)},
		Facts:   map[string]any{"angry": true, "incident_summary": "the March outage"},
		Instructions: dz.Instructions{Format: "html", MaxLength: 200,
			ResponseSchema: map[string]string{"decision": "", "amount": "", "reply": ""}},
	}
	plain := in
	plain.Instructions = dz.Instructions{}
	for _, bc := range []struct {
		name string
		in   Input
	}{{"text", plain}, {"html-schema-shortened", in}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Compose(bc.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
