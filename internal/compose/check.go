package compose

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"text/template/parse"
)

// maxBody caps the size of a template body.
const maxBody = 16 << 10

var dataType = reflect.TypeFor[Data]()

// Check reports whether a template body parses and uses only the fields of
// Data and the functions lower, upper and trim besides text/template's own.
// Nested templates (define, template, block) and range are not allowed.
// The error names the line and the problem.
func Check(body string) error {
	_, err := parseBody(body)
	return err
}

// parsed caches checked templates by body; workspaces reuse a few bodies
// for every decision. It stops growing at maxParsed entries.
var (
	parsed     sync.Map // body → *template.Template
	parsedSize atomic.Int64
)

const maxParsed = 4096

// parseBody parses a body and checks every node in it, from the cache when
// it can. Parsed templates are safe to execute concurrently.
func parseBody(body string) (*template.Template, error) {
	if t, ok := parsed.Load(body); ok {
		return t.(*template.Template), nil
	}
	t, err := parseUncached(body)
	if err == nil && parsedSize.Load() < maxParsed {
		if _, loaded := parsed.LoadOrStore(body, t); !loaded {
			parsedSize.Add(1)
		}
	}
	return t, err
}

func parseUncached(body string) (*template.Template, error) {
	if len(body) > maxBody {
		return nil, fmt.Errorf("template body is %d bytes: keep it under %d", len(body), maxBody)
	}
	t, err := template.New("body").Funcs(funcs).Parse(body)
	if err != nil {
		return nil, fmt.Errorf("template body does not parse: %w", err)
	}
	if len(t.Templates()) > 1 {
		return nil, fmt.Errorf("template body defines nested templates: write one body without define or block")
	}
	c := checker{body: body}
	if t.Tree != nil {
		c.list(t.Tree.Root, dataType)
	}
	return t, c.err
}

// checker walks a parse tree and records the first problem.
type checker struct {
	body string
	err  error
}

func (c *checker) fail(n parse.Node, format string, args ...any) {
	if c.err == nil {
		line := 1 + strings.Count(c.body[:min(int(n.Position()), len(c.body))], "\n")
		c.err = fmt.Errorf("template body line %d: %s", line, fmt.Sprintf(format, args...))
	}
}

func (c *checker) list(l *parse.ListNode, dot reflect.Type) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		c.node(n, dot)
	}
}

func (c *checker) node(n parse.Node, dot reflect.Type) {
	switch n := n.(type) {
	case *parse.ActionNode:
		c.pipe(n.Pipe, dot)
	case *parse.IfNode:
		c.branch(&n.BranchNode, dot, dot)
	case *parse.WithNode:
		c.branch(&n.BranchNode, c.pipeType(n.Pipe, dot), dot)
	case *parse.RangeNode:
		c.fail(n, "range is not supported: template fields are single values")
	case *parse.TemplateNode:
		c.fail(n, "{{template %q}} is not supported: write one body without nested templates", n.Name)
	case *parse.BreakNode, *parse.ContinueNode, *parse.TextNode, *parse.CommentNode:
	default:
		c.fail(n, "unsupported template action %s", n)
	}
}

func (c *checker) branch(b *parse.BranchNode, inner, dot reflect.Type) {
	c.pipe(b.Pipe, dot)
	c.list(b.List, inner)
	c.list(b.ElseList, dot)
}

func (c *checker) pipe(p *parse.PipeNode, dot reflect.Type) {
	if p == nil {
		return
	}
	for _, cmd := range p.Cmds {
		for _, arg := range cmd.Args {
			c.arg(arg, dot)
		}
	}
}
