package workspace

import (
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/policy"
)

// SLAPeriods are the SLA measurement periods the engine understands.
var SLAPeriods = []string{"month"}

// sla reads the sla mapping, keeping defaults for what it omits.
func (r *reader) sla(n ast.Node) dz.SLATerms {
	t := dz.SLATerms{TargetPercent: 99.9, Period: "month"}
	r.fields(n, "sla", []string{"target_percent", "period", "credits"}, func(key string, v ast.Node) {
		switch key {
		case "target_percent":
			t.TargetPercent = r.ranged(v, "sla.target_percent", 0, 100)
		case "period":
			t.Period = r.str(v, "sla.period")
			r.checkEnum(v, "sla.period", t.Period, SLAPeriods)
		case "credits":
			for _, it := range r.items(v, "sla.credits") {
				var ct dz.CreditTier
				r.fields(it, "an sla credit", []string{"below_percent", "percent"}, func(key string, v ast.Node) {
					if key == "below_percent" {
						ct.BelowPercent = r.ranged(v, key, 0, 100)
					} else {
						ct.Percent = r.ranged(v, key, 0, 100)
					}
				})
				r.require(it, "an sla credit", "below_percent", "percent")
				t.Credits = append(t.Credits, ct)
			}
		}
	})
	return t
}

// mrrBands reads the MRR bands; Below must ascend, only the last may be 0.
func (r *reader) mrrBands(n ast.Node) []dz.MRRBand {
	var out []dz.MRRBand
	items := r.items(n, "mrr_bands")
	for i, it := range items {
		var b dz.MRRBand
		r.fields(it, "an mrr band", []string{"name", "below"}, func(key string, v ast.Node) {
			if key == "name" {
				b.Name = r.str(v, "name")
			} else {
				b.Below, _ = r.num(v, "below")
			}
		})
		r.require(it, "an mrr band", "name", "below")
		switch {
		case b.Below < 0 || b.Below == 0 && i < len(items)-1:
			r.c.add(r.pos(r.resolve(it)), "give every band but the last a positive upper bound; the last may use 0 for no bound", "mrr band %q has below %v", b.Name, b.Below)
		case len(out) > 0 && b.Below != 0 && b.Below <= out[len(out)-1].Below:
			r.c.add(r.pos(r.resolve(it)), "list bands from smallest to largest", "mrr band %q is not above the band before it", b.Name)
		}
		out = append(out, b)
	}
	return out
}

// riskLevels reads the risk levels; names are unique and only the last may
// match everything.
func (r *reader) riskLevels(n ast.Node) []dz.RiskLevel {
	var out []dz.RiskLevel
	seen := map[string]bool{}
	for _, it := range r.items(n, "risk") {
		lv := dz.RiskLevel{Pos: r.pos(r.resolve(it))}
		r.fields(it, "a risk level", []string{"name", "when", "threshold"}, func(key string, v ast.Node) {
			switch key {
			case "name":
				lv.Name = r.str(v, "name")
			case "when":
				lv.When = r.celOf(v, "risk when", policy.KindBool)
			case "threshold":
				lv.Threshold = r.ranged(v, "threshold", 0, 1)
			}
		})
		r.require(it, "a risk level", "name", "threshold")
		if seen[lv.Name] && lv.Name != "" {
			r.c.add(lv.Pos, "give each risk level its own name", "risk level %q is defined twice", lv.Name)
		}
		seen[lv.Name] = true
		out = append(out, lv)
	}
	if len(out) > 0 && out[len(out)-1].When != "" {
		last := out[len(out)-1]
		r.c.add(last.Pos, "add a last level without when (e.g. name: normal, threshold: 0.8) so every decision has one", "the last risk level %q has a when", last.Name)
	}
	return out
}

// weights reads confidence component weights.
func (r *reader) weights(n ast.Node) map[string]float64 {
	out := map[string]float64{}
	mvs, ok := entries(r.resolve(n))
	if !ok {
		r.c.add(r.pos(r.resolve(n)), "write `component: weight` lines", "confidence_weights should be a mapping, not %s", kind(r.resolve(n)))
	}
	for _, mv := range mvs {
		if mv == nil || mv.Key == nil {
			continue
		}
		name := r.keyText(mv.Key)
		if !dz.IsFactName(name) {
			r.c.add(r.pos(mv.Key), "use the component's lower_snake_case name", "%q is not a confidence component name", name)
		}
		out[name] = r.ranged(mv.Value, "confidence_weights."+name, 0, 100)
	}
	return out
}

// halfLives reads per-type half-lives into hl, which holds the defaults.
func (r *reader) halfLives(n ast.Node, hl map[dz.ContextType]float64) {
	types := make([]string, len(dz.ContextTypes))
	for i, t := range dz.ContextTypes {
		types[i] = string(t)
	}
	r.fields(n, "half_life_days", types, func(key string, v ast.Node) {
		if d := r.ranged(v, "half_life_days."+key, 0, 36500); d > 0 {
			hl[dz.ContextType(key)] = d
		} else {
			r.c.add(r.pos(r.resolve(v)), "use a number of days above 0", "half_life_days.%s must be positive", key)
		}
	})
}

// intentDefs reads workspace-defined intents.
func (r *reader) intentDefs(n ast.Node) []dz.IntentDef {
	var out []dz.IntentDef
	for _, it := range r.items(n, "intents") {
		var d dz.IntentDef
		r.fields(it, "an intent", []string{"name", "keywords"}, func(key string, v ast.Node) {
			if key == "name" {
				d.Name = r.str(v, "name")
				if !dz.IsFactName(d.Name) {
					r.c.add(r.pos(r.resolve(v)), "use lower_snake_case, e.g. feature_request", "intent name %q is not valid", d.Name)
				}
			} else {
				d.Keywords = r.strs(v, "keywords")
			}
		})
		r.require(it, "an intent", "name", "keywords")
		out = append(out, d)
	}
	return out
}

// profiles reads named scopes; names are unique slugs.
func (r *reader) profiles(n ast.Node) []dz.Profile {
	var out []dz.Profile
	for _, it := range r.items(n, "profiles") {
		var p dz.Profile
		r.fields(it, "a profile", []string{"name", "intents", "tags", "draft_floor"}, func(key string, v ast.Node) {
			switch key {
			case "name":
				p.Name = strings.TrimSpace(r.str(v, "name"))
				r.checkID(v, "profile name", p.Name)
			case "intents":
				p.Intents = r.strs(v, "intents")
			case "tags":
				p.Tags = r.strs(v, "tags")
			case "draft_floor":
				p.DraftFloor = r.ranged(v, "draft_floor", 0, 1)
			}
		})
		r.require(it, "a profile", "name")
		r.referIntents(r.keys(it)["intents"], "profile "+p.Name)
		if slices.ContainsFunc(out, func(q dz.Profile) bool { return q.Name == p.Name && p.Name != "" }) {
			r.c.add(r.pos(r.resolve(it)), "give each profile its own name", "profile %q is defined twice", p.Name)
		}
		out = append(out, p)
	}
	return out
}
