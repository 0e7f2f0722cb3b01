package workspace

import (
	"maps"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/understand"
)

// checkWorkspace reports duplicate ids within a type and references to
// entries that do not exist.
func (l *loader) checkWorkspace(ws *dz.Workspace) {
	dupes(l.c, "entity", ws.Entities, func(e *dz.Entity) (string, dz.Pos) { return e.ID, e.Pos })
	dupes(l.c, "policy", ws.Policies, func(e *dz.Policy) (string, dz.Pos) { return e.ID, e.Pos })
	dupes(l.c, "precedent", ws.Precedents, func(e *dz.Precedent) (string, dz.Pos) { return e.ID, e.Pos })
	dupes(l.c, "playbook", ws.Playbooks, func(e *dz.Playbook) (string, dz.Pos) { return e.ID, e.Pos })
	dupes(l.c, "template", ws.Templates, func(e *dz.Template) (string, dz.Pos) { return e.ID, e.Pos })
	dupes(l.c, "source", ws.Sources, func(e *dz.Source) (string, dz.Pos) { return e.ID, e.Pos })
	dupes(l.c, "test", ws.Tests, func(e *dz.TestCase) (string, dz.Pos) { return e.Name, e.Pos })
	dupTables(l.c, ws.Policies)
	known := knownNames(ws)
	for _, rf := range l.c.refs {
		if known[rf.kind][strings.ToLower(rf.id)] {
			continue
		}
		switch rf.kind {
		case "intent":
			l.c.add(rf.pos, guardFix(rf, known, "use a built-in intent ("+strings.Join(understand.Builtin, ", ")+") or define it under intents: in dz.yaml"),
				"%s names intent %q, which no classifier knows", rf.from, rf.id)
		case "action":
			l.c.add(rf.pos, guardFix(rf, known, "add a default rule or a precedent that proposes it, or correct the name"),
				"%s is on action %q, which no default rule or precedent proposes", rf.from, rf.id)
		default:
			l.c.add(rf.pos, refFix(rf, known), "%s names %s %q, which does not exist", rf.from, refWhat[rf.kind], rf.id)
		}
	}
	l.checkParams(numericParams(ws))
}

// refWhat says in words what each kind of reference names.
var refWhat = map[string]string{
	"entity": "entity", "entity_any": "entity", "entity_or_plan": "entity or plan",
	"profile": "profile", "precedent": "precedent", "risk": "risk level",
	"intent": "intent", "action": "action",
}

// maxSuggest bounds how many names a dangling reference is compared with.
const maxSuggest = 5000

// refFix suggests the nearest existing name, or says where names come from.
func refFix(rf ref, known map[string]map[string]bool) string {
	names := slices.Sorted(maps.Keys(known[rf.kind]))
	if len(names) > maxSuggest {
		names = nil
	}
	if near := nearest(rf.id, names); near != "" {
		return "did you mean " + `"` + near + `"?`
	}
	return refFixNone
}

// knownNames lists, per reference kind, the lower-cased names that exist.
func knownNames(ws *dz.Workspace) map[string]map[string]bool {
	k := map[string]map[string]bool{}
	for kind := range refWhat {
		k[kind] = map[string]bool{}
	}
	add := func(kind string, names ...string) {
		for _, n := range names {
			if n != "" {
				k[kind][strings.ToLower(n)] = true
			}
		}
	}
	for _, e := range ws.Entities {
		add("entity", e.ID)
		add("entity_any", e.ID, e.Name)
		add("entity_any", e.Emails...)
		add("entity_any", e.Domains...)
		add("entity_or_plan", e.ID, e.Plan)
	}
	for _, p := range ws.Settings.Profiles {
		add("profile", p.Name)
	}
	for _, p := range ws.Precedents {
		add("precedent", p.ID)
	}
	for _, lv := range ws.Settings.Risk {
		add("risk", lv.Name)
	}
	add("intent", knownIntents(ws)...)
	add("action", proposedActions(ws)...)
	return k
}

// dupes reports entries whose id was already used by an earlier entry of the same type.
func dupes[T any](c *collector, what string, list []T, key func(T) (string, dz.Pos)) {
	first := map[string]dz.Pos{}
	for _, e := range list {
		id, pos := key(e)
		if id == "" {
			continue
		}
		if p, ok := first[id]; ok {
			c.add(pos, "give each "+what+" its own id (the first is at "+p.String()+")", "%s id %q is used twice", what, id)
			continue
		}
		first[id] = pos
	}
}

// dupTables reports a table name declared by two policies: conditions read
// tables by name across the whole workspace.
func dupTables(c *collector, policies []*dz.Policy) {
	first := map[string]*dz.Policy{}
	for _, p := range policies {
		for _, name := range slices.Sorted(maps.Keys(p.Tables)) {
			if prev, dup := first[name]; dup {
				c.add(p.Pos, "rename one of them: table names are shared by the whole workspace", "policy %q declares table %q, which policy %q (%s) declares too", p.ID, name, prev.ID, prev.Pos)
				continue
			}
			first[name] = p
		}
	}
}

// refFixNone is refFix's advice when no existing name is near.
const refFixNone = "add it to the workspace, or correct the name"
