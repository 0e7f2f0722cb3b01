package compose

import (
	"testing"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

func refund(amount float64) dz.Action {
	return dz.Action{Type: "refund", Params: map[string]any{"amount": amount}}
}

func credit(percent float64) dz.Action {
	return dz.Action{Type: "credit", Params: map[string]any{"percent": percent}}
}

func TestGuard(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		outcome dz.Outcome
		actions []dz.Action
		ok      bool
	}{
		{"amount in the actions", "I've issued a refund of $145.00.", dz.OutcomeExecute, []dz.Action{refund(145)}, true},
		{"amount with thousands", "A refund of $1,450.00 is on its way.", dz.OutcomeExecute, []dz.Action{refund(1450)}, true},
		{"amount rounded to cents", "I've issued a refund of $145.46.", dz.OutcomeExecute, []dz.Action{refund(145.456)}, true},
		{"other amount", "I've issued a refund of $150.00.", dz.OutcomeExecute, []dz.Action{refund(145)}, false},
		{"code after", "That is 150 USD back to you.", dz.OutcomeExecute, []dz.Action{refund(145)}, false},
		{"code before, no space", "That is usd150.", dz.OutcomeExecute, []dz.Action{refund(145)}, false},
		{"cents", "We owe you 50 cents.", dz.OutcomeExecute, []dz.Action{refund(0.5)}, true},
		{"bare amount after refund", "Your refund of 99 is ready.", dz.OutcomeExecute, []dz.Action{refund(145)}, false},
		{"percent in the actions", "Here is a 10% credit, as I've applied a credit.", dz.OutcomeExecute, []dz.Action{credit(10)}, true},
		{"percent word", "That is 20 percent off.", dz.OutcomeExecute, []dz.Action{credit(10)}, false},
		{"money is not a percent", "A 145% refund.", dz.OutcomeExecute, []dz.Action{refund(145)}, false},
		{"spelled amount", "You get fifty dollars.", dz.OutcomeExecute, []dz.Action{refund(50)}, false},
		{"days are not money", "Refunds are possible within 30 days of a charge.", dz.OutcomeExecute, nil, true},
		{"escalation states no amount", "We are looking at the $145.00 charge.", dz.OutcomeEscalate, []dz.Action{refund(145)}, false},
		{"escalation promises nothing", "We'll refund you.", dz.OutcomeEscalate, []dz.Action{refund(145)}, false},
		{"promise backed", "We'll refund you today.", dz.OutcomeExecute, []dz.Action{refund(145)}, true},
		{"promise unbacked", "We'll refund you today.", dz.OutcomeExecute, []dz.Action{credit(10)}, false},
		{"past promise", "I've issued a credit to your account.", dz.OutcomeDraft, []dz.Action{refund(1)}, false},
		{"curly apostrophe", "I’ve issued a credit to your account.", dz.OutcomeDraft, []dz.Action{refund(1)}, false},
		{"bare past tense", "We already refunded the charge.", dz.OutcomeExecute, nil, false},
		{"passive", "Your refund has been processed.", dz.OutcomeExecute, nil, false},
		{"on its way", "A credit is on its way.", dz.OutcomeExecute, nil, false},
		{"been credited", "Your account has been credited.", dz.OutcomeExecute, nil, false},
		{"money back", "You'll get your money back.", dz.OutcomeExecute, nil, false},
		{"compensation by credit", "We will compensate you with a credit.", dz.OutcomeExecute, []dz.Action{credit(5)}, true},
		{"negated", "I'm afraid we will not refund this charge.", dz.OutcomeExecute, nil, true},
		{"cannot", "We cannot issue a refund past the window.", dz.OutcomeExecute, nil, true},
		{"not only is a promise", "We will not only refund you but apologise.", dz.OutcomeExecute, nil, false},
		{"reporting the request", "You've asked for a refund.", dz.OutcomeExecute, nil, true},
		{"credit card is not a credit", "We'll charge your credit card on renewal.", dz.OutcomeExecute, nil, true},
		{"policy statement", "The refund window is 30 days.", dz.OutcomeExecute, nil, true},
		{"holding reply", "I've passed your message to Dana, who will follow up with you shortly.", dz.OutcomeEscalate, nil, true},
		{"workspace type", "We'll cancel your subscription today.", dz.OutcomeExecute, []dz.Action{{Type: "cancellation"}}, true},
		{"workspace type missing", "We'll cancel your subscription today.", dz.OutcomeExecute, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Guard(tt.text, tt.outcome, tt.actions)
			if (err == nil) != tt.ok {
				t.Errorf("Guard(%q) = %v, want ok=%v", tt.text, err, tt.ok)
			}
		})
	}
}

func TestGuardLinesAreIndependent(t *testing.T) {
	// A promise cannot be assembled across a line break or a sentence end.
	for _, text := range []string{"Best,\nwe'll\nrefund", "Thanks, we will. Refund questions go to Dana."} {
		if err := Guard(text, dz.OutcomeExecute, nil); err != nil {
			t.Errorf("Guard(%q) = %v, want nil", text, err)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		name     string
		amount   float64
		currency string
		want     string
	}{
		{"dollars", 1450, "USD", "$1,450.00"},
		{"default currency", 5, "", "$5.00"},
		{"euro", 12.5, "eur", "€12.50"},
		{"yen whole", 1200, "JPY", "¥1,200"},
		{"yen with fraction keeps it", 12.5, "JPY", "¥12.50"},
		{"code after", 145, "CHF", "145.00 CHF"},
		{"millions", 1234567.891, "USD", "$1,234,567.89"},
		{"negative", -3, "GBP", "-£3.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatMoney(tt.amount, tt.currency); got != tt.want {
				t.Errorf("formatMoney(%v, %q) = %q, want %q", tt.amount, tt.currency, got, tt.want)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	got := tokens("we'll refund, you. ok; é x1")
	want := []string{"we'll", "refund", "you", ".", "ok", ";", "x1"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tokens (-want +got):\n%s", diff)
	}
}
