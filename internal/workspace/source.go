package workspace

import (
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

var (
	sourceKeys   = withMeta("title", "kind", "entity", "incidents")
	incidentKeys = []string{"id", "start", "end", "severity", "affects", "data_loss", "summary"}
	// SourceKinds are the kinds of source a workspace may hold.
	SourceKinds = []string{"text", "incidents"}
)

// sources reads sources/*.md (text) and sources/*.yaml (incident logs).
func (l *loader) sources() []*dz.Source {
	var out []*dz.Source
	for _, f := range l.files("sources", ".md", ".yaml", ".yml") {
		var s *dz.Source
		if hasExt(f.rel, []string{".md"}) {
			s = parseTextSource(l.c, f.name, f.src)
		} else {
			s = parseSourceYAML(l.c, f.name, f.src)
		}
		if s != nil {
			out = append(out, s)
		}
	}
	return out
}

// parseTextSource reads a Markdown source: front matter, then the text.
func parseTextSource(c *collector, file string, src []byte) *dz.Source {
	md := splitFrontMatter(c, file, src)
	if md.meta == nil {
		return nil
	}
	s := md.r.source(md.meta, "text")
	if s != nil {
		s.Body = strings.TrimSpace(md.body)
	}
	return s
}

// parseSourceYAML reads a YAML source, such as an incident log.
func parseSourceYAML(c *collector, file string, src []byte) *dz.Source {
	r, body := parseYAML(c, file, src)
	if body == nil {
		return nil
	}
	return r.source(body, "incidents")
}

// source reads a source's keys; want is the kind its file format holds.
func (r *reader) source(n ast.Node, want string) *dz.Source {
	s := &dz.Source{Kind: want}
	s.Pos = r.pos(r.resolve(n))
	var entityAt ast.Node
	ok := r.fields(n, "a source", sourceKeys, func(key string, v ast.Node) {
		switch {
		case r.meta(&s.Meta, key, v):
		case key == "title":
			s.Title = r.str(v, key)
		case key == "kind":
			s.Kind = r.str(v, key)
			r.checkEnum(v, key, s.Kind, SourceKinds)
			if s.Kind != want && oneOf(s.Kind, SourceKinds) {
				r.c.add(r.pos(r.resolve(v)), "put text sources in .md files and incident logs in .yaml files", "a %s source cannot be a %s file", s.Kind, map[string]string{"text": ".yaml", "incidents": ".md"}[s.Kind])
			}
		case key == "entity":
			s.Entity, entityAt = r.str(v, key), v
		case key == "incidents":
			s.Incidents = r.incidents(v)
		}
	})
	if !ok {
		return nil
	}
	r.require(n, "the source", "id", "title")
	if want == "incidents" {
		r.require(n, "the incident log", "incidents")
	}
	r.refer("entity", s.Entity, entityAt, "source "+s.ID)
	return s
}

// incidents reads an incident log's entries.
func (r *reader) incidents(n ast.Node) []dz.Incident {
	var out []dz.Incident
	for _, it := range r.items(n, "incidents") {
		var in dz.Incident
		r.fields(it, "an incident", incidentKeys, func(key string, v ast.Node) {
			switch key {
			case "id":
				in.ID = r.str(v, key)
				r.checkID(v, "incident id", in.ID)
			case "start":
				in.Start = r.date(v, key)
			case "end":
				in.End = r.date(v, key)
			case "severity":
				in.Severity = r.str(v, key)
			case "affects":
				in.Affects = r.strs(v, key)
				for i, a := range r.seq(v) {
					if i < len(in.Affects) {
						r.refer("entity_or_plan", in.Affects[i], a, "incident "+in.ID)
					}
				}
			case "data_loss":
				in.DataLoss = r.boolean(v, key)
			case "summary":
				in.Summary = r.str(v, key)
			}
		})
		r.require(it, "the incident", "id", "start", "end")
		if !in.Start.IsZero() && !in.End.IsZero() && !in.End.After(in.Start) {
			r.c.add(r.pos(r.resolve(it)), "check the times: end comes after start", "incident %q ends before it starts", in.ID)
		}
		out = append(out, in)
	}
	return out
}
