package workspace

import (
	"errors"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz/internal/policy"
)

// celFix tells a founder where the expression language is explained.
const celFix = "fix the expression: it is CEL over facts, entity, intent, request and now (docs/workspace.md, \"Conditions\")"

// typeFixes says, per kind, how to write an expression that gives it.
var typeFixes = map[policy.Kind]string{
	policy.KindBool:   "write a condition that is true or false, e.g. facts.amount > 100 or has(facts.order_id)",
	policy.KindNumber: "write a number or an expression that gives one, e.g. 500 or entity.mrr * 2",
}

// cel reads an expression at n that may give any value and reports it
// when it does not compile.
func (r *reader) cel(n ast.Node, key string) string {
	return r.celOf(n, key, policy.KindAny)
}

// celOf reads an expression at n and reports it when it does not compile or
// cannot give a value of kind want.
func (r *reader) celOf(n ast.Node, key string, want policy.Kind) string {
	expr := r.expr(n, key)
	if expr == "" {
		return ""
	}
	err := policy.CheckType(expr, want)
	var te *policy.TypeError
	switch {
	case errors.As(err, &te):
		r.c.add(r.pos(r.resolve(n)), typeFixes[want], "%s %q gives %s, not %s", key, expr, te.Got, want)
	case err != nil:
		r.c.add(r.pos(r.resolve(n)), celFix, "%s does not compile: %v", key, err)
	}
	return expr
}
