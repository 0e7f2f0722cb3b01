package engine

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/policy"
	"github.com/delegatezero/dz/internal/retrieve"
)

// minSimilarity is how similar a precedent must be to back an exception or
// count toward precedent agreement.
const minSimilarity = 0.5

// plan is the set of actions proposed for a decision and how they came to be.
type plan struct {
	actions    []dz.Action
	notes      []string        // everything the stage considered, for the trace
	basis      []string        // the notes that explain the proposal, for the reason
	conflict   string          // why policies disagree; forces escalation
	unresolved []stop          // limits on proposed actions that could not be computed
	clamped    []string        // limits that changed a proposal, for "what would change"
	cut        bool            // a limit lowered what the customer would get: at most a draft
	reads      map[string]bool // facts the proposed actions were computed from
	fromPolicy bool            // a policy default proposed the resolution
	backing    *retrieve.PrecedentMatch
	followed   *retrieve.PrecedentMatch // the precedent whose resolution was followed where no policy covers the intent
	agreement  float64                  // weighted share of similar precedents that agree; -1 when none
	nearest    *retrieve.PrecedentMatch
}

// explain records a note that also belongs in the decision's reason.
func (pl *plan) explain(note string) {
	pl.notes = append(pl.notes, note)
	pl.basis = append(pl.basis, note)
}

// propose turns policy defaults and precedent-backed exceptions into
// actions, then clamps every parameter by the limits.
func (e *Engine) propose(d *decision, ev *evaluation, ms []retrieve.PrecedentMatch) *plan {
	pl := &plan{agreement: -1, reads: map[string]bool{}}
	byType := map[string]proposal{}
	for _, p := range ev.defaults {
		if old, ok := byType[p.action.Type]; ok {
			if !sameParams(old.action, p.action) {
				pl.conflict = fmt.Sprintf("%s proposes %s but %s proposes %s", old.from, describeAction(old.action, d.currency), p.from, describeAction(p.action, d.currency))
			}
			continue
		}
		byType[p.action.Type] = p
		pl.actions = append(pl.actions, p.action)
		for _, f := range p.reads {
			pl.reads[f] = true
		}
		pl.fromPolicy = true
		pl.explain(fmt.Sprintf("%s proposes %s", p.from, describeAction(p.action, d.currency)))
	}
	for _, m := range ms {
		if m.Similarity >= minSimilarity && m.Precedent.Intent == d.intent {
			pl.nearest = &m
			break
		}
	}
	comparable := ms
	for _, typ := range sortedKeys(ev.exceptions) {
		if _, ok := byType[typ]; ok {
			continue
		}
		ex := ev.exceptions[typ]
		comparable = e.sameSituation(d, pl, ex, ms)
		e.exception(d, pl, ex.ref, typ, comparable)
	}
	if len(ev.transfers) > 0 {
		t := ev.transfers[0]
		pl.actions = []dz.Action{{Type: dz.ActionTransfer, Params: map[string]any{"reason": t.message}}}
		pl.fromPolicy, pl.backing = true, nil
		pl.explain(fmt.Sprintf("policy %s transfers the customer to a human; no other action is taken", t.ref))
	}
	for _, r := range ev.partRefusals {
		pl.actions = slices.DeleteFunc(pl.actions, func(a dz.Action) bool { return a.Type == r.action })
		pl.explain(fmt.Sprintf("policy %s refuses %s: %s", r.ref, r.action, r.message))
	}
	if !ev.governed {
		e.follow(d, pl, ms)
	}
	pl.unresolved = append(pl.unresolved, ev.badDefaults...)
	if len(ev.refusals) > 0 {
		pl.actions, pl.fromPolicy, pl.backing = nil, true, nil
		for _, r := range ev.refusals {
			pl.explain(fmt.Sprintf("policy %s refuses: %s", r.ref, r.message))
		}
	}
	pl.agreement = agreement(comparable, d.intent, pl.actions)
	e.clamp(d, ev, pl)
	return pl
}

// follow proposes the resolution of the most similar precedent of the same
// intent when no policy says how this kind of request is resolved: where the
// founder wrote no rule, what she decided before is the only guide. A
// declined precedent proposes nothing. Limits still clamp what it proposes,
// and the outcome is at most a draft (see outcome).
func (e *Engine) follow(d *decision, pl *plan, ms []retrieve.PrecedentMatch) {
	for i := range ms {
		m := &ms[i]
		p := m.Precedent
		if m.Similarity < minSimilarity || p.Intent != d.intent {
			continue
		}
		pl.followed = m
		if p.Resolution == dz.ResolutionDeclined {
			pl.explain(fmt.Sprintf("no policy covers %s requests; the nearest precedent %s (similarity %.2f) was declined", d.intent, p.ID, m.Similarity))
			return
		}
		for _, a := range p.Actions {
			scaled, how := scale(a, p, d)
			if a.Type == "refund" || a.Type == "credit" {
				unsized(pl, ruleRef{"precedent", p.ID}, p, scaled)
			}
			pl.actions = append(pl.actions, scaled)
			pl.explain(fmt.Sprintf("no policy covers %s requests; precedent %s (similarity %.2f) %s", d.intent, p.ID, m.Similarity, how))
			if _, sized := a.Params["amount"]; sized || a.Params["percent"] != nil {
				pl.reads["amount"], pl.reads["mrr"] = true, true
			}
		}
		return
	}
}

// sameSituation keeps the precedents for which the exception's condition
// also holds: only a case that was past the window after an outage can size
// an outage exception. A precedent whose facts cannot answer the condition
// is kept.
func (e *Engine) sameSituation(d *decision, pl *plan, ex exception, ms []retrieve.PrecedentMatch) []retrieve.PrecedentMatch {
	if ex.when == nil {
		return ms
	}
	var out []retrieve.PrecedentMatch
	for _, m := range ms {
		p := m.Precedent
		vars := policy.NewVars(policy.Input{Facts: normalize(orEmpty(p.Facts)).(map[string]any), Entity: e.entityVarsFor(e.entities[p.Entity]),
			Tables: e.tables, Request: map[string]any{"text": p.Summary}, Intent: p.Intent, Now: d.now})
		if holds, err := ex.when.Bool(vars); err == nil && !holds {
			pl.notes = append(pl.notes, fmt.Sprintf("precedent %s set aside for exception %s: its facts do not meet the exception's condition", p.ID, ex.ref))
			continue
		}
		out = append(out, m)
	}
	return out
}

// exception proposes an action of type typ from the most similar precedent
// that decided one, scaled to this case. A more similar declined precedent
// wins over it: the founder said no to a closer case.
func (e *Engine) exception(d *decision, pl *plan, ref ruleRef, typ string, ms []retrieve.PrecedentMatch) {
	for i := range ms {
		m := &ms[i]
		p := m.Precedent
		if m.Similarity < minSimilarity || p.Intent != d.intent {
			continue
		}
		if p.Resolution == dz.ResolutionDeclined {
			pl.explain(fmt.Sprintf("exception %s allowed by policy %s, but the nearest precedent %s (similarity %.2f) was declined", typ, ref, p.ID, m.Similarity))
			return
		}
		for _, a := range p.Actions {
			if a.Type != typ {
				continue
			}
			scaled, how := scale(a, p, d)
			unsized(pl, ref, p, scaled)
			pl.actions = append(pl.actions, scaled)
			pl.reads["amount"], pl.reads["mrr"] = true, true
			pl.backing = m
			pl.explain(fmt.Sprintf("exception %s allowed by policy %s; precedent %s (similarity %.2f) %s", typ, ref, p.ID, m.Similarity, how))
			return
		}
	}
	pl.explain(fmt.Sprintf("exception %s allowed by policy %s, but no similar precedent decided one", typ, ref))
}

// unsized stops a refund or credit whose percentage a precedent gave from
// executing when the amount it applies to is not known.
func unsized(pl *plan, ref ruleRef, p *dz.Precedent, a dz.Action) {
	_, pct := a.Params["percent"]
	_, sized := a.Params["amount"]
	if !pct || sized {
		return
	}
	base := map[string]string{"credit": "mrr"}[a.Type]
	pl.unresolved = append(pl.unresolved, stop{ref: ref, action: a.Type, message: fmt.Sprintf("precedent %s gives a percentage, but the %s it applies to is not known", p.ID, orDefault(base, "amount")), missing: []string{orDefault(base, "amount")}})
}

// scale fits a precedent's action to this case: a percentage applies to this
// amount; an amount keeps its ratio to the precedent's own amount.
func scale(a dz.Action, p *dz.Precedent, d *decision) (dz.Action, string) {
	out := dz.Action{Type: a.Type, Params: map[string]any{}}
	for k, v := range a.Params {
		out.Params[k] = normalize(v)
	}
	amount, hasAmount := d.facts.number("amount")
	base := amount
	if a.Type == "credit" {
		base, hasAmount = d.facts.number("mrr")
	}
	if pct, ok := out.Params["percent"].(float64); ok {
		if hasAmount {
			out.Params["amount"] = roundCents(base * pct / 100)
			return out, fmt.Sprintf("decided %s%% → %s%% of %s = %s", formatNumber(pct), formatNumber(pct), money(base, d.currency), money(out.Params["amount"].(float64), d.currency))
		}
		return out, fmt.Sprintf("decided %s%%", formatNumber(pct))
	}
	if amt, ok := out.Params["amount"].(float64); ok {
		pAmount, ok := toFloat(p.Facts["amount"])
		if ok && pAmount > 0 && hasAmount {
			ratio := amt / pAmount
			out.Params["amount"] = roundCents(amount * ratio)
			out.Params["percent"] = round3(ratio * 100)
			return out, fmt.Sprintf("refunded %s of %s (%s%%) → %s of %s", money(amt, d.currency), money(pAmount, d.currency), formatNumber(round3(ratio*100)), money(out.Params["amount"].(float64), d.currency), money(amount, d.currency))
		}
		return out, fmt.Sprintf("decided %s, kept as is", money(amt, d.currency))
	}
	return out, "decided " + a.Type
}

// agreement is the similarity-weighted share of similar precedents that
// resolved the case the same way: the same kinds of resolution action
// (refund, credit, …), or none when the precedent was declined and nothing is
// proposed. A reply alone is not a resolution.
func agreement(ms []retrieve.PrecedentMatch, intent string, proposed []dz.Action) float64 {
	want := resolutionTypes(proposed)
	var agree, total float64
	for _, m := range ms {
		if m.Similarity < minSimilarity || m.Precedent.Intent != intent {
			continue
		}
		total += m.Similarity
		var got string
		if m.Precedent.Resolution != dz.ResolutionDeclined {
			got = resolutionTypes(m.Precedent.Actions)
		}
		if got == want {
			agree += m.Similarity
		}
	}
	if total == 0 {
		return -1
	}
	return agree / total
}

// resolutionTypes names the resolution action types, sorted: "credit,refund".
func resolutionTypes(actions []dz.Action) string {
	var types []string
	for _, a := range actions {
		if a.Type != "reply" && a.Type != "decline" && !slices.Contains(types, a.Type) {
			types = append(types, a.Type)
		}
	}
	slices.Sort(types)
	return strings.Join(types, ",")
}

// clamp holds every proposed parameter inside the limits on it.
func (e *Engine) clamp(d *decision, ev *evaluation, pl *plan) {
	for i, a := range pl.actions {
		for _, bad := range ev.badLimits {
			if bad.action == a.Type {
				pl.unresolved = append(pl.unresolved, bad)
			}
		}
		for _, key := range sortedKeys(ev.limits) {
			b := ev.limits[key]
			if b.action != a.Type {
				continue
			}
			if b.max != nil && b.min != nil && *b.min > *b.max {
				pl.conflict = fmt.Sprintf("limit %s sets %s at least %s but limit %s caps it at %s", b.minRef, key, formatNumber(*b.min), b.maxRef, formatNumber(*b.max))
				continue
			}
			v, ok := a.Params[b.param].(float64)
			if !ok {
				if b.max != nil || b.min != nil {
					pl.notes = append(pl.notes, fmt.Sprintf("limit on %s not applied: %s has no numeric %s", key, a.Type, b.param))
					pl.unresolved = append(pl.unresolved, stop{ref: b.maxRef, message: fmt.Sprintf("%s has no numeric %s to check against its limit", a.Type, b.param)})
				}
				continue
			}
			if b.max != nil && v > *b.max {
				pl.actions[i].Params[b.param] = *b.max
				msg := fmt.Sprintf("limit %s clamped %s.%s from %s to %s", b.maxRef, a.Type, b.param, formatNumber(v), formatNumber(*b.max))
				pl.explain(msg)
				pl.clamped, pl.cut = append(pl.clamped, msg), true
				v = *b.max
				keepPercentTrue(d, pl.actions[i], b.param)
			}
			if b.min != nil && v < *b.min {
				pl.actions[i].Params[b.param] = *b.min
				msg := fmt.Sprintf("limit %s raised %s.%s from %s to %s", b.minRef, a.Type, b.param, formatNumber(v), formatNumber(*b.min))
				pl.explain(msg)
				pl.clamped = append(pl.clamped, msg)
			}
		}
		if amt, ok := pl.actions[i].Params["amount"].(float64); ok && (amt < 0 || math.IsNaN(amt) || math.IsInf(amt, 0)) {
			pl.conflict = fmt.Sprintf("%s amount %s is not a payable amount", a.Type, formatNumber(amt))
		}
	}
}

// keepPercentTrue recomputes a scaled action's percent after its amount was
// clamped, so the reply never states "$40.83 (50%)"; without the amount it
// applies to, the percent is dropped.
func keepPercentTrue(d *decision, a dz.Action, param string) {
	if _, has := a.Params["percent"]; param != "amount" || !has {
		return
	}
	amt, _ := a.Params["amount"].(float64)
	if base, ok := d.facts.number("amount"); ok && base > 0 {
		a.Params["percent"] = round3(amt / base * 100)
		return
	}
	delete(a.Params, "percent")
}

func hasResolution(actions []dz.Action) bool {
	for _, a := range actions {
		if a.Type != "reply" && a.Type != "decline" {
			return true
		}
	}
	return false
}

func sameParams(a, b dz.Action) bool {
	if len(a.Params) != len(b.Params) {
		return false
	}
	for k, v := range a.Params {
		if fmt.Sprint(b.Params[k]) != fmt.Sprint(v) {
			return false
		}
	}
	return true
}
