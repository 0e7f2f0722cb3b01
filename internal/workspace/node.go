package workspace

import (
	"errors"
	"fmt"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/delegatezero/dz"
)

// maxDepth bounds nesting and alias chains so hostile input cannot recurse forever.
const maxDepth = 64

// reader turns the YAML nodes of one file into values, reporting every
// problem with the file's name and the node's line and column.
type reader struct {
	file    string
	c       *collector
	anchors map[string]ast.Node
	lines   []string // the source, to correct the parser's columns
	budget  int      // values value() may still read; aliases can multiply them
}

// valueBudget bounds how many values one file may expand to, so aliases of
// aliases ("billion laughs") cannot exhaust memory or time.
const valueBudget = 200_000

// parseYAML parses src as a single YAML document. It records a problem and
// returns a nil body when the file is not valid YAML or holds no document.
func parseYAML(c *collector, file string, src []byte) (r *reader, body ast.Node) {
	r = &reader{file: file, c: c, anchors: map[string]ast.Node{}, budget: valueBudget, lines: strings.Split(string(src), "\n")}
	f, err := safeParse(src)
	if err != nil {
		r.syntaxError(err)
		return r, nil
	}
	var docs []ast.Node
	for _, d := range f.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d.Body)
		}
	}
	if len(docs) == 0 {
		c.add(dz.Pos{File: file}, "add content or delete the file", "the file is empty")
		return r, nil
	}
	for _, extra := range docs[1:] {
		c.add(r.pos(extra), "put each document in its own file, or use a YAML list", "a second YAML document (after ---) is not read")
	}
	for _, a := range ast.Filter(ast.AnchorType, docs[0]) {
		if an, ok := a.(*ast.AnchorNode); ok && an.Name != nil {
			r.anchors[an.Name.GetToken().Value] = an.Value
		}
	}
	return r, docs[0]
}

// safeParse parses YAML, turning a parser panic into an error.
func safeParse(src []byte) (f *ast.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, fmt.Errorf("the YAML parser failed: %v", p)
		}
	}()
	f, err = parser.ParseBytes(src, 0)
	if err == nil && f == nil {
		err = errors.New("the YAML parser returned nothing")
	}
	return f, err
}

// syntaxError records a YAML syntax error at its token.
func (r *reader) syntaxError(err error) {
	const fix = "fix the YAML syntax (indentation, a missing colon or quote)"
	var ye yaml.Error
	if errors.As(err, &ye) {
		p := dz.Pos{File: r.file}
		if tk := ye.GetToken(); tk != nil && tk.Position != nil {
			p.Line, p.Col = tk.Position.Line, tk.Position.Column
		}
		r.c.add(p, fix, "invalid YAML: %s", ye.GetMessage())
		return
	}
	r.c.add(dz.Pos{File: r.file}, fix, "invalid YAML: %v", err)
}

// pos is where node n starts. A block mapping starts at its first key.
func (r *reader) pos(n ast.Node) dz.Pos {
	switch v := n.(type) {
	case nil:
		return dz.Pos{File: r.file}
	case *ast.MappingNode:
		if !v.IsFlowStyle && len(v.Values) > 0 {
			return r.pos(v.Values[0])
		}
	case *ast.MappingValueNode:
		if v.Key != nil {
			return r.pos(v.Key)
		}
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return dz.Pos{File: r.file}
	}
	return dz.Pos{File: r.file, Line: tk.Position.Line, Col: r.column(tk.Position.Line, tk.Position.Column, tk.Value)}
}

// column corrects the parser's column for a plain scalar followed by
// spaces, which it reports shifted right by their number: it moves back to
// the nearest place where the token's text starts.
func (r *reader) column(line, col int, value string) int {
	if line < 1 || line > len(r.lines) || value == "" || strings.ContainsRune(value, '\n') {
		return col
	}
	text, val := []rune(r.lines[line-1]), []rune(value)
	for p := min(col-1, len(text)); p >= 0; p-- {
		if p+len(val) <= len(text) && string(text[p:p+len(val)]) == value {
			return p + 1
		}
	}
	return col
}

// resolve strips tags and anchors and follows aliases to the value node.
func (r *reader) resolve(n ast.Node) ast.Node {
	for range maxDepth {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			if v.Value == nil {
				return nil
			}
			n = r.anchors[v.Value.GetToken().Value]
		default:
			return n
		}
	}
	return nil
}

// kind names what a node holds, for "expected X, got Y" messages.
func kind(n ast.Node) string {
	switch n.(type) {
	case nil, *ast.NullNode:
		return "nothing"
	case *ast.StringNode, *ast.LiteralNode:
		return "text"
	case *ast.IntegerNode, *ast.FloatNode:
		return "a number"
	case *ast.InfinityNode, *ast.NanNode:
		return "infinity or NaN"
	case *ast.BoolNode:
		return "true/false"
	case *ast.SequenceNode:
		return "a list"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	}
	return "an unsupported YAML value"
}
