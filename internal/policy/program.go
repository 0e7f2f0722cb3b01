package policy

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Program is one compiled expression, safe for concurrent use.
type Program struct {
	expr  string
	prg   cel.Program
	facts []string // fact names the expression reads
}

// Compile compiles expr in the policy environment. The error says what is
// wrong and where in the expression.
func Compile(expr string) (*Program, error) {
	env, err := envOnce()
	if err != nil {
		return nil, fmt.Errorf("policy environment: %w", err)
	}
	if strings.TrimSpace(expr) == "" {
		return nil, fmt.Errorf("the expression is empty")
	}
	parsed, iss := env.Parse(expr)
	if iss.Err() != nil {
		return nil, fmt.Errorf("%s", cleanIssues(iss.Err().Error()))
	}
	doubleLiterals(parsed.NativeRep())
	checked, iss := env.Check(parsed)
	if iss.Err() != nil {
		return nil, fmt.Errorf("%s", cleanIssues(iss.Err().Error()))
	}
	opts := []cel.ProgramOption{cel.EvalOptions(cel.OptOptimize)}
	if loops(checked.NativeRep()) {
		// Only a comprehension (all, exists, map, filter) can run long; an
		// expression without one is bounded by its size, and skipping cost
		// tracking makes it about a third cheaper to evaluate.
		opts = append(opts, cel.CostLimit(costLimit))
	}
	prg, err := env.Program(checked, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s", cleanIssues(err.Error()))
	}
	return &Program{expr: expr, prg: prg, facts: factRefs(expr)}, nil
}

// Check reports whether expr compiles in the policy environment.
func Check(expr string) error {
	_, err := Compile(expr)
	return err
}

// String returns the expression's source.
func (p *Program) String() string { return p.expr }

// Facts returns the fact names the expression reads (facts.NAME), sorted.
func (p *Program) Facts() []string { return p.facts }

var (
	factRef     = regexp.MustCompile(`\bfacts\.([a-z][a-z0-9_]*)`)
	presenceRef = regexp.MustCompile(`\bhas\(\s*facts\.[a-z][a-z0-9_]*\s*\)`)
)

// factRefs lists the facts an expression reads. A fact it only tests for
// with has() is not read: `!has(facts.order_id)` works without it.
func factRefs(expr string) []string {
	seen := map[string]bool{}
	var names []string
	for _, m := range factRef.FindAllStringSubmatch(presenceRef.ReplaceAllString(expr, ""), -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			names = append(names, m[1])
		}
	}
	sortStrings(names)
	return names
}

// cleanIssues turns cel-go's multi-line report into one line that names the
// column, e.g. "1:8: undeclared reference to 'fact'".
func cleanIssues(s string) string {
	s = strings.ReplaceAll(s, "ERROR: <input>:", "")
	lines := strings.Split(s, "\n")
	var kept []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "|") || strings.Trim(t, ".^ ") == "" {
			continue
		}
		kept = append(kept, t)
	}
	return strings.Join(kept, "; ")
}

// Input holds the values of the CEL variables for one decision. Nil maps
// are read as empty.
type Input struct {
	Facts   map[string]any // facts by name
	Entity  map[string]any // the matched entity's fields
	Records map[string]any // sub-records named by the request's ids, by kind
	Tables  map[string]any // the workspace's lookup tables, by name
	Request map[string]any // text, data, intents, source, type, profile
	Intent  string
	Now     time.Time
}

// Vars are the values an expression is evaluated against. Build them once
// per decision with NewVars and reuse them for every expression.
type Vars struct {
	act cel.Activation
	err error // why the activation could not be built
}

// NewVars binds the decision's values for evaluation. Maps are not copied:
// do not change them while expressions run.
func NewVars(in Input) *Vars {
	act, err := cel.NewActivation(map[string]any{
		"facts": orEmpty(in.Facts), "entity": orEmpty(in.Entity), "records": orEmpty(in.Records),
		"tables": orEmpty(in.Tables), "request": orEmpty(in.Request),
		"intent": in.Intent, "now": in.Now,
	})
	return &Vars{act: act, err: err}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// Eval evaluates the expression and returns its value as a Go value
// (bool, float64, string, []any, map[string]any, time.Time, …).
func (p *Program) Eval(v *Vars) (any, error) {
	out, err := p.eval(v)
	if err != nil {
		return nil, err
	}
	return native(out), nil
}

func (p *Program) eval(v *Vars) (ref.Val, error) {
	if v.err != nil {
		return nil, fmt.Errorf("variables: %w", v.err)
	}
	out, _, err := p.prg.Eval(v.act)
	if err != nil {
		return nil, fmt.Errorf("%s", cleanIssues(err.Error()))
	}
	return out, nil
}

// Bool evaluates a condition. A non-bool result is an error.
func (p *Program) Bool(v *Vars) (bool, error) {
	out, err := p.eval(v)
	if err != nil {
		return false, err
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, fmt.Errorf("%q gives a %s, not true or false", p.expr, out.Type().TypeName())
	}
	return bool(b), nil
}

// Number evaluates an expression that must give a number.
func (p *Program) Number(v *Vars) (float64, error) {
	out, err := p.eval(v)
	if err != nil {
		return 0, err
	}
	f, ok := toFloat(out)
	if !ok {
		return 0, fmt.Errorf("%q gives a %s, not a number", p.expr, out.Type().TypeName())
	}
	return f, nil
}
