package engine

import (
	"fmt"
	"math"

	"github.com/delegatezero/dz"
)

// defaultWeights weigh the confidence components unless dz.yaml's
// confidence_weights says otherwise.
var defaultWeights = map[string]float64{
	"fact_coverage":        0.20,
	"intent_clarity":       0.15,
	"extraction_certainty": 0.10,
	"policy_clarity":       0.25,
	"precedent_agreement":  0.20,
	"entity_match":         0.10,
	"staleness":            0.05,
	"recent_corrections":   0.05,
}

// componentOrder is the order components appear in the trace.
var componentOrder = []string{"fact_coverage", "intent_clarity", "extraction_certainty", "policy_clarity", "precedent_agreement", "entity_match", "staleness", "recent_corrections"}

type confidence struct {
	value      float64
	components []dz.Component
	byName     map[string]float64
	corrected  []correctionHit // the founder's corrections of similar cases that lowered it
}

// confidence scores how sure the engine is, as a weighted mean of named
// components that the trace shows one by one.
func (e *Engine) confidence(d *decision, ev *evaluation, pl *plan, corrected []correctionHit) confidence {
	vals := map[string]struct {
		v    float64
		note string
	}{}
	set := func(name string, v float64, note string, args ...any) {
		vals[name] = struct {
			v    float64
			note string
		}{clamp01(v), fmt.Sprintf(note, args...)}
	}
	known, read := 0, 0
	for f := range ev.factsRead {
		read++
		if d.facts.has(f) {
			known++
		}
	}
	if read == 0 {
		set("fact_coverage", 0.5, "no in-scope rule reads a fact")
	} else {
		set("fact_coverage", float64(known)/float64(read), "%d of %d facts the rules read are known", known, read)
	}
	top, second := d.intents[0].Score, 0.0
	if len(d.intents) > 1 {
		second = d.intents[1].Score
	}
	set("intent_clarity", top-0.5*second, "top intent %s %.2f, runner-up %.2f", d.intent, top, second)
	sum, n := 0.0, 0
	for _, f := range sortedKeys(ev.factsRead) { // a fixed order keeps the float sum byte-identical
		if fact, ok := d.facts.byName[f]; ok && fact.Source == dz.FromExtracted {
			sum += fact.Confidence
			n++
		}
	}
	if n == 0 {
		set("extraction_certainty", 1, "no rule relies on a fact read from text")
	} else {
		set("extraction_certainty", sum/float64(n), "mean certainty of %d facts read from text", n)
	}
	clarity, why := policyClarity(ev, pl)
	set("policy_clarity", clarity, "%s", why)
	switch {
	case pl.agreement < 0 && !pl.fromPolicy && pl.backing == nil:
		// Nothing supports a resolution: no rule proposes one and the
		// founder never decided a similar case. That is no agreement at all.
		set("precedent_agreement", 0, "nothing supports a resolution: no rule proposes one and no similar precedent was decided")
	case pl.agreement < 0:
		set("precedent_agreement", 0.5, "no similar precedent")
	default:
		set("precedent_agreement", pl.agreement, "similarity-weighted share of similar precedents that agree")
	}
	if d.match != nil {
		set("entity_match", d.match.Confidence, "matched by %s", d.match.MatchedBy)
	} else {
		set("entity_match", 0.3, "no entity matched")
	}
	if len(ev.stale) > 0 {
		set("staleness", 0.5, "stale policies in scope: %v", ev.stale)
	} else {
		set("staleness", 1, "no stale policy in scope")
	}
	cv, cnote := correctionComponent(corrected)
	set("recent_corrections", cv, "%s", cnote)

	c := confidence{byName: map[string]float64{}, corrected: corrected}
	var total, weights float64
	for _, name := range componentOrder {
		w := e.weight(name)
		v := vals[name]
		c.components = append(c.components, dz.Component{Name: name, Value: round3(v.v), Weight: w, Note: v.note})
		c.byName[name] = v.v
		total += w * v.v
		weights += w
	}
	if weights > 0 {
		c.value = round3(total / weights)
	}
	return c
}

// policyClarity says how directly the policies settle the case.
func policyClarity(ev *evaluation, pl *plan) (float64, string) {
	v, note := 0.4, "no rule proposes a resolution"
	switch {
	case len(ev.refusals) > 0:
		v, note = 1, "a policy refuses the request"
	case len(ev.transfers) > 0:
		v, note = 1, "a policy transfers the customer to a human"
	case pl.fromPolicy:
		v, note = 1, "a policy default proposes the resolution"
	case pl.backing != nil:
		v, note = 0.75, "a policy allows an exception and a precedent sizes it"
	case len(ev.exceptions) > 0:
		v, note = 0.55, "a policy allows an exception but no precedent backs one"
	case pl.followed != nil:
		note = fmt.Sprintf("no policy covers %s requests; precedent %s proposes the resolution", pl.followed.Precedent.Intent, pl.followed.Precedent.ID)
	}
	if len(pl.clamped) > 0 {
		v *= 0.85
		note += "; a limit cut the proposal"
	}
	if ev.evalErrors > 0 {
		v = math.Max(0.2, v-0.1*float64(ev.evalErrors))
		note += fmt.Sprintf("; %d rule(s) could not be evaluated", ev.evalErrors)
	}
	return v, note
}

func (e *Engine) weight(name string) float64 {
	if w, ok := e.ws.Settings.Confidence[name]; ok {
		return w
	}
	return defaultWeights[name]
}

func clamp01(v float64) float64 { return math.Max(0, math.Min(1, v)) }

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func roundCents(v float64) float64 { return math.Round(v*100) / 100 }
