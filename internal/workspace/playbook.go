package workspace

import (
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/policy"
)

var playbookKeys = withMeta("title", "intents", "when", "tone", "steps")

// playbooks reads playbooks/*.md.
func (l *loader) playbooks() []*dz.Playbook {
	var out []*dz.Playbook
	for _, f := range l.files("playbooks", ".md") {
		if p := parsePlaybook(l.c, f.name, f.src); p != nil {
			out = append(out, p)
		}
	}
	return out
}

// parsePlaybook reads one playbook: front matter, and steps from the front
// matter's steps list or else the body's numbered list.
func parsePlaybook(c *collector, file string, src []byte) *dz.Playbook {
	md := splitFrontMatter(c, file, src)
	if md.meta == nil {
		return nil
	}
	r := md.r
	p := &dz.Playbook{Body: strings.TrimSpace(md.body)}
	p.Pos = r.pos(r.resolve(md.meta))
	ok := r.fields(md.meta, "the front matter", playbookKeys, func(key string, v ast.Node) {
		switch {
		case r.meta(&p.Meta, key, v):
		case key == "title":
			p.Title = r.str(v, key)
		case key == "intents":
			p.Intents = r.strs(v, key)
			r.checkNames(v, key, p.Intents)
		case key == "when":
			p.When = r.celOf(v, key, policy.KindBool)
		case key == "tone":
			p.Tone = r.str(v, key)
			r.checkEnum(v, key, p.Tone, Handlings)
		case key == "steps":
			p.Steps = r.strs(v, key)
		}
	})
	if !ok {
		return nil
	}
	r.require(md.meta, "the playbook", "id", "title")
	r.referIntents(r.keys(md.meta)["intents"], "playbook "+p.ID)
	if len(p.Steps) == 0 {
		p.Steps = numberedItems(md.body)
	}
	if len(p.Steps) == 0 {
		c.add(dz.Pos{File: file, Line: md.bodyLine}, "write the steps as a numbered list (1. …) in the body, or as steps: in the front matter",
			"playbook %q has no steps", p.ID)
	}
	return p
}
