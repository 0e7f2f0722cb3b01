package understand

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestPhrasingIntents covers the ways support inboxes phrase requests that
// plain keywords miss: replies leaning on a quoted thread, non-native
// phrasings, mild complaints, over-billing said without "billing".
func TestPhrasingIntents(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"yes to a quoted closure", "Ok, do it.\n\nOn Mon, 2 Mar 2026, Support wrote:\n> Shall we cancel the subscription and close the account?", "cancellation"},
		{"closing the ticket is not leaning", "Thanks, you can close the ticket.\n\n> We have cancelled the duplicate charge of $40.", "other"},
		{"conditional threat is a complaint", "Exports break every week and nobody answers. If this doesn't improve by renewal we'll look elsewhere.", "complaint"},
		{"mild complaint", "Not thrilled that reports moved to the top plan without any notice.", "complaint"},
		{"every time", "Every time I open the calendar the page freezes, it has been like this for a while.", "complaint"},
		{"vendor cancelled", "Our training session was cancelled by your team without notice.", "complaint"},
		{"seats over-billed", "You charged us for 30 seats but we only have 12 people. Refund the difference.", "billing_error"},
		{"corrected invoice", "The add-on we removed last month still appears on invoice INV-88. Please send a corrected invoice.", "billing_error"},
		{"agreed discount", "The 10% discount we agreed is not on this invoice.", "billing_error"},
		{"percentage back", "A coupon is no use to us. We would like the 30% back to our card.", "refund"},
		{"give it back", "You charged us $120 after we left. Give it back.", "refund"},
		{"non-native refund", "I write for ask to give back the money of my order, we not need it anymore.", "refund"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Analyze(tt.text, "", now, time.UTC, nil)
			if got := r.Top(); got != tt.want {
				t.Errorf("top intent %q, want %q (all: %v)", got, tt.want, r.Intents)
			}
		})
	}
}

// TestPhrasingFacts covers fact phrasings beyond the textbook ones.
func TestPhrasingFacts(t *testing.T) {
	tests := []struct {
		name, text, data string
		fact             string
		want             any // nil: the fact must be absent
	}{
		{"european clock range", "the site was not reachable from 9h until 11h30", "", "outage_hours", 2.5},
		{"not reachable is an outage", "the portal wasn't reachable for the whole morning", "", "outage_claimed", true},
		{"server problem", "after your server problem all our notes are gone", "", "outage_claimed", true},
		{"winding down is no outage", "we will wind down our use of the tool", "", "outage_claimed", false},
		{"possessive weekday", "credit for tuesdays outage please", "", "incident_date", "2026-03-17"},
		{"ordinal count is no date", "this is the 3rd month you overcharged us", "", "charge_date", nil},
		{"took is a charge", "you took $80 from our card on March 2", "", "charge_date", "2026-03-02"},
		{"record date field", "Please check this.", "Invoice: INV-7\nDate: 2026-03-01\nAmount: $40", "charge_date", "2026-03-01"},
		{"date header in a forward", "FYI\n\n---------- Forwarded message ---------\nFrom: A <a@b.io>\nDate: 2026-03-01\nSubject: hi\n\nhello", "", "charge_date", nil},
		{"order n°", "refund of order n° 4471-B please", "", "order_id", "4471-B"},
		{"invoice from the quoted thread", "That doesn't work for us.\n\n> We can credit invoice INV-3301 instead.", "", "invoice_id", "INV-3301"},
		{"in full", "refund invoice INV-9 in full", "", "requested_percent", 100.0},
		{"negated percent", "not the 5% your terms offer, the whole credit", "", "requested_percent", nil},
		{"no longer need", "we don't need the tool anymore", "", "churn_threat", true},
		{"any more in two words", "We don't need the Operator plan any more.", "", "churn_threat", true},
		{"cancelled add-on is no churn", "we cancelled the reporting add-on in February", "", "churn_threat", false},
		{"switching billing period is no churn", "can we switch to annual billing?", "", "churn_threat", false},
		{"switching vendor is churn", "we are switching to another provider", "", "churn_threat", true},
		{"deleted dashboards", "you deleted our dashboards", "", "data_loss_claimed", true},
		{"still angry when negated", "don't even think about charging us again", "", "angry", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Analyze(tt.text, tt.data, now, time.UTC, nil)
			if diff := cmp.Diff(tt.want, factValue(t, r, tt.fact)); diff != "" {
				t.Errorf("%s (-want +got):\n%s\nfacts: %v", tt.fact, diff, r.Facts)
			}
		})
	}
}

// TestPhrasingFalseAlarms keeps the new cues from firing on look-alikes.
// An empty fact checks that the top intent is want.
func TestPhrasingFalseAlarms(t *testing.T) {
	tests := []struct {
		name, text, fact string
		want             any
	}{
		{"failed for users", "the import failed for 3 users", "outage_claimed", false},
		{"failed for hours", "the sync failed for 5 hours on Monday", "outage_claimed", true},
		{"elsewhere in the app", "the same bug shows up elsewhere in the app", "churn_threat", false},
		{"don't need a refund", "we don't need a refund, just fix the export", "churn_threat", false},
		{"another tool", "we use another tool for invoicing, does it integrate?", "churn_threat", false},
		{"difference between plans", "What's the difference between the plans?", "", "other"},
		{"close to a limit", "We're close to our API limit, how do we raise it?", "", "other"},
		{"agreed on a call", "As agreed on the call, could you send the security questionnaire?", "", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Analyze(tt.text, "", now, time.UTC, nil)
			if tt.fact == "" {
				if got := r.Top(); got != tt.want {
					t.Errorf("top intent %q, want %q (all: %v)", got, tt.want, r.Intents)
				}
				return
			}
			if diff := cmp.Diff(tt.want, factValue(t, r, tt.fact)); diff != "" {
				t.Errorf("%s (-want +got):\n%s\nfacts: %v", tt.fact, diff, r.Facts)
			}
		})
	}
}
