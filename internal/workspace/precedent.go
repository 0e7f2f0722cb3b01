package workspace

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

var (
	precedentKeys = withMeta("date", "entity", "intent", "summary", "facts", "resolution", "actions", "reason")
	// Resolutions are the valid precedent resolutions.
	Resolutions = []string{dz.ResolutionApproved, dz.ResolutionPartial, dz.ResolutionDeclined}
)

// precedents reads precedents/*.yaml: one precedent or a list per file.
func (l *loader) precedents() []*dz.Precedent {
	return parseFiles(l, l.files("precedents", ".yaml", ".yml"), func(c *collector, f file) []*dz.Precedent {
		return parsePrecedents(c, f.name, f.src)
	})
}

// parsePrecedents reads one precedent mapping or a list of them.
func parsePrecedents(c *collector, file string, src []byte) []*dz.Precedent {
	r, body := parseYAML(c, file, src)
	if body == nil {
		return nil
	}
	var out []*dz.Precedent
	for _, n := range r.oneOrMany(body) {
		if p := r.precedent(n); p != nil {
			out = append(out, p)
		}
	}
	return out
}

// precedent reads one past decision.
func (r *reader) precedent(n ast.Node) *dz.Precedent {
	p := &dz.Precedent{}
	p.Pos = r.pos(r.resolve(n))
	var entityAt ast.Node
	ok := r.fields(n, "a precedent", precedentKeys, func(key string, v ast.Node) {
		switch {
		case r.meta(&p.Meta, key, v):
		case key == "date":
			p.Date = r.date(v, key)
		case key == "entity":
			p.Entity, entityAt = r.str(v, key), v
		case key == "intent":
			p.Intent = r.str(v, key)
			r.checkName(v, "intent", p.Intent)
		case key == "summary":
			p.Summary = r.str(v, key)
		case key == "facts":
			p.Facts = r.facts(v, key)
		case key == "resolution":
			p.Resolution = r.str(v, key)
			r.checkEnum(v, key, p.Resolution, Resolutions)
		case key == "actions":
			p.Actions = r.actions(v)
		case key == "reason":
			p.Reason = r.str(v, key)
		}
	})
	if !ok {
		return nil
	}
	r.require(n, "the precedent", "id", "date", "intent", "summary", "resolution")
	r.refer("entity", p.Entity, entityAt, "precedent "+p.ID)
	r.referIntent(r.keys(n)["intent"], "precedent "+p.ID)
	return p
}

// actions reads a list of {type, params}.
func (r *reader) actions(n ast.Node) []dz.Action {
	var out []dz.Action
	for _, it := range r.items(n, "actions") {
		var a dz.Action
		r.fields(it, "an action", []string{"type", "params"}, func(key string, v ast.Node) {
			if key == "type" {
				a.Type = r.str(v, "type")
				r.checkName(v, "action type", a.Type)
			} else {
				a.Params = r.objectMap(v, "params")
			}
		})
		r.require(it, "the action", "type")
		out = append(out, a)
	}
	return out
}
