package engine

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
)

// describe fills the decision's title, summary, reason and suggestion: the
// lines a founder reads first.
func (e *Engine) describe(dec *dz.Decision, d *decision, ev *evaluation, pl *plan, v verdict) {
	who := "an unknown customer"
	if d.entity != nil {
		who = d.entity.Name
	}
	dec.Title = fmt.Sprintf("%s request from %s", capitalize(intentWords(d.intent)), who)

	var what []string
	for _, a := range pl.actions {
		what = append(what, describeAction(a, d.currency))
	}
	action := "no resolution action"
	if len(what) > 0 {
		action = strings.Join(what, " and ")
		if v.outcome == dz.OutcomeEscalate {
			action = "proposed " + action + ", for you to approve"
		}
	}
	dec.Summary = fmt.Sprintf("%s: %s for %s (confidence %.3f, risk %s).", capitalize(string(v.outcome)), action, who, dec.Confidence, dec.RiskLevel)
	if pl.backing != nil {
		dec.Summary += fmt.Sprintf(" Backed by precedent %s (similarity %.2f).", pl.backing.Precedent.ID, pl.backing.Similarity)
	}

	dec.Reason = v.reason
	if dec.Reason == "" {
		dec.Reason = confidenceReason(d, pl, v)
	}
	dec.Suggestion = suggestion(d, ev, pl)
}

func confidenceReason(d *decision, pl *plan, v verdict) string {
	var why []string
	if len(pl.basis) > 0 {
		why = append(why, pl.basis...)
	} else {
		why = append(why, "no policy proposes a resolution for this case")
	}
	return strings.Join(why, "; ") + ". " + capitalize(lastStep(v)) + "."
}

func lastStep(v verdict) string {
	if len(v.steps) == 0 {
		return ""
	}
	return v.steps[len(v.steps)-1]
}

// suggestion names the context that would most raise confidence.
func suggestion(d *decision, ev *evaluation, pl *plan) string {
	var s []string
	if d.entity == nil {
		s = append(s, "add this customer as an entity (or pass context.entity) so plan, tenure and billing facts are known")
	}
	if pl.nearest == nil {
		s = append(s, fmt.Sprintf("add a precedent for a %s case like this one", strings.ReplaceAll(d.intent, "_", " ")))
	}
	if len(ev.results) == 0 {
		s = append(s, fmt.Sprintf("add a policy scoped to the %s intent", d.intent))
	}
	for _, id := range ev.stale {
		s = append(s, "review stale policy "+id)
	}
	if len(s) == 0 {
		return ""
	}
	return capitalize(strings.Join(s, "; ")) + "."
}

// describeAction reads an action in plain words: "refund $290.00".
func describeAction(a dz.Action, currency string) string {
	if amt, ok := a.Params["amount"].(float64); ok {
		return fmt.Sprintf("%s %s", a.Type, money(amt, currency))
	}
	if pct, ok := a.Params["percent"].(float64); ok {
		return fmt.Sprintf("%s %s%%", a.Type, formatNumber(pct))
	}
	return a.Type
}

func money(v float64, currency string) string {
	sym := map[string]string{"USD": "$", "EUR": "€", "GBP": "£"}[currency]
	if sym == "" {
		return fmt.Sprintf("%.2f %s", v, currency)
	}
	return fmt.Sprintf("%s%.2f", sym, v)
}

func formatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func toFloat(v any) (float64, bool) { return dz.Number(v) }

// intentWords spells an intent's name as words: "sla_credit" is "SLA credit".
func intentWords(intent string) string {
	words := strings.Split(intent, "_")
	for i, w := range words {
		if acronym, ok := acronyms[w]; ok {
			words[i] = acronym
		}
	}
	return strings.Join(words, " ")
}

// acronyms are the words of intent names written in capitals.
var acronyms = map[string]string{"sla": "SLA", "api": "API", "gdpr": "GDPR", "sso": "SSO", "vat": "VAT"}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
