package compose

import (
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// Data is what a template body sees: {{.FirstName}}, {{.Refund}} and so on.
// Money fields (Refund, RefundPercent, Credit, CreditPercent) come only from
// the decided actions, never from facts, so a template cannot state an amount
// the actions do not contain; for an escalation they are empty. Text fields
// that would themselves state an amount or a promise are left empty.
type Data struct {
	FirstName string // first word of the entity's contact, or ""
	Contact   string // the person we write to, or ""
	Company   string // the customer's name (the entity), or ""
	Plan      string // the customer's plan, or ""
	Workspace string // our company name (dz.yaml name)
	Founder   string // the founder's name, or "the team"
	Assistant string // the assistant's name when it signs, else ""
	Signer    string // who signs the reply: the founder, or the assistant
	Signature string // "Dana", or "Sam, on behalf of Dana"

	Intent   string // top intent, e.g. refund
	Topic    string // the intent in words: "refund request", "SLA credit request"
	Outcome  string // execute, draft or escalate
	Execute  bool   // the outcome is execute
	Draft    bool   // the outcome is draft
	Escalate bool   // the outcome is escalate: write a holding reply
	Register string // neutral, friendly, formal or direct
	Handling string // empathetic or firm
	Reason   string // why the decision was made
	Refusal  string // a refused request: the policy's own words for why, as written

	HasRefund     bool   // a refund was decided
	Refund        string // refund amount, formatted: "$145.00"
	RefundPercent string // refund share, formatted: "50%"
	HasCredit     bool   // a credit was decided
	Credit        string // credit amount, formatted
	CreditPercent string // credit share, formatted: "10%"
	Currency      string // currency code of the amounts, e.g. USD

	// Params holds every decided action's parameters, formatted, by action
	// type and parameter: {{index .Params "return_items" "refund_amount"}}.
	// Numbers print as money, or as a percentage when the name says percent.
	// Only decided actions are here, so a template cannot state anything else.
	Params map[string]map[string]string

	IncidentID   string // the incident the request is about (fact incident_id)
	IncidentDate string // when it happened, as a customer reads it: "October 14" (fact incident_date)
	Incident     string // its summary (fact incident_summary)
}

// topics puts the built-in intents into words.
var topics = map[string]string{
	"refund": "refund request", "sla_credit": "SLA credit request", "cancellation": "cancellation request",
	"complaint": "concerns", "data_loss": "report of lost data", "billing_error": "billing question", "other": "message",
}

// buildData fills the template data. Text fields that would break the guard
// are emptied, each with a warning.
func buildData(in Input, tone dz.ToneUse, actions []dz.Action, a allowed) (Data, []string) {
	s := in.Settings
	d := Data{
		Workspace: s.Name,
		Founder:   firstNonEmpty(s.Founder, "the team"),
		Intent:    in.Intent,
		Topic:     topic(in.Intent),
		Outcome:   string(in.Outcome),
		Execute:   in.Outcome == dz.OutcomeExecute,
		Draft:     in.Outcome == dz.OutcomeDraft,
		Escalate:  in.Outcome == dz.OutcomeEscalate,
		Register:  tone.Register,
		Handling:  tone.Handling,
		Reason:    in.Reason,
		Refusal:   in.Refusal,
	}
	d.Signer, d.Signature = d.Founder, d.Founder
	if tone.Attribution == "assistant" {
		d.Assistant, d.Signer = s.Assistant, s.Assistant
		d.Signature = s.Assistant + ", on behalf of " + d.Founder
	}
	currency := s.Currency
	if e := in.Entity; e != nil {
		d.Contact, d.Company, d.Plan = e.Contact, e.Name, e.Plan
		d.FirstName, _, _ = strings.Cut(strings.TrimSpace(e.Contact), " ")
		currency = firstNonEmpty(validCurrency(e.Currency), currency)
	}
	d.IncidentID, _ = in.Facts["incident_id"].(string)
	d.IncidentDate = readableDate(in.Facts["incident_date"])
	d.Incident, _ = in.Facts["incident_summary"].(string)
	fillMoney(&d, actions, currency)
	return d, d.sanitize(a)
}

func topic(intent string) string {
	if t, ok := topics[intent]; ok {
		return t
	}
	if intent == "" {
		return "message"
	}
	return strings.ReplaceAll(intent, "_", " ") + " request"
}

// sanitize empties the free-text fields that state amounts or promises the
// actions do not back, and returns a warning for each.
func (d *Data) sanitize(a allowed) []string {
	var warns []string
	for _, f := range []struct {
		name string
		v    *string
	}{
		{"FirstName", &d.FirstName}, {"Contact", &d.Contact}, {"Company", &d.Company}, {"Plan", &d.Plan},
		{"Workspace", &d.Workspace}, {"Founder", &d.Founder}, {"Assistant", &d.Assistant}, {"Signer", &d.Signer},
		{"Signature", &d.Signature}, {"Reason", &d.Reason}, {"Topic", &d.Topic}, {"IncidentID", &d.IncidentID},
		{"IncidentDate", &d.IncidentDate}, {"Incident", &d.Incident},
	} {
		if a.quotes(*f.v) { // the founder's own policy words, e.g. a refusal as Reason
			continue
		}
		if err := guard(*f.v, a); err != nil {
			warns = append(warns, "template field "+f.name+" left empty: it "+err.Error())
			*f.v = ""
		}
	}
	return warns
}

// readableDate writes a YYYY-MM-DD fact the way a reply says it: "October 14".
// Anything else is left out rather than shown raw.
func readableDate(v any) string {
	s, _ := v.(string)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return ""
	}
	return t.Format("January 2")
}
