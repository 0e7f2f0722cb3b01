package policy

import (
	"strings"
	"testing"
)

// FuzzCompile feeds arbitrary expressions to the compiler and evaluator: no
// input may panic, compile errors stay on one line, and a compiled
// expression evaluates to a value or an error.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		"facts.amount > 100", "entity.mrr * 2", "has(facts.x) && facts.x == 'y'",
		"request.text.matches('(?i)lawyer')", "facts.items.exists(i, i.price > 2.0)",
		"-1 * -2 / 0", "[1,2,3].map(x, x * 2)[1] == 4", "now > timestamp('2026-01-01T00:00:00Z')",
		"((((", "facts.", "1 +", "\x00", "'unterminated",
	} {
		f.Add(s)
	}
	vars := testVars()
	f.Fuzz(func(t *testing.T, expr string) {
		p, err := Compile(expr)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("Compile(%q) error spans lines: %q", expr, err)
			}
			return
		}
		_, _ = p.Eval(vars)
		_, _ = p.Bool(vars)
		_, _ = p.Number(vars)
	})
}
