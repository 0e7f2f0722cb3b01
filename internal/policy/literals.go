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

// doubleLiterals rewrites, in place, every int literal that is an operand of
// + - * / or unary minus, or that is compared for equality with such an
// operation, into the same value as a double. Workspace numbers are doubles,
// so without this `entity.mrr * 2` fails with "no such overload".
func doubleLiterals(a *ast.AST) {
	calls := ast.MatchDescendants(ast.NavigateAST(a), func(e ast.NavigableExpr) bool {
		if e.Kind() != ast.CallKind {
			return false
		}
		fn := e.AsCall().FunctionName()
		return arithmetic[fn] || equality[fn] && hasArithmeticArg(e.AsCall().Args())
	})
	fac := ast.NewExprFactory()
	for _, call := range calls {
		for _, arg := range call.AsCall().Args() {
			if arg.Kind() != ast.LiteralKind {
				continue
			}
			if i, ok := arg.AsLiteral().(types.Int); ok {
				arg.SetKindCase(fac.NewLiteral(arg.ID(), types.Double(i)))
			}
		}
	}
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
