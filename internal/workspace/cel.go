package workspace

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz/internal/policy"
)

// celFix tells a founder where the expression language is explained.
const celFix = "fix the expression: it is CEL over facts, entity, intent, request and now (docs/workspace.md, \"Conditions\")"

// cel reads an expression at n and reports it when it does not compile.
func (r *reader) cel(n ast.Node, key string) string {
	expr := r.expr(n, key)
	if expr == "" {
		return ""
	}
	if err := policy.Check(expr); err != nil {
		r.c.add(r.pos(r.resolve(n)), celFix, "%s does not compile: %v", key, err)
	}
	return expr
}
