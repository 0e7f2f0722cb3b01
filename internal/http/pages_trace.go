package http

import (
	"fmt"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// founderView is the founder's page of one decision.
type founderView struct {
	Rec         *dz.DecisionRecord
	Trace       *dz.Trace // never nil: empty while the decision is pending
	Actions     []string
	Proposed    []string // on an escalation, what the engine would have done
	Rules       []founderRule
	Deciding    []string // what decided the outcome: rules, threshold, precedent
	Feedback    []*dz.Feedback
	FounderURL  string
	PublicURL   string // a public link made just now; "" otherwise (links are shown once)
	ProofURL    string
	Verify      *verifyView
	NoRecord    string // why there is no verify panel
	CanReview   bool   // a signed-in session: the page has forms
	Outcomes    []dz.Outcome
	Reviewed    bool // the decision has feedback
	Escalation  bool // the resolve form applies
	DraftReview bool // the approve/edit/reject forms apply
}

// founderRule is one evaluated rule with the founder's words for it, as
// the audit record has them.
type founderRule struct {
	dz.RuleResult
	Policy, PolicyTitle, Description, Message string
	Stale                                     bool
}

// fill derives the page's sections from the decision's trace and, when
// there is one, its full audit record (which keeps the policies' titles
// and the founder's words as they were when it was decided).
func (v *founderView) fill(b *audit.Bundle) {
	rec := v.Rec
	v.Trace = rec.Trace
	if v.Trace == nil {
		v.Trace = &dz.Trace{}
	}
	for _, a := range rec.Actions {
		v.Actions = append(v.Actions, actionWords(a))
	}
	for _, a := range v.Trace.Proposed {
		v.Proposed = append(v.Proposed, actionWords(a))
	}
	words, policies := map[string]ruleField{}, map[string]contextField{}
	if b != nil {
		for _, f := range b.Record.Fields {
			var rf ruleField
			var cf contextField
			switch {
			case strings.HasPrefix(f.Name, "rule/") && decodeField(f, &rf):
				words[rf.Policy+"/"+rf.Rule] = rf
			case strings.HasPrefix(f.Name, "context/policy/") && decodeField(f, &cf):
				policies[cf.ID] = cf
			}
		}
	}
	for _, p := range v.Trace.Policies {
		for _, r := range p.Rules {
			v.Rules = append(v.Rules, founderRule{RuleResult: r, Policy: p.ID, PolicyTitle: policies[p.ID].Title,
				Description: policies[p.ID].Description, Message: words[p.ID+"/"+r.ID].Message, Stale: p.Stale})
		}
	}
	v.Reviewed = len(v.Feedback) > 0
	complete := rec.Status == dz.StatusComplete && !rec.DryRun
	v.Escalation = complete && rec.Decision.Decision == dz.OutcomeEscalate
	v.DraftReview = complete && rec.Decision.Decision == dz.OutcomeDraft
	v.Deciding = deciding(rec, v.Rules)
}

// guardrails are the rule effects that settle an outcome on their own.
var guardrails = map[dz.Effect]string{
	dz.EffectHardStop: "hard stop",
	dz.EffectRefuse:   "refusal",
	dz.EffectTransfer: "transfer to a person",
}

// deciding says what decided a decision, most decisive first: guardrails
// that held or could not be ruled out, requirements not met, the rules
// that proposed the actions, confidence against the risk level's
// threshold and draft floor, and the closest precedent.
func deciding(rec *dz.DecisionRecord, rules []founderRule) []string {
	t := rec.Trace
	if t == nil {
		return nil
	}
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for _, r := range rules {
		if name, ok := guardrails[r.Effect]; ok && (r.Holds || r.Error != "") {
			verb := "held"
			if !r.Holds {
				verb = "could not be ruled out"
			}
			add("The %s %s/%s %s%s.", name, r.Policy, r.ID, verb, colon(orDefault(r.Message, r.Detail)))
		}
	}
	for _, r := range rules {
		if r.Effect == dz.EffectRequire && (r.Error != "" || (r.Holds && !metRequirement(r.Effect, r.Detail))) {
			add("The requirement %s/%s was not met%s.", r.Policy, r.ID, colon(r.Detail))
		}
	}
	for _, r := range rules {
		if (r.Effect == dz.EffectDefault || r.Effect == dz.EffectException) && r.Holds {
			add("The rule %s/%s applied%s.", r.Policy, r.ID, colon(r.Detail))
		}
	}
	if risk := t.Risk; risk.Level != "" {
		add("Confidence %s against the execute threshold %s of risk level %s, and the draft floor %s.",
			trimFloat(rec.Confidence, 3), trimFloat(risk.Threshold, 2), risk.Level, trimFloat(risk.DraftFloor, 2))
	}
	if len(t.Precedents) > 0 {
		best := t.Precedents[0]
		for _, p := range t.Precedents[1:] {
			if p.Similarity > best.Similarity {
				best = p
			}
		}
		add("The closest precedent was %s (similarity %s, %s).", best.ID, trimFloat(best.Similarity, 2), orDefault(best.Resolution, "no resolution"))
	} else {
		add("No precedent was similar enough to cite.")
	}
	return out
}

// colon introduces a clause: ": text", or nothing for no text.
func colon(s string) string {
	if s == "" {
		return ""
	}
	return ": " + strings.TrimSuffix(s, ".")
}
