package policy

// Kinds of the facts the engine knows by name (docs/workspace.md,
// "Conditions"): the engine always gives them this kind of value.
var factKinds = kindsOf(map[string][]string{
	"a number": {"amount", "outage_hours", "requested_percent", "anger", "mrr", "last_charge_amount",
		"prior_escalations", "days_since_charge", "days_past_window", "days_to_renewal", "tenure_months",
		"uptime_percent", "sla_credit_percent", "sla_credit_amount", "amount_at_risk"},
	"true or false": {"outage_claimed", "data_loss_claimed", "churn_threat", "angry", "within_refund_window", "sla_breached"},
	"text": {"currency", "charge_date", "incident_date", "invoice_id", "order_id", "email", "domain",
		"plan", "started", "renewal", "last_charge", "mrr_band", "incident_id"},
	"a list": {"open_issues"},
})

// Kinds of the entity fields every entity has.
var entityKinds = kindsOf(map[string][]string{
	"a number": {"mrr", "last_charge_amount", "prior_escalations"},
	"text":     {"id", "name", "kind", "plan", "currency", "started", "renewal", "last_charge", "contact", "tone", "notes"},
	"a list":   {"tags", "emails", "domains", "open_issues"},
})

// kindsOf inverts kind → names into name → kind.
func kindsOf(byKind map[string][]string) map[string]string {
	out := map[string]string{}
	for k, names := range byKind {
		for _, n := range names {
			out[n] = k
		}
	}
	return out
}
