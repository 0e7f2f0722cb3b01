package engine

import (
	"fmt"
	"strings"

	"github.com/delegatezero/dz"
)

// maxGaps is how many context-gap questions a decision carries at most.
const maxGaps = 3

// gaps asks the founder for the context that was missing, after a decision
// whose confidence fell below its risk level's threshold: a precedent when
// no similar case was decided, the customer when none matched, a review of
// a stale policy, and where a fact the rules read can be found. Each is
// tied to the context type its answer writes (internal/learn.AnswerGap).
func (e *Engine) gaps(d *decision, ev *evaluation, pl *plan, c confidence, risk dz.RiskUse) []dz.Gap {
	if c.value >= risk.Threshold {
		return nil
	}
	var out []dz.Gap
	add := func(t dz.ContextType, q, hint string) {
		out = append(out, dz.Gap{ID: fmt.Sprintf("gap-%d", len(out)+1), Question: q, Type: t, Hint: hint})
	}
	intent := strings.ReplaceAll(d.intent, "_", " ")
	if pl.nearest == nil {
		add(dz.TypePrecedent, fmt.Sprintf("How would you handle %s like this one?", requestWords(intent)),
			"Say what you would do and why. Your answer becomes a precedent with this case's facts; to teach an amount, resolve the decision with its actions instead.")
	}
	if d.entity == nil {
		who := "this sender"
		if email, ok := d.facts.byName["email"].Value.(string); ok {
			who = email
		}
		add(dz.TypeEntity, fmt.Sprintf("Who is %s? I could not match them to a customer.", who),
			"Give the customer's name (and plan, if they pay). Your answer becomes an entity with this sender's e-mail and domain.")
	}
	if len(ev.stale) > 0 {
		add(dz.TypePolicy, fmt.Sprintf("Policy %s has not changed in over %d days. Is it still how you want %s requests handled?", ev.stale[0], e.ws.Settings.StalenessDays, intent),
			"Say what changed, or that it still holds. The policy is marked reviewed today, with your answer in its description.")
	}
	if f := e.unreadFact(d, ev); f != "" {
		add(dz.TypeSource, fmt.Sprintf("Where can I find %s for requests like this one? Your rules read it, but I could not.", strings.ReplaceAll(f, "_", " ")),
			"Say where it is recorded or what it usually is. Your answer becomes a source note the engine cites.")
	}
	if len(out) > maxGaps {
		out = out[:maxGaps]
	}
	return out
}

// unreadFact is the first fact (by name) an in-scope rule reads that is not
// known, for a matched customer; with no customer, the entity gap covers it.
func (e *Engine) unreadFact(d *decision, ev *evaluation) string {
	if d.entity == nil {
		return ""
	}
	for _, f := range sortedKeys(ev.factsRead) {
		if !d.facts.has(f) {
			return f
		}
	}
	return ""
}

// requestWords names a request of an intent: "a refund request", "an
// sla credit request", and for other, "a request".
func requestWords(intent string) string {
	if intent == "" || intent == "other" {
		return "a request"
	}
	if strings.ContainsRune("aeiou", rune(intent[0])) {
		return "an " + intent + " request"
	}
	return "a " + intent + " request"
}
