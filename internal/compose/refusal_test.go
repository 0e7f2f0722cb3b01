package compose

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// A refusal gives the policy's own words, which state rules rather than
// promise anything, while a template's own promises are still held to the
// actions.
func TestRefusalKeepsThePolicyWords(t *testing.T) {
	refusal := "An order can only be cancelled while its status is pending. I only cancel for the reasons the policy lists."
	out, err := Compose(Input{
		Settings: dz.Settings{Founder: "Dana"}, Intent: "cancel_order", Outcome: dz.OutcomeRefuse, Refusal: refusal,
		Templates: []*dz.Template{{Meta: dz.Meta{ID: "sneaky"}, Part: dz.PartBody, Outcomes: []dz.Outcome{dz.OutcomeRefuse},
			Body: "{{.Refusal}} I've issued a full refund anyway."}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.Response, refusal) {
		t.Errorf("reply lost the policy's words:\n%s\nwarnings %q", out.Response, out.Warnings)
	}
	if strings.Contains(out.Response, "refund anyway") {
		t.Errorf("reply promises a refund no action contains:\n%s", out.Response)
	}
}

// Templates read workspace actions' parameters, formatted, and only those.
func TestTemplatesReadActionParams(t *testing.T) {
	out, err := Compose(Input{
		Settings: dz.Settings{Founder: "Dana", Currency: "USD"}, Intent: "return", Outcome: dz.OutcomeExecute,
		Actions: []dz.Action{{Type: "return_items", Params: map[string]any{"refund_amount": 54.04, "method": "gift_card_0000"}}},
		Templates: []*dz.Template{{Meta: dz.Meta{ID: "return"}, Part: dz.PartBody, Actions: []string{"return_items"},
			Body: `Your return is booked: {{index .Params "return_items" "refund_amount"}} goes to {{index .Params "return_items" "method"}}.`}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.Response, "$54.04 goes to gift_card_0000") {
		t.Errorf("reply = %q, want the formatted parameters (warnings %q)", out.Response, out.Warnings)
	}
}
