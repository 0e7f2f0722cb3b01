package workspace

import (
	"bytes"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// ParseEntry reads one context entry written as its workspace file: YAML
// for the settings (dz.yaml), an entity, a policy, a precedent or an
// incident log; Markdown with front matter for a playbook, a template or a
// text source. It checks the entry as dz context validate would, with its
// references resolved against others, the rest of the workspace (nil for
// an empty one). name is how the text is named in problems.
//
// It returns the entry as a server stores it, or a dz.Problems listing
// every problem with its line and column in the text.
func ParseEntry(typ dz.ContextType, name string, src []byte, others *dz.Workspace) (dz.ContextEntry, error) {
	c := &collector{}
	one := &dz.Workspace{Settings: defaultSettings()}
	if others != nil {
		one.Settings = others.Settings
	}
	switch typ {
	case dz.TypeSettings:
		one.Settings = parseSettings(c, name, src)
	case dz.TypeEntity:
		one.Entities = single(c, name, "entity", parseEntityYAML(c, name, src))
	case dz.TypePolicy:
		one.Policies = nonNil(parsePolicy(c, name, src))
	case dz.TypePrecedent:
		one.Precedents = single(c, name, "precedent", parsePrecedents(c, name, src))
	case dz.TypePlaybook:
		one.Playbooks = nonNil(parsePlaybook(c, name, src))
	case dz.TypeTemplate:
		one.Templates = nonNil(parseTemplate(c, name, src))
	case dz.TypeSource:
		if isMarkdown(src) {
			one.Sources = nonNil(parseTextSource(c, name, src))
		} else {
			one.Sources = nonNil(parseSourceYAML(c, name, src))
		}
	default:
		return dz.ContextEntry{}, dz.Errorf(dz.EINVALID, "%q is not a context type", typ)
	}
	entries, err := checkEntries(c, one, others)
	if err != nil {
		return dz.ContextEntry{}, err
	}
	if typ == dz.TypeSettings {
		return entries[0], nil
	}
	if len(entries) != 2 {
		return dz.ContextEntry{}, dz.Problems{{Pos: dz.Pos{File: name}, Message: "the text holds no " + string(typ), Fix: "write the entry's keys, starting with id:"}}
	}
	return entries[1], nil
}

// ParseEntityCSV reads entities from a CSV file as entities/*.csv holds
// them: a header row of entity keys and data.NAME columns, one entity per
// row. Every row is checked, with references resolved against others; any
// problem rejects the whole file and the problems name their lines.
func ParseEntityCSV(name string, src []byte, others *dz.Workspace) ([]dz.ContextEntry, error) {
	c := &collector{}
	one := &dz.Workspace{Settings: defaultSettings(), Entities: parseEntityCSV(c, name, src)}
	if others != nil {
		one.Settings = others.Settings
	}
	if len(one.Entities) == 0 && len(c.list) == 0 {
		c.add(dz.Pos{File: name, Line: 2}, "add one row per entity below the header", "the file has a header but no entities")
	}
	entries, err := checkEntries(c, one, others)
	if err != nil {
		return nil, err
	}
	return entries[1:], nil
}

// checkEntries checks the entries of one against each other and, for
// references and duplicate tables, against others with one's entries in
// place of those with the same type and id. It returns one's entries
// (settings first), or the problems found.
func checkEntries(c *collector, one, others *dz.Workspace) ([]dz.ContextEntry, error) {
	if len(c.list) == 0 {
		l := &loader{c: c}
		l.checkWorkspace(merged(others, one))
	}
	if err := c.err(); err != nil {
		return nil, err
	}
	sortEntries(one)
	if err := hashWorkspace(one); err != nil {
		return nil, err
	}
	return Entries(one)
}

// merged is others with one's settings and with one's entries replacing
// those of the same ids.
func merged(others, one *dz.Workspace) *dz.Workspace {
	ws := &dz.Workspace{Settings: one.Settings}
	if others == nil {
		others = &dz.Workspace{}
	}
	ws.Entities = replace(others.Entities, one.Entities, func(e *dz.Entity) string { return e.ID })
	ws.Policies = replace(others.Policies, one.Policies, func(e *dz.Policy) string { return e.ID })
	ws.Precedents = replace(others.Precedents, one.Precedents, func(e *dz.Precedent) string { return e.ID })
	ws.Playbooks = replace(others.Playbooks, one.Playbooks, func(e *dz.Playbook) string { return e.ID })
	ws.Templates = replace(others.Templates, one.Templates, func(e *dz.Template) string { return e.ID })
	ws.Sources = replace(others.Sources, one.Sources, func(e *dz.Source) string { return e.ID })
	return ws
}

// replace returns old without the items whose id is in repl, then repl.
func replace[T any](old, repl []*T, id func(*T) string) []*T {
	ids := map[string]bool{}
	for _, e := range repl {
		ids[id(e)] = true
	}
	out := slices.DeleteFunc(slices.Clone(old), func(e *T) bool { return ids[id(e)] })
	return append(out, repl...)
}

// single keeps exactly one entry of a file that may hold a list.
func single[T any](c *collector, name, what string, list []*T) []*T {
	if len(list) > 1 {
		c.add(dz.Pos{File: name, Line: 1, Col: 1}, "edit one "+what+" at a time: keep one, and add the others as new entries", "the text holds %d entries, not one %s", len(list), what)
		return nil
	}
	return list
}

// nonNil returns a list of e, or an empty list for nil.
func nonNil[T any](e *T) []*T {
	if e == nil {
		return nil
	}
	return []*T{e}
}

// isMarkdown tells a Markdown file with front matter (a text source) from
// a YAML one (an incident log): the first line is "---" alone.
func isMarkdown(src []byte) bool {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	first, _, _ := strings.Cut(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	return strings.TrimSpace(first) == "---"
}
