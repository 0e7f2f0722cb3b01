package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/policy"
	"github.com/delegatezero/dz/internal/retrieve"
)

// ruleRef names a rule for the trace and for reasons: "refund-policy/cap".
type ruleRef struct {
	policy, rule string
}

func (r ruleRef) String() string { return r.policy + "/" + r.rule }

// stop is a hard stop that holds, or one that could not be ruled out.
type stop struct {
	ref     ruleRef
	action  string // for a limit that could not be computed: the action it limits
	message string
	missing []string // facts that would have decided it, when it could not be evaluated
}

// bound is a limit on one action parameter.
type bound struct {
	action, param string
	max, min      *float64
	maxRef        ruleRef
	minRef        ruleRef
}

// exception is a rule that lets precedents propose an action. Its condition
// also picks the precedents that were in the same situation.
type exception struct {
	ref  ruleRef
	when *policy.Program // nil: every precedent qualifies
}

// requirement is a required fact that is missing.
type requirement struct {
	ref      ruleRef
	fact     string
	question string
}

// proposal is an action a rule or precedent proposes, with where it came from.
type proposal struct {
	action dz.Action
	from   string   // "policy refund/inside-window" or "precedent p-046"
	reads  []string // the facts its condition and parameters read
}

// evaluation is the result of evaluating every in-scope policy.
type evaluation struct {
	results      []dz.PolicyResult
	stops        []stop // holds
	unknown      []stop // could not be ruled out (hard stops, refusals, transfers)
	refusals     []stop // refuse rules that hold
	partRefusals []stop // refuse rules naming an action: that action is refused, the rest goes on
	transfers    []stop // transfer rules that hold
	required     []requirement
	limits       map[string]*bound // action.param → bound
	badLimits    []stop            // limits whose bound could not be computed
	badDefaults  []stop            // defaults that hold but whose parameters could not be computed
	defaults     []proposal
	exceptions   map[string]exception // action type → the rule that allows it
	evalErrors   int
	stale        []string
	factsRead    map[string]bool
	// governed is true when a policy says how this kind of request is
	// resolved: a resolution rule (default, exception, refuse, transfer) of a
	// policy scoped to the intent, or one that holds. Where none does, the
	// founder's precedents are the only guide (see follow).
	governed bool
}

// evaluatePolicies evaluates every rule of every in-scope policy. Ranking
// never drops one: scope is the only filter.
func (e *Engine) evaluatePolicies(d *decision) *evaluation {
	ev := &evaluation{limits: map[string]*bound{}, exceptions: map[string]exception{}, factsRead: map[string]bool{}}
	for _, p := range e.policies {
		if !e.inScope(p.Policy, d) {
			continue
		}
		res := dz.PolicyResult{ID: p.ID, Hash: p.Hash, Stale: e.stale(p.Policy, d.now)}
		if res.Stale {
			ev.stale = append(ev.stale, p.ID)
		}
		primary := matchAny(p.Scope.Intents, map[string]bool{d.intent: true})
		for _, r := range p.rules {
			if !primary && !guardrail(r.Effect) {
				res.Rules = append(res.Rules, dz.RuleResult{ID: r.ID, Effect: r.Effect, When: r.When,
					Detail: "not applied: the policy is in scope through a secondary intent, which brings only its hard stops and limits"})
				continue
			}
			rr := e.evaluateRule(ev, d, p.ID, r)
			if resolves(r.Effect) && (rr.Holds || len(p.Scope.Intents) > 0) {
				ev.governed = true
			}
			res.Rules = append(res.Rules, rr)
		}
		ev.results = append(ev.results, res)
	}
	return ev
}

// guardrail reports whether an effect protects the founder (and so applies
// whenever its policy is in scope by any intent), rather than resolving the case.
func guardrail(e dz.Effect) bool { return e == dz.EffectHardStop || e == dz.EffectLimit }

// resolves reports whether an effect says how a request is resolved.
func resolves(e dz.Effect) bool {
	return e == dz.EffectDefault || e == dz.EffectException || e == dz.EffectRefuse || e == dz.EffectTransfer
}

func (e *Engine) inScope(p *dz.Policy, d *decision) bool {
	s := p.Scope
	return matchAny(s.Intents, d.intentSet) && matchAny(s.Profiles, map[string]bool{d.req.Profile: true}) && matchAny(s.Tags, d.tags)
}

// matchAny reports whether list is empty or shares an element with set.
func matchAny(list []string, set map[string]bool) bool {
	if len(list) == 0 {
		return true
	}
	for _, x := range list {
		if set[x] {
			return true
		}
	}
	return false
}

func (e *Engine) stale(p *dz.Policy, now time.Time) bool {
	return retrieve.IsStale(p.Updated, now, e.ws.Settings.StalenessDays)
}

func (e *Engine) evaluateRule(ev *evaluation, d *decision, policyID string, r compiledRule) dz.RuleResult {
	ref := ruleRef{policyID, r.ID}
	res := dz.RuleResult{ID: r.ID, Effect: r.Effect, When: r.When, Holds: true}
	for _, prg := range []*policy.Program{r.when, r.max, r.min} {
		if prg != nil {
			for _, f := range prg.Facts() {
				ev.factsRead[f] = true
			}
		}
	}
	if r.when != nil {
		holds, err := r.when.Bool(d.vars)
		if err != nil {
			missing := d.missing(r.when)
			res.Holds, res.Error = false, err.Error()
			ev.evalErrors++
			// A guardrail that cannot be evaluated is treated as if it may hold.
			switch r.Effect {
			case dz.EffectHardStop, dz.EffectRefuse, dz.EffectTransfer:
				ev.unknown = append(ev.unknown, stop{ref: ref, message: r.Message, missing: missing})
				res.Detail = "could not rule out this " + strings.ReplaceAll(string(r.Effect), "_", " ")
			case dz.EffectLimit:
				ev.badLimits = append(ev.badLimits, stop{ref: ref, action: r.Action, message: "its condition could not be evaluated: " + err.Error(), missing: missing})
				res.Detail = "could not tell whether this limit applies"
			case dz.EffectRequire:
				for _, f := range missing {
					ev.required = append(ev.required, requirement{ref: ref, fact: f, question: factQuestion(f)})
				}
				res.Detail = "could not tell whether " + r.Fact + " is required"
			}
			return res
		}
		res.Holds = holds
	}
	if !res.Holds {
		return res
	}
	switch r.Effect {
	case dz.EffectHardStop:
		ev.stops = append(ev.stops, stop{ref: ref, message: r.Message})
		res.Detail = "hard stop: " + r.Message
	case dz.EffectRefuse:
		if r.Action != "" { // refuses one part of the request; the rest goes on
			ev.partRefusals = append(ev.partRefusals, stop{ref: ref, action: r.Action, message: r.Message})
			res.Detail = "refuses " + r.Action + ": " + r.Message
			break
		}
		ev.refusals = append(ev.refusals, stop{ref: ref, message: r.Message})
		res.Detail = "refuses: " + r.Message
	case dz.EffectTransfer:
		ev.transfers = append(ev.transfers, stop{ref: ref, message: r.Message})
		res.Detail = "transfers to a human: " + r.Message
	case dz.EffectRequire:
		ev.factsRead[r.Fact] = true
		if !d.facts.has(r.Fact) {
			ev.required = append(ev.required, requirement{ref: ref, fact: r.Fact, question: r.Question})
			res.Detail = "missing fact " + r.Fact
		} else {
			res.Detail = "fact " + r.Fact + " is known"
		}
	case dz.EffectLimit:
		res.Detail = e.applyLimit(ev, d, ref, r)
	case dz.EffectDefault:
		res.Detail = e.applyDefault(ev, d, ref, r)
	case dz.EffectException:
		ev.exceptions[r.Action] = exception{ref: ref, when: r.when}
		res.Detail = "precedents may propose " + r.Action
	}
	return res
}

func (e *Engine) applyLimit(ev *evaluation, d *decision, ref ruleRef, r compiledRule) string {
	key := r.Action + "." + r.Param
	b := ev.limits[key]
	if b == nil {
		b = &bound{action: r.Action, param: r.Param}
		ev.limits[key] = b
	}
	var parts []string
	for _, side := range []struct {
		prg *policy.Program
		max bool
	}{{r.max, true}, {r.min, false}} {
		if side.prg == nil {
			continue
		}
		v, err := side.prg.Number(d.vars)
		if err != nil {
			ev.evalErrors++
			ev.badLimits = append(ev.badLimits, stop{ref: ref, action: r.Action, message: fmt.Sprintf("the limit on %s could not be computed: %v", key, err), missing: d.missing(side.prg)})
			parts = append(parts, "bound not computable: "+err.Error())
			continue
		}
		if side.max && (b.max == nil || v < *b.max) {
			b.max, b.maxRef = &v, ref
		}
		if !side.max && (b.min == nil || v > *b.min) {
			b.min, b.minRef = &v, ref
		}
		op := "≥"
		if side.max {
			op = "≤"
		}
		parts = append(parts, fmt.Sprintf("%s %s %s", key, op, formatNumber(v)))
	}
	return "limit " + strings.Join(parts, ", ")
}

func (e *Engine) applyDefault(ev *evaluation, d *decision, ref ruleRef, r compiledRule) string {
	a := dz.Action{Type: r.Action}
	for _, p := range r.params {
		v, err := p.prg.Eval(d.vars)
		if err != nil {
			// The rule holds, so the founder wants this action; one that
			// cannot be sized must not vanish while the rest executes.
			ev.evalErrors++
			ev.badDefaults = append(ev.badDefaults, stop{ref: ref, action: r.Action,
				message: fmt.Sprintf("the %s parameter %s could not be computed: %v", r.Action, p.name, err), missing: d.missing(p.prg)})
			return fmt.Sprintf("default %s not proposed: parameter %s: %v", r.Action, p.name, err)
		}
		if a.Params == nil {
			a.Params = map[string]any{}
		}
		a.Params[p.name] = normalizeParam(v)
	}
	var reads []string
	for _, prg := range append([]*policy.Program{r.when}, paramPrograms(r)...) {
		if prg != nil {
			reads = append(reads, prg.Facts()...)
		}
	}
	ev.defaults = append(ev.defaults, proposal{action: a, from: "policy " + ref.String(), reads: reads})
	return "proposes " + describeAction(a, d.currency)
}

func normalizeParam(v any) any {
	if f, ok := normalize(v).(float64); ok {
		return roundCents(f)
	}
	return normalize(v)
}

func paramPrograms(r compiledRule) []*policy.Program {
	out := make([]*policy.Program, len(r.params))
	for i, p := range r.params {
		out[i] = p.prg
	}
	return out
}
