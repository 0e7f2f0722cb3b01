package workspace

import (
	"regexp"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/compose"
)

var (
	templateKeys = withMeta("part", "intents", "outcomes", "actions", "tones", "handling")
	// Parts are the template parts, in reply order.
	Parts = []string{dz.PartGreeting, dz.PartOpening, dz.PartBody, dz.PartClosing}
	// Outcomes are the decision outcomes a template may be limited to.
	Outcomes = []string{string(dz.OutcomeExecute), string(dz.OutcomeDraft), string(dz.OutcomeEscalate), string(dz.OutcomeRefuse)}
)

// templates reads templates/*.md.
func (l *loader) templates() []*dz.Template {
	var out []*dz.Template
	for _, f := range l.files("templates", ".md") {
		if t := parseTemplate(l.c, f.name, f.src); t != nil {
			out = append(out, t)
		}
	}
	return out
}

// parseTemplate reads one template: front matter, and a Go text/template body.
func parseTemplate(c *collector, file string, src []byte) *dz.Template {
	md := splitFrontMatter(c, file, src)
	if md.meta == nil {
		return nil
	}
	r := md.r
	t := &dz.Template{Body: strings.TrimSpace(md.body)}
	t.Pos = r.pos(r.resolve(md.meta))
	ok := r.fields(md.meta, "the front matter", templateKeys, func(key string, v ast.Node) {
		if !r.meta(&t.Meta, key, v) {
			r.templateField(t, key, v)
		}
	})
	if !ok {
		return nil
	}
	r.require(md.meta, "the template", "id", "part")
	r.referIntents(r.keys(md.meta)["intents"], "template "+t.ID)
	if t.Body == "" {
		c.add(dz.Pos{File: file, Line: md.bodyLine}, "write the reply text below the front matter", "template %q has no body", t.ID)
	}
	checkTemplateBody(c, file, md.bodyLine, md.body)
	return t
}

// templateField reads one front-matter key of a template into t.
func (r *reader) templateField(t *dz.Template, key string, v ast.Node) {
	switch key {
	case "part":
		t.Part = r.str(v, key)
		r.checkEnum(v, key, t.Part, Parts)
	case "intents":
		t.Intents = r.strs(v, key)
		r.checkNames(v, key, t.Intents)
	case "outcomes":
		for _, it := range r.items(v, key) {
			o := r.str(it, "outcome")
			r.checkEnum(it, "outcome", o, Outcomes)
			t.Outcomes = append(t.Outcomes, dz.Outcome(o))
		}
	case "actions":
		t.Actions = r.strs(v, key)
		r.checkNames(v, key, t.Actions)
	case "tones":
		t.Tones = r.strs(v, key)
		for i, it := range r.seq(v) {
			if i < len(t.Tones) {
				r.checkEnum(it, "tone", t.Tones[i], dz.Tones)
			}
		}
	case "handling":
		t.Handling = r.str(v, key)
		r.checkEnum(v, key, t.Handling, Handlings)
	}
}

var (
	templateErrLine = regexp.MustCompile(`^template: [^:]*:(\d+):(?:\d+:)?\s*(.*)$`)
	composeErrLine  = regexp.MustCompile(`^template body line (\d+):\s*(.*)$`)
)

// templateFix says where template fields and functions are listed.
const templateFix = "fix the {{ … }} actions; docs/templates.md lists the fields and functions a template can use"

// checkTemplateBody reports a body that is not a valid Go text/template,
// then one the composer cannot render (unknown fields or functions).
func checkTemplateBody(c *collector, file string, bodyLine int, body string) {
	tree := parse.New("body")
	tree.Mode = parse.SkipFuncCheck | parse.ParseComments
	if _, err := tree.Parse(body, "{{", "}}", map[string]*parse.Tree{}); err != nil {
		pos, msg := bodyPos(file, bodyLine, templateErrLine, err.Error())
		c.add(pos, templateFix, "the template body does not parse: %s", msg)
		return
	}
	if err := compose.Check(body); err != nil {
		pos, msg := bodyPos(file, bodyLine, composeErrLine, err.Error())
		c.add(pos, templateFix, "the template body cannot be rendered: %s", msg)
	}
}

// bodyPos turns a body-relative line found by re in msg into a file position.
func bodyPos(file string, bodyLine int, re *regexp.Regexp, msg string) (dz.Pos, string) {
	pos := dz.Pos{File: file, Line: bodyLine}
	if m := re.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		pos.Line, msg = bodyLine+n-1, m[2]
	}
	return pos, msg
}
