package retrieve

import (
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// buildEntries prepares the workspace's policies, playbooks, templates and
// sources for Entries. Precedents and entities are ranked by their own
// indexes and added per query.
func buildEntries(ix *Index, ws *dz.Workspace) []entry {
	var out []entry
	for _, p := range ws.Policies {
		if p != nil {
			text := []string{p.Title, p.Description}
			for _, r := range p.Rules {
				text = append(text, r.Message, r.Question)
			}
			out = append(out, ix.newEntry(dz.TypePolicy, &p.Meta, text, p.Scope.Intents, true, p.Scope.Tags, ""))
		}
	}
	for _, p := range ws.Playbooks {
		if p != nil {
			text := append([]string{p.Title, p.Body}, p.Steps...)
			out = append(out, ix.newEntry(dz.TypePlaybook, &p.Meta, text, p.Intents, true, nil, ""))
		}
	}
	for _, t := range ws.Templates {
		if t != nil {
			out = append(out, ix.newEntry(dz.TypeTemplate, &t.Meta, []string{t.Body}, t.Intents, true, nil, ""))
		}
	}
	for _, s := range ws.Sources {
		if s != nil {
			text := []string{s.Title, s.Body}
			for _, inc := range s.Incidents {
				text = append(text, inc.Summary)
			}
			out = append(out, ix.newEntry(dz.TypeSource, &s.Meta, text, nil, false, nil, s.Entity))
		}
	}
	return out
}

// newEntry builds one entry: its distinct terms, lowercase intents and tags
// (the entry's own and extra), and linked entity.
func (ix *Index) newEntry(t dz.ContextType, m *dz.Meta, text, intents []string, scoped bool, extra []string, entity string) entry {
	ids := ix.termIDs(strings.Join(text, "\n"))
	e := entry{typ: t, id: m.ID, hash: m.Hash, terms: slices.Compact(ids), scoped: scoped,
		entity: strings.ToLower(entity), updated: m.Updated, halfLife: ix.halfLife(t)}
	for _, in := range intents {
		e.intents = append(e.intents, strings.ToLower(in))
	}
	for _, tag := range append(slices.Clip(m.Tags), extra...) {
		if tag = strings.ToLower(tag); !slices.Contains(e.tags, tag) {
			e.tags = append(e.tags, tag)
		}
	}
	return e
}
