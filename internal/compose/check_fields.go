package compose

import (
	"reflect"
	"sort"
	"strings"
	"text/template/parse"
)

// arg checks one argument of a command: fields must exist on the type of
// dot (or of $ for $.Field), and nested pipelines are checked in turn.
func (c *checker) arg(n parse.Node, dot reflect.Type) {
	switch n := n.(type) {
	case *parse.FieldNode:
		c.fields(n, dot, n.Ident)
	case *parse.VariableNode:
		switch {
		case n.Ident[0] == "$":
			c.fields(n, dataType, n.Ident[1:])
		case len(n.Ident) > 1:
			c.fail(n, "field access on a variable (%s) is not supported: use the field itself", n)
		}
	case *parse.ChainNode:
		c.fail(n, "field access on a parenthesised value is not supported")
	case *parse.PipeNode:
		c.pipe(n, dot)
	}
}

// fields resolves a chain of field names from t and reports the first that
// does not exist.
func (c *checker) fields(n parse.Node, t reflect.Type, names []string) {
	for _, name := range names {
		if t == nil || t.Kind() != reflect.Struct {
			c.fail(n, "field .%s is used on a value that has no fields", name)
			return
		}
		f, ok := t.FieldByName(name)
		if !ok || !f.IsExported() {
			c.fail(n, "unknown field .%s: the fields are %s", name, fieldList(t))
			return
		}
		t = f.Type
	}
}

// pipeType is the type a with-pipeline sets dot to: the field's type for a
// plain field, unknown (nil) otherwise.
func (c *checker) pipeType(p *parse.PipeNode, dot reflect.Type) reflect.Type {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 || len(p.Decl) > 0 {
		return nil
	}
	f, ok := p.Cmds[0].Args[0].(*parse.FieldNode)
	if !ok {
		return nil
	}
	t := dot
	for _, name := range f.Ident {
		if t == nil || t.Kind() != reflect.Struct {
			return nil
		}
		sf, ok := t.FieldByName(name)
		if !ok {
			return nil
		}
		t = sf.Type
	}
	return t
}

// fieldList names a struct's exported fields, sorted.
func fieldList(t reflect.Type) string {
	var names []string
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			names = append(names, "."+f.Name)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
