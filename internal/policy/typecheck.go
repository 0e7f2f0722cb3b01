package policy

import (
	"fmt"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/ast"
	"cel.dev/cel-go/common/types"
)

// Kind is the type of value an expression must give where it is used.
type Kind int

// The kinds an expression may be required to give.
const (
	KindAny    Kind = iota // any value (a default rule's params)
	KindBool               // true or false (a when)
	KindNumber             // a number (a limit's max and min)
)

// String names the kind as a founder reads it.
func (k Kind) String() string {
	switch k {
	case KindBool:
		return "true or false"
	case KindNumber:
		return "a number"
	}
	return "a value"
}

// TypeError says that an expression compiles but gives the wrong kind of value.
type TypeError struct {
	Got  string // what it gives, in words: "a number", "text", …
	Want Kind
}

// Error implements error.
func (e *TypeError) Error() string {
	return fmt.Sprintf("it gives %s, not %s", e.Got, e.Want)
}

// CheckType reports whether expr compiles (as Check does) and can give a
// value of kind want. It uses the checked expression's output type. A
// dynamic value is accepted, since facts and entity fields are dynamic,
// except a bare read of a fact or entity field that always holds another
// kind (docs/workspace.md lists them): `when: facts.amount` is a number.
// A wrong kind is a *TypeError.
func CheckType(expr string, want Kind) error {
	if err := Check(expr); err != nil {
		return err
	}
	if want == KindAny {
		return nil
	}
	env, err := envOnce()
	if err != nil {
		return fmt.Errorf("policy environment: %w", err)
	}
	parsed, iss := env.Parse(expr)
	if iss.Err() != nil {
		return fmt.Errorf("%s", cleanIssues(iss.Err().Error()))
	}
	doubleLiterals(parsed.NativeRep())
	checked, iss := env.Check(parsed)
	if iss.Err() != nil {
		return fmt.Errorf("%s", cleanIssues(iss.Err().Error()))
	}
	got := outputKind(checked)
	if got == "" || got == "any" || fits(got, want) {
		return nil
	}
	return &TypeError{Got: got, Want: want}
}

// fits reports whether a value described by got can serve as want.
func fits(got string, want Kind) bool {
	switch want {
	case KindBool:
		return got == "true or false"
	case KindNumber:
		return got == "a number"
	}
	return true
}

// outputKind names what the checked expression gives: "any" when it is
// dynamic and not a known fact or field.
func outputKind(checked *cel.Ast) string {
	t := checked.OutputType()
	switch t.Kind() {
	case types.BoolKind:
		return "true or false"
	case types.IntKind, types.UintKind, types.DoubleKind:
		return "a number"
	case types.StringKind:
		return "text"
	case types.BytesKind:
		return "bytes"
	case types.ListKind:
		return "a list"
	case types.MapKind:
		return "a mapping"
	case types.TimestampKind:
		return "a time"
	case types.DurationKind:
		return "a duration"
	case types.NullTypeKind:
		return "null"
	case types.DynKind:
		return knownField(checked.NativeRep().Expr())
	}
	return "any"
}

// knownField names the kind of a bare facts.NAME or entity.NAME whose
// value always has one kind, or "any".
func knownField(e ast.Expr) string {
	if e.Kind() != ast.SelectKind || e.AsSelect().IsTestOnly() {
		return "any"
	}
	sel := e.AsSelect()
	op := sel.Operand()
	if op.Kind() != ast.IdentKind {
		return "any"
	}
	var k string
	switch op.AsIdent() {
	case "facts":
		k = factKinds[sel.FieldName()]
	case "entity":
		k = entityKinds[sel.FieldName()]
	}
	if k == "" {
		return "any"
	}
	return k
}
