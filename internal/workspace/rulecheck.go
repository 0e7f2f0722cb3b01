package workspace

import (
	"slices"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// effectNeeds lists, per effect, the keys a rule must set and the keys it may set.
var effectNeeds = map[dz.Effect]struct{ must, may []string }{
	dz.EffectHardStop:  {must: []string{"message"}},
	dz.EffectRefuse:    {must: []string{"message"}, may: []string{"action"}},
	dz.EffectTransfer:  {must: []string{"message"}},
	dz.EffectLimit:     {must: []string{"action", "param"}, may: []string{"max", "min"}},
	dz.EffectDefault:   {must: []string{"action"}, may: []string{"params"}},
	dz.EffectException: {must: []string{"action"}},
	dz.EffectRequire:   {must: []string{"fact", "question"}},
}

// commonRuleKeys are the keys any rule may set.
var commonRuleKeys = []string{"id", "when", "effect"}

// effectNames lists the valid effects as text.
func effectNames() []string {
	out := make([]string, len(dz.Effects))
	for i, e := range dz.Effects {
		out[i] = string(e)
	}
	return out
}

// checkEffect reports what a rule's effect needs but the rule lacks, and
// keys that the effect does not use. at maps each key present to its value.
func (r *reader) checkEffect(rule dz.Rule, at map[string]ast.Node) {
	needs, known := effectNeeds[rule.Effect]
	if !known {
		return // an unknown or missing effect is already reported
	}
	for _, k := range needs.must {
		if v, ok := at[k]; !ok || isEmpty(r.resolve(v)) {
			r.c.add(rule.Pos, "add `"+k+": …` to the rule", "a %s rule needs %q (rule %q)", rule.Effect, k, rule.ID)
		}
	}
	if rule.Effect == dz.EffectLimit && at["max"] == nil && at["min"] == nil {
		r.c.add(rule.Pos, "add `max: …` and/or `min: …` (a number or an expression like entity.mrr * 2)", "a limit rule needs max or min (rule %q)", rule.ID)
	}
	for k, v := range at {
		if !slices.Contains(commonRuleKeys, k) && !slices.Contains(needs.must, k) && !slices.Contains(needs.may, k) {
			r.c.add(r.pos(v), "remove it, or change the effect to one that uses it ("+strings.Join(effectsUsing(k), ", ")+")",
				"%q is not used by a %s rule", k, rule.Effect)
		}
	}
}

// effectsUsing lists the effects that use key.
func effectsUsing(key string) []string {
	var out []string
	for _, e := range dz.Effects {
		n := effectNeeds[e]
		if slices.Contains(n.must, key) || slices.Contains(n.may, key) {
			out = append(out, string(e))
		}
	}
	return out
}

// isEmpty reports whether n holds nothing or blank text.
func isEmpty(n ast.Node) bool {
	switch v := n.(type) {
	case nil, *ast.NullNode:
		return true
	case *ast.StringNode:
		return strings.TrimSpace(v.Value) == ""
	case *ast.LiteralNode:
		return v.Value == nil || strings.TrimSpace(v.Value.Value) == ""
	}
	return false
}
