package workspace

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/policy"
)

var (
	policyKeys = withMeta("title", "description", "scope", "tables", "rules")
	scopeKeys  = []string{"intents", "tags", "profiles"}
	ruleKeys   = []string{"id", "when", "effect", "message", "action", "param", "max", "min", "params", "fact", "question"}
)

// policies reads policies/*.yaml, one policy per file.
func (l *loader) policies() []*dz.Policy {
	var out []*dz.Policy
	for _, f := range l.files("policies", ".yaml", ".yml") {
		if p := parsePolicy(l.c, f.name, f.src); p != nil {
			out = append(out, p)
		}
	}
	return out
}

// parsePolicy reads one policy file; nil when it holds no policy.
func parsePolicy(c *collector, file string, src []byte) *dz.Policy {
	r, body := parseYAML(c, file, src)
	if body == nil {
		return nil
	}
	p := &dz.Policy{}
	p.Pos = r.pos(r.resolve(body))
	ok := r.fields(body, "a policy", policyKeys, func(key string, v ast.Node) {
		switch {
		case r.meta(&p.Meta, key, v):
		case key == "title":
			p.Title = r.str(v, key)
		case key == "description":
			p.Description = r.str(v, key)
		case key == "scope":
			p.Scope = r.scope(v)
		case key == "tables":
			p.Tables = r.tables(v)
		case key == "rules":
			p.Rules = r.rules(v, r.peek(body, "id"))
		}
	})
	if !ok {
		return nil
	}
	r.require(body, "the policy", "id", "title", "rules")
	r.referIntents(r.keys(r.keys(body)["scope"])["intents"], "policy "+p.ID)
	if _, has := r.keys(body)["rules"]; has && len(p.Rules) == 0 {
		r.c.add(p.Pos, "add at least one rule under rules:", "policy %q has no rules", p.ID)
	}
	return p
}

// tables reads a policy's lookup tables: name → a nested mapping of values.
func (r *reader) tables(n ast.Node) map[string]any {
	m := r.objectMap(n, "tables")
	mvs, _ := entries(r.resolve(n))
	for _, mv := range mvs {
		if mv == nil || mv.Key == nil {
			continue
		}
		k := r.keyText(mv.Key)
		if k != "" && !dz.IsFactName(k) {
			r.c.add(r.pos(mv.Key), "name tables in lower_snake_case (e.g. free_bags), so conditions can write tables.free_bags", "%q is not a table name", k)
			delete(m, k)
		}
	}
	return m
}

// scope reads which requests a policy applies to.
func (r *reader) scope(n ast.Node) dz.Scope {
	var s dz.Scope
	r.fields(n, "scope", scopeKeys, func(key string, v ast.Node) {
		switch key {
		case "intents":
			s.Intents = r.strs(v, "scope.intents")
			r.checkNames(v, "scope.intents", s.Intents)
		case "tags":
			s.Tags = r.strs(v, "scope.tags")
		case "profiles":
			s.Profiles = r.strs(v, "scope.profiles")
			for i, it := range r.seq(v) {
				if i < len(s.Profiles) {
					r.refer("profile", s.Profiles[i], it, "scope")
				}
			}
		}
	})
	return s
}

// rules reads the rules of policy pid; rule ids are unique within the policy.
func (r *reader) rules(n ast.Node, pid string) []dz.Rule {
	var out []dz.Rule
	seen := map[string]dz.Pos{}
	for _, it := range r.items(n, "rules") {
		rule, ok := r.rule(it, pid)
		if !ok {
			continue
		}
		if first, dup := seen[rule.ID]; dup && rule.ID != "" {
			r.c.add(rule.Pos, "give each rule of a policy its own id", "rule id %q is used twice in policy %s (first at %s)", rule.ID, pid, first)
		}
		seen[rule.ID] = rule.Pos
		out = append(out, rule)
	}
	return out
}

// rule reads one rule of policy pid and checks it has what its effect needs.
func (r *reader) rule(n ast.Node, pid string) (dz.Rule, bool) {
	rule := dz.Rule{Pos: r.pos(r.resolve(n))}
	at := map[string]ast.Node{}
	ok := r.fields(n, "a rule", ruleKeys, func(key string, v ast.Node) {
		at[key] = v
		r.ruleField(&rule, key, v)
	})
	if !ok {
		return rule, false
	}
	r.require(n, "the rule", "id", "effect")
	r.checkEffect(rule, at)
	r.referAction(rule, at["action"], pid)
	return rule, true
}

// ruleField reads one key of a rule into rule.
func (r *reader) ruleField(rule *dz.Rule, key string, v ast.Node) {
	switch key {
	case "id":
		rule.ID = r.str(v, key)
		r.checkID(v, "rule id", rule.ID)
	case "when":
		rule.When = r.celOf(v, "when", policy.KindBool)
	case "effect":
		rule.Effect = dz.Effect(r.str(v, key))
		r.checkEnum(v, key, string(rule.Effect), effectNames())
	case "message":
		rule.Message = r.str(v, key)
	case "action":
		rule.Action = r.str(v, key)
		r.checkName(v, "action", rule.Action)
	case "param":
		rule.Param = r.str(v, key)
		r.checkName(v, "param", rule.Param)
	case "max":
		rule.Max = r.celOf(v, "max", policy.KindNumber)
	case "min":
		rule.Min = r.celOf(v, "min", policy.KindNumber)
	case "params":
		rule.Params = r.paramExprs(v)
	case "fact":
		rule.Fact = r.str(v, key)
		if !dz.IsFactName(rule.Fact) {
			r.c.add(r.pos(r.resolve(v)), "name a fact in lower_snake_case, e.g. charge_date", "fact %q is not a fact name", rule.Fact)
		}
	case "question":
		rule.Question = r.str(v, key)
	}
}

// paramExprs reads a default rule's params: parameter name → CEL.
func (r *reader) paramExprs(n ast.Node) map[string]string {
	out := map[string]string{}
	mvs, ok := entries(r.resolve(n))
	if !ok {
		r.c.add(r.pos(r.resolve(n)), "write `param: expression` lines, e.g. percent: 50", "params should be a mapping, not %s", kind(r.resolve(n)))
	}
	for _, mv := range mvs {
		if mv == nil || mv.Key == nil {
			continue
		}
		name := r.keyText(mv.Key)
		if !dz.IsFactName(name) {
			r.c.add(r.pos(mv.Key), "use lower_snake_case, e.g. amount", "%q is not a parameter name", name)
		}
		out[name] = r.cel(mv.Value, "params."+name)
	}
	return out
}
