package workspace

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// expectation reads what a test case checks. It records the nodes of keys
// that refer to other entries in at, as "expect.KEY".
func (r *reader) expectation(n ast.Node, at map[string]ast.Node) dz.Expectation {
	var e dz.Expectation
	ok := r.fields(n, "expect", expectKeys, func(key string, v ast.Node) {
		at["expect."+key] = v
		switch key {
		case "outcome":
			e.Outcome = dz.Outcome(r.str(v, key))
			r.checkEnum(v, key, string(e.Outcome), Outcomes)
		case "intent":
			e.Intent = r.str(v, key)
			r.checkName(v, key, e.Intent)
		case "risk_level":
			e.RiskLevel = r.str(v, key)
		case "actions":
			e.Actions = r.expectedActions(v)
		case "no_actions":
			e.NoActions = r.strs(v, key)
			r.checkNames(v, key, e.NoActions)
		case "precedent":
			e.Precedent = r.str(v, key)
		case "response_contains":
			e.ResponseContains = r.strs(v, key)
		case "response_excludes":
			e.ResponseExcludes = r.strs(v, key)
		case "questions":
			e.Questions = r.whole(v, key, 0, 3)
		}
	})
	if ok {
		r.require(n, "expect", "outcome")
	}
	return e
}

// expectedActions reads the actions a test expects.
func (r *reader) expectedActions(n ast.Node) []dz.ExpectedAction {
	var out []dz.ExpectedAction
	for _, it := range r.items(n, "actions") {
		var a dz.ExpectedAction
		r.fields(it, "an expected action", expectActionKeys, func(key string, v ast.Node) {
			switch key {
			case "type":
				a.Type = r.str(v, key)
				r.checkName(v, "action type", a.Type)
			case "params":
				a.Params = r.objectMap(v, key)
			case "ranges":
				a.Ranges = r.ranges(v)
			}
		})
		r.require(it, "the expected action", "type")
		out = append(out, a)
	}
	return out
}

// ranges reads param → [min, max].
func (r *reader) ranges(n ast.Node) map[string][2]float64 {
	out := map[string][2]float64{}
	mvs, ok := entries(r.resolve(n))
	if !ok {
		r.c.add(r.pos(r.resolve(n)), "write `param: [min, max]` lines", "ranges should be a mapping, not %s", kind(r.resolve(n)))
	}
	for _, mv := range mvs {
		if mv == nil || mv.Key == nil {
			continue
		}
		name := r.keyText(mv.Key)
		items := r.items(mv.Value, "ranges."+name)
		if len(items) != 2 {
			r.c.add(r.pos(r.resolve(mv.Value)), "write two numbers: "+name+": [min, max]", "ranges.%s should be [min, max]", name)
			continue
		}
		lo, ok1 := r.num(items[0], "ranges."+name+" min")
		hi, ok2 := r.num(items[1], "ranges."+name+" max")
		if ok1 && ok2 && lo > hi {
			r.c.add(r.pos(r.resolve(mv.Value)), "put the smaller number first", "ranges.%s has min %v above max %v", name, lo, hi)
		}
		out[name] = [2]float64{lo, hi}
	}
	return out
}
