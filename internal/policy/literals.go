package policy

import (
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/operators"
	"cel.dev/cel-go/common/types"
)

// arithmetic lists the operators whose int literal operands are read as doubles.
var arithmetic = map[string]bool{
	operators.Add: true, operators.Subtract: true, operators.Multiply: true,
	operators.Divide: true, operators.Negate: true,
}

// equality lists the operators that compare an arithmetic result with a literal.
var equality = map[string]bool{operators.Equals: true, operators.NotEquals: true}

// numericChoices are calls whose operands are alternatives of one numeric
// value: a conditional's branches (its condition is a bool and never an int
// literal) and math.greatest/least. `x > 0.0 ? x : 0` and
// `math.greatest(0, facts.amount)` read their 0 as 0.0.
var numericChoices = map[string]bool{operators.Conditional: true, "math.@max": true, "math.@min": true} // the math macros expand to @max/@min

// intCalls are functions that give an int: an operand of arithmetic that
// calls one is read as a double, so a per-unit multiplier such as
// 100 * size(records.reservation.data.passengers) works.
var intCalls = map[string]bool{
	"size": true, "int": true, "indexOf": true, "lastIndexOf": true,
	"getFullYear": true, "getMonth": true, "getDayOfYear": true, "getDayOfMonth": true, "getDate": true,
	"getDayOfWeek": true, "getHours": true, "getMinutes": true, "getSeconds": true, "getMilliseconds": true,
}

// doubleLiterals rewrites, in place, every operand of + - * / or unary
// minus (or of an equality with such an operation) that is an int literal
// or an int-valued call into a double. Workspace numbers are doubles, so
// without this `entity.mrr * 2` fails with "no such overload".
func doubleLiterals(a *ast.AST) {
	calls := ast.MatchDescendants(ast.NavigateAST(a), func(e ast.NavigableExpr) bool {
		if e.Kind() != ast.CallKind {
			return false
		}
		fn := e.AsCall().FunctionName()
		return arithmetic[fn] || numericChoices[fn] || equality[fn] && hasArithmeticArg(e.AsCall().Args())
	})
	fac := ast.NewExprFactory()
	next := maxID(a) + 1
	renumber := func(int64) int64 { next++; return next }
	for _, call := range calls {
		for _, arg := range call.AsCall().Args() {
			switch {
			case arg.Kind() == ast.LiteralKind:
				if i, ok := arg.AsLiteral().(types.Int); ok {
					arg.SetKindCase(fac.NewLiteral(arg.ID(), types.Double(i)))
				}
			case arg.Kind() == ast.CallKind && intCalls[arg.AsCall().FunctionName()]:
				inner := fac.CopyExpr(arg)
				inner.RenumberIDs(renumber)
				arg.SetKindCase(fac.NewCall(0, "double", inner))
			}
		}
	}
}

// maxID is the largest expression id in the AST, so new nodes get fresh ones.
func maxID(a *ast.AST) int64 {
	var top int64
	ast.MatchDescendants(ast.NavigateAST(a), func(e ast.NavigableExpr) bool {
		top = max(top, e.ID())
		return false
	})
	return top
}

func hasArithmeticArg(args []ast.Expr) bool {
	for _, a := range args {
		if a.Kind() == ast.CallKind && arithmetic[a.AsCall().FunctionName()] {
			return true
		}
	}
	return false
}

// generators are functions whose cost grows with an argument's value rather
// than the expression's size.
var generators = map[string]bool{"lists.range": true}

// loops reports whether the expression holds a comprehension or a
// generator: the only constructs whose cost is not bounded by the
// expression's own size and its inputs.
func loops(a *ast.AST) bool {
	return len(ast.MatchDescendants(ast.NavigateAST(a), func(e ast.NavigableExpr) bool {
		return e.Kind() == ast.ComprehensionKind || e.Kind() == ast.CallKind && generators[e.AsCall().FunctionName()]
	})) > 0
}
