package workspace

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// entityKeys are the keys an entity accepts, in YAML and as CSV columns.
var entityKeys = withMeta("name", "kind", "plan", "mrr", "currency", "started", "renewal", "last_charge",
	"last_charge_amount", "emails", "domains", "contact", "tone", "notes", "internal_notes",
	"open_issues", "prior_escalations", "data")

// entities reads entities/*.yaml and entities/*.csv.
func (l *loader) entities() []*dz.Entity {
	return parseFiles(l, l.files("entities", ".yaml", ".yml", ".csv"), func(c *collector, f file) []*dz.Entity {
		if hasExt(f.rel, []string{".csv"}) {
			return parseEntityCSV(c, f.name, f.src)
		}
		return parseEntityYAML(c, f.name, f.src)
	})
}

// parseEntityYAML reads one entity mapping or a list of them.
func parseEntityYAML(c *collector, file string, src []byte) []*dz.Entity {
	r, body := parseYAML(c, file, src)
	if body == nil {
		return nil
	}
	var out []*dz.Entity
	for _, n := range r.oneOrMany(body) {
		if e := r.entity(n); e != nil {
			out = append(out, e)
		}
	}
	return out
}

// oneOrMany returns the items of a list, or n itself when it is not a list.
func (r *reader) oneOrMany(n ast.Node) []ast.Node {
	if seq, ok := r.resolve(n).(*ast.SequenceNode); ok {
		return seq.Values
	}
	return []ast.Node{n}
}

// entity reads one entity mapping.
func (r *reader) entity(n ast.Node) *dz.Entity {
	e := &dz.Entity{Kind: "customer"}
	e.Pos = r.pos(r.resolve(n))
	at := map[string]dz.Pos{}
	ok := r.fields(n, "an entity", entityKeys, func(key string, v ast.Node) {
		at[key] = r.pos(r.resolve(v))
		r.entityField(e, key, v)
	})
	if !ok {
		return nil
	}
	r.require(n, "the entity", "id", "name")
	checkEntity(r.c, e, func(key string) dz.Pos {
		if p, ok := at[key]; ok {
			return p
		}
		return e.Pos
	})
	return e
}

// entityField reads one key of an entity into e.
func (r *reader) entityField(e *dz.Entity, key string, v ast.Node) {
	switch key {
	case "id", "tags", "updated":
		r.meta(&e.Meta, key, v)
	case "name", "kind", "plan", "currency", "contact", "tone", "notes", "internal_notes":
		*entityText(e, key) = r.str(v, key)
	case "mrr":
		e.MRR, _ = r.num(v, key)
	case "last_charge_amount":
		e.LastChargeAmount, _ = r.num(v, key)
	case "started":
		e.Started = r.date(v, key)
	case "renewal":
		e.Renewal = r.date(v, key)
	case "last_charge":
		e.LastCharge = r.date(v, key)
	case "emails":
		e.Emails = r.strs(v, key)
	case "domains":
		e.Domains = r.strs(v, key)
	case "open_issues":
		e.OpenIssues = r.strs(v, key)
	case "prior_escalations":
		e.PriorEscalations = r.whole(v, key, 0, 1_000_000)
	case "data":
		e.Data = r.objectMap(v, key)
	}
}

// entityText returns the entity's text field called key.
func entityText(e *dz.Entity, key string) *string {
	switch key {
	case "name":
		return &e.Name
	case "kind":
		return &e.Kind
	case "plan":
		return &e.Plan
	case "currency":
		return &e.Currency
	case "contact":
		return &e.Contact
	case "tone":
		return &e.Tone
	case "notes":
		return &e.Notes
	case "internal_notes":
		return &e.InternalNotes
	}
	return new(string)
}
