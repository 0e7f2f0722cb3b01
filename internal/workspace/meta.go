package workspace

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// metaKeys are the keys every context entry accepts.
var metaKeys = []string{"id", "tags", "updated"}

// withMeta returns the entry's own keys followed by the shared ones.
func withMeta(keys ...string) []string {
	return append(append([]string{}, metaKeys...), keys...)
}

// meta reads a shared key into m and reports whether key was one.
func (r *reader) meta(m *dz.Meta, key string, v ast.Node) bool {
	switch key {
	case "id":
		m.ID = r.str(v, "id")
		r.checkID(v, "id", m.ID)
	case "tags":
		m.Tags = r.strs(v, "tags")
	case "updated":
		m.Updated = r.date(v, "updated")
	default:
		return false
	}
	return true
}

// ref is a reference from one entry to another, resolved once every file is read.
type ref struct {
	kind string // entity, entity_or_plan, profile, precedent
	id   string
	pos  dz.Pos
	from string // what refers, for the message, e.g. "precedent p-12"
}

// refer records that the value at n names a kind of thing called id.
func (r *reader) refer(kind, id string, n ast.Node, from string) {
	if id != "" {
		r.c.refs = append(r.c.refs, ref{kind: kind, id: id, pos: r.pos(r.resolve(n)), from: from})
	}
}

// checkName reports s, read from n, when it is set and not lower_snake_case.
func (r *reader) checkName(n ast.Node, key, s string) {
	if s != "" && !dz.IsFactName(s) {
		r.c.add(r.pos(r.resolve(n)), "use lower_snake_case, e.g. sla_credit", "%s %q is not a valid name", key, s)
	}
}

// checkNames reports list items that are not lower_snake_case names
// (intents, action types).
func (r *reader) checkNames(n ast.Node, key string, names []string) {
	for i, s := range names {
		if !dz.IsFactName(s) {
			at := n
			if items := r.seq(n); i < len(items) {
				at = items[i]
			}
			r.c.add(r.pos(r.resolve(at)), "use lower_snake_case, e.g. sla_credit", "%s %q is not a valid name", key, s)
		}
	}
}

// seq returns the items of n when it is a list, without reporting anything.
func (r *reader) seq(n ast.Node) []ast.Node {
	if s, ok := r.resolve(n).(*ast.SequenceNode); ok {
		return s.Values
	}
	return nil
}
