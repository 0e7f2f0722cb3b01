package understand

import (
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

var now = time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC) // a Friday

// factValue returns the named fact's value, or nil.
func factValue(t *testing.T, r Result, name string) any {
	t.Helper()
	for _, f := range r.Facts {
		if f.Name == name {
			return f.Value
		}
	}
	return nil
}

func TestIntents(t *testing.T) {
	tests := []struct {
		name, text, data, want string
	}{
		{"plain refund", "Please refund my last payment.", "", "refund"},
		{"typo in keyword", "i would like a refnud for my subscripton", "", "refund"},
		{"negated refund", "I'm not asking for a refund, just apply the SLA credit for the outage.", "", "sla_credit"},
		{"negated cancel", "I don't want to cancel, but invoice INV-1 billed us twice.", "", "billing_error"},
		{"not renewing", "We won't be renewing next year.", "", "cancellation"},
		{"quoted mail discounted", "Sure, go ahead and close the ticket.\n\n> I was charged twice, please refund the duplicate.", "", "other"},
		{"reply below quote", "On Tue, Apr 7, 2026 at 4:02 PM Support <s@x.io> wrote:\n> Renewal soon.\n\nPlease cancel it.", "", "cancellation"},
		{"data as weak evidence", "Any update on this?", "Customer: our app was down 5 hours, we want the SLA credit", "sla_credit"},
		{"text outweighs data", "Please refund the March charge.", "Customer: how do I add a user?", "refund"},
		{"data loss beats refund", "After the outage our records are gone. Restore them, and frankly refund us.", "", "data_loss"},
		{"anger alone is a complaint", "This is RIDICULOUS. Worst service ever!!!", "", "complaint"},
		{"nothing fits", "Hello there.", "", "other"},
		{"empty", "", "", "other"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Analyze(tt.text, tt.data, now, time.UTC, nil)
			if got := r.Top(); got != tt.want {
				t.Errorf("top intent %q, want %q (all: %v)", got, tt.want, r.Intents)
			}
		})
	}
}

func TestCustomIntents(t *testing.T) {
	custom := []dz.IntentDef{
		{Name: "gdpr_request", Keywords: []string{"GDPR", "personal data", "right to be forgotten"}},
		{Name: "refund", Keywords: []string{"chargeback"}},
	}
	tests := []struct{ name, text, want string }{
		{"custom keyword", "This is a GDPR request: send me all personal data you hold.", "gdpr_request"},
		{"phrase keyword", "I invoke my right to be forgotten.", "gdpr_request"},
		{"keyword added to a built-in", "We filed a chargeback with our bank.", "refund"},
		{"built-ins still work", "Please cancel our subscription.", "cancellation"},
	}
	a := New(custom)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := a.Analyze(tt.text, "", now, time.UTC).Top(); got != tt.want {
				t.Errorf("top intent %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFacts(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skipf("no tz data: %v", err)
	}
	tests := []struct {
		name, text, data string
		loc              *time.Location
		fact             string
		want             any // nil: the fact must be absent
	}{
		{"dollar sign", "I was charged $290 last week", "", nil, "amount", 290.0},
		{"code after", "refund 290 USD please", "", nil, "currency", "USD"},
		{"euro format", "we paid €1.200,50 for the year", "", nil, "amount", 1200.5},
		{"words", "charged 1,499.00 dollars", "", nil, "amount", 1499.0},
		{"charge beats refund figure", "a refund of $150 of the $600 we paid", "", nil, "amount", 600.0},
		{"not the old price", "billed $580 instead of $290", "", nil, "amount", 580.0},
		{"days ago", "we were charged 46 days ago", "", nil, "charge_date", "2026-02-02"},
		{"weeks in words", "we paid six weeks ago", "", nil, "charge_date", "2026-02-06"},
		{"last weekday", "charged last Tuesday", "", nil, "charge_date", "2026-03-17"},
		{"month day", "charged $29 on March 3", "", nil, "charge_date", "2026-03-03"},
		{"month day in the future means last year", "charged on December 28", "", nil, "charge_date", "2025-12-28"},
		{"us numeric", "the charge on 3/3/2026", "", nil, "charge_date", "2026-03-03"},
		{"iso", "the outage on 2026-03-03 was long", "", nil, "incident_date", "2026-03-03"},
		{"cancel date is no charge date", "I cancelled on March 1 but was charged on March 15", "", nil, "charge_date", "2026-03-15"},
		{"future date ignored", "please make sure there is no charge on 2026-06-01", "", nil, "charge_date", nil},
		{"local day", "charged yesterday", "", la, "charge_date", "2026-03-18"},
		{"hours", "the app was down for 6 hours", "", nil, "outage_hours", 6.0},
		{"minutes", "an outage of 45 minutes today", "", nil, "outage_hours", 0.75},
		{"time range", "unreachable from 2am to 8am on Sunday", "", nil, "outage_hours", 6.0},
		{"refund window is no outage", "after the outage, outside your 30 day window", "", nil, "outage_hours", nil},
		{"percent", "we'd like a 50% refund", "", nil, "requested_percent", 50.0},
		{"uptime is no request", "uptime was 99.2% this month, we want a credit", "", nil, "requested_percent", nil},
		{"full refund", "I want a full refund", "", nil, "requested_percent", 100.0},
		{"invoice id", "invoice #48213 is wrong", "", nil, "invoice_id", "48213"},
		{"order id", "order ID ORD-55812 was charged", "", nil, "order_id", "ORD-55812"},
		{"email from signature", "Cancel please.\n\nThanks,\nSam\nsam@brightline.studio", "", nil, "domain", "brightline.studio"},
		{"free mail has no domain", "my email is jules@gmail.com", "", nil, "domain", nil},
		{"quoted email ignored", "ok\n> From support@relayhq.com: refund of $50 issued", "", nil, "amount", nil},
		{"data fills the gap", "Any update?", "Customer: we paid $75 on 2026-03-01", nil, "amount", 75.0},
		{"text beats data", "It was $50.", "Customer: we paid $900", nil, "amount", 50.0},
		{"outage claim", "you were down again today", "", nil, "outage_claimed", true},
		{"no outage claim", "does the SLA cover maintenance windows?", "", nil, "outage_claimed", false},
		{"negated loss", "our data is fine, nothing lost", "", nil, "data_loss_claimed", false},
		{"loss", "half of our customer records are gone", "", nil, "data_loss_claimed", true},
		{"churn", "fix this or we are switching to a competitor", "", nil, "churn_threat", true},
		{"negated churn", "I don't want to cancel, I love the product", "", nil, "churn_threat", false},
		{"angry", "This is absolutely RIDICULOUS!!!", "", nil, "angry", true},
		{"calm", "Hi, could you send me a copy of my invoice? Thanks!", "", nil, "angry", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := tt.loc
			if loc == nil {
				loc = time.UTC
			}
			at := now
			if tt.loc != nil {
				at = time.Date(2026, 3, 20, 2, 0, 0, 0, time.UTC) // still 19 March in Los Angeles
			}
			r := Analyze(tt.text, tt.data, at, loc, nil)
			if diff := cmp.Diff(tt.want, factValue(t, r, tt.fact)); diff != "" {
				t.Errorf("%s (-want +got):\n%s\nfacts: %v", tt.fact, diff, r.Facts)
			}
		})
	}
}

func TestResultShape(t *testing.T) {
	text := "We paid $290 46 days ago. Your outage last Tuesday (6 hours!) killed our launch. Refund now or we leave."
	data := "Customer: Dana <dana@orbitfreight.com>"
	r := Analyze(text, data, now, time.UTC, nil)
	if diff := cmp.Diff(r, Analyze(text, data, now, time.UTC, nil)); diff != "" {
		t.Fatalf("not deterministic:\n%s", diff)
	}
	for i, f := range r.Facts {
		if i > 0 && r.Facts[i-1].Name >= f.Name {
			t.Errorf("facts not sorted by unique name at %q", f.Name)
		}
		if f.Source != dz.FromExtracted || !dz.IsFactName(f.Name) || !dz.IsFactValue(f.Value) {
			t.Errorf("bad fact %+v", f)
		}
		if f.Evidence != "" && !strings.Contains(text, f.Evidence) && !strings.Contains(data, f.Evidence) {
			t.Errorf("%s evidence %q is not a span of the input", f.Name, f.Evidence)
		}
		if f.Confidence <= 0 || f.Confidence > 1 {
			t.Errorf("%s confidence %v out of (0, 1]", f.Name, f.Confidence)
		}
	}
	if got := factValue(t, r, "email"); got != "dana@orbitfreight.com" {
		t.Errorf("email from data = %v", got)
	}
}

// TestConfidenceFromData checks that a fact read from context data is less
// certain than the same fact read from the request.
func TestConfidenceFromData(t *testing.T) {
	conf := func(r Result) float64 {
		for _, f := range r.Facts {
			if f.Name == "amount" {
				return f.Confidence
			}
		}
		return 0
	}
	fromText := conf(Analyze("we paid $75", "", now, time.UTC, nil))
	fromData := conf(Analyze("any update?", "we paid $75", now, time.UTC, nil))
	if fromData <= 0 || fromData >= fromText {
		t.Errorf("confidence from data %v, from text %v: want 0 < data < text", fromData, fromText)
	}
}

func TestLexiconTable(t *testing.T) {
	for _, line := range strings.Split(lexiconTable, "\n") {
		if line = strings.TrimSpace(line); line != "" && !addCue(map[string]*cue{}, line) {
			t.Errorf("malformed lexicon line %q", line)
		}
	}
}

func TestCorrect(t *testing.T) {
	tests := []struct{ in, want string }{
		{"refnud", "refund"},
		{"cancell", "cancel"},
		{"disapointed", "disappointed"},
		{"subscripton", "subscription"},
		{"changed", "changed"}, // a real word one edit from "charged"
		{"invoices", "invoices"},
		{"refund", "refund"},
		{"tree", "tree"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got, _ := correct(tt.in, nil); got != tt.want {
				t.Errorf("correct(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestLargeInput runs adversarial inputs at the size cap: repeated cue words
// in one endless sentence must not make the analyzer quadratic or panic.
func TestLargeInput(t *testing.T) {
	tests := []struct{ name, unit string }{
		{"money back", "$5 back "},
		{"dates", "on March 3 and "},
		{"durations", "12 hours "},
		{"negations", "not no never refund "},
		{"one long word", "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Repeat(tt.unit, maxInput/len(tt.unit)+10)
			r := Analyze(text, text, now, time.UTC, nil)
			if len(r.Intents) == 0 {
				t.Fatal("no intents")
			}
		})
	}
}
