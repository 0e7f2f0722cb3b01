package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/compose"
)

// pickPlaybook returns the first playbook (by id) whose intents include the
// top intent and whose condition holds, preferring one that names the intent
// over a catch-all.
func (e *Engine) pickPlaybook(d *decision) *dz.Playbook {
	var generic *dz.Playbook
	for _, pb := range e.playbooks {
		if pb.when != nil {
			ok, err := pb.when.Bool(d.vars)
			if err != nil || !ok {
				continue
			}
		}
		if len(pb.Intents) == 0 {
			if generic == nil {
				generic = pb.Playbook
			}
			continue
		}
		if matchAny(pb.Intents, map[string]bool{d.intent: true}) {
			return pb.Playbook
		}
	}
	return generic
}

// compose writes the reply in the founder's voice for the decided outcome.
func (e *Engine) compose(d *decision, ev *evaluation, v verdict, pl *plan, pb *dz.Playbook) (compose.Output, error) {
	return compose.Compose(compose.Input{
		Settings: e.ws.Settings, Templates: e.ws.Templates, Entity: d.entity,
		Intent: d.intent, Outcome: v.outcome, Actions: pl.actions, Questions: v.questions,
		Reason: e.customerReason(d, ev, pl), Refusal: refusalText(ev), Facts: e.replyFacts(d), Playbook: pb, Instructions: d.req.Instructions,
	})
}

// customerReason explains a decision that grants nothing in words fit for
// the customer. The founder-facing reason (rule ids, confidence) never goes
// into the reply.
func (e *Engine) customerReason(d *decision, ev *evaluation, pl *plan) string {
	if len(ev.refusals) > 0 {
		return refusalText(ev)
	}
	for _, a := range pl.actions {
		if a.Type == dz.ActionTransfer {
			reason, _ := a.Params["reason"].(string)
			return reason
		}
	}
	if hasResolution(pl.actions) {
		return ""
	}
	switch d.intent {
	case "refund":
		since, ok := d.facts.number("days_since_charge")
		if past, _ := d.facts.number("days_past_window"); ok && past > 0 {
			return fmt.Sprintf("Our refunds cover %d days from the charge, and this charge was %d days ago, so it falls outside that window.", e.ws.Settings.RefundWindowDays, int(since))
		}
	case "sla_credit":
		if _, measured := d.facts.number("uptime_percent"); measured && !d.facts.bool("sla_breached") {
			return "Our measured uptime for that month stayed within what our SLA commits to, so no SLA credit is due."
		}
	}
	return ""
}

// replyFacts are the facts the reply may draw on. An outage date the
// customer claims reaches the reply only when the incident log confirms
// it; with no claim, the matched incident's own date is used. A reply must
// never confirm an outage that did not happen.
func (e *Engine) replyFacts(d *decision) map[string]any {
	facts := d.facts.values()
	claimed, hasClaim := facts["incident_date"].(string)
	delete(facts, "incident_date")
	id, _ := facts["incident_id"].(string)
	inc := e.incident(id)
	raised := hasClaim || d.facts.bool("outage_claimed") || d.facts.bool("data_loss_claimed") || d.intent == "sla_credit"
	if inc == nil || !raised { // nobody spoke of an outage: the reply does not bring one up
		delete(facts, "incident_summary")
		return facts
	}
	start := inc.Start.In(e.loc)
	logged := start.Format(time.DateOnly)
	if !hasClaim || claimed == logged || claimed == start.AddDate(0, 0, 1).Format(time.DateOnly) || claimed == start.AddDate(0, 0, -1).Format(time.DateOnly) {
		facts["incident_date"] = logged
	}
	return facts
}

// refusalText is the refuse rules' messages, whole or partial: the
// founder's words for why.
func refusalText(ev *evaluation) string {
	var msgs []string
	for _, r := range append(ev.refusals, ev.partRefusals...) {
		msgs = append(msgs, r.message)
	}
	return strings.Join(msgs, " ")
}
