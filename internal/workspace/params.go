package workspace

import (
	"math"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// paramCheck is a test's expected action parameter given as text or
// true/false, checked once the workspace says which parameters are numbers.
type paramCheck struct {
	action, name, text string
	pos                dz.Pos
	from               string
}

// numericSuffixes mark parameter names that hold numbers by convention.
var numericSuffixes = []string{"amount", "percent", "_count", "_days", "_hours"}

// referParams records the expected parameters under list n (a test's
// expect.actions) whose values are text or true/false.
func (r *reader) referParams(n ast.Node, from string) {
	for _, it := range r.seq(n) {
		mvs, _ := entries(r.resolve(r.keys(it)["params"]))
		for _, mv := range mvs {
			if mv == nil || mv.Key == nil {
				continue
			}
			var text string
			switch v := r.resolve(mv.Value).(type) {
			case *ast.StringNode:
				text = v.Value
			case *ast.BoolNode:
				text = v.GetToken().Value
			default:
				continue
			}
			r.c.params = append(r.c.params, paramCheck{action: r.peek(it, "type"), name: r.keyText(mv.Key),
				text: text, pos: r.pos(r.resolve(mv.Value)), from: from})
		}
	}
}

// numericParams names the parameters that hold numbers: those limit rules
// bound and those precedents decided as numbers.
func numericParams(ws *dz.Workspace) map[string]bool {
	out := map[string]bool{}
	for _, p := range ws.Policies {
		for _, rule := range p.Rules {
			if rule.Effect == dz.EffectLimit && rule.Param != "" {
				out[rule.Param] = true
			}
		}
	}
	for _, p := range ws.Precedents {
		for _, a := range p.Actions {
			for name, v := range a.Params {
				if _, ok := dz.Number(v); ok {
					out[name] = true
				}
			}
		}
	}
	return out
}

// checkParams reports expected parameters written as text or true/false
// where a number belongs: numeric parameters, and text that reads as a
// number in any parameter ("$49", "forty-nine").
func (l *loader) checkParams(numeric map[string]bool) {
	for _, pc := range l.c.params {
		if !numeric[pc.name] && !hasNumericSuffix(pc.name) && !looksNumeric(pc.text) {
			continue
		}
		fix := "write a plain number, e.g. " + pc.name + ": 49"
		if f, ok := plainNumber(pc.text); ok {
			fix = "write it as a plain number: " + pc.name + ": " + fmtNum(f)
		}
		l.c.add(pc.pos, fix, "%s expects %s %s %q, which is not a number", pc.from, pc.action, pc.name, pc.text)
	}
}

// hasNumericSuffix reports whether a parameter's name says it holds a number.
func hasNumericSuffix(name string) bool {
	for _, s := range numericSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// looksNumeric reports whether text reads as a number: digits with a
// currency or percent sign, or number words.
func looksNumeric(text string) bool {
	if _, ok := plainNumber(text); ok {
		return true
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return r == ' ' || r == '-' })
	for _, w := range words {
		if !numberWords[w] {
			return false
		}
	}
	return len(words) > 0
}

// plainNumber reads text such as "49", "$49.00", "49 USD" or "10%" as a number.
func plainNumber(text string) (float64, bool) {
	s := strings.ToLower(strings.TrimSpace(text))
	for _, cut := range []string{"usd", "eur", "gbp", "$", "€", "£", "%", ","} {
		s = strings.ReplaceAll(s, cut, "")
	}
	s = strings.TrimSpace(s)
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil && strings.ContainsAny(s, "0123456789") && !math.IsInf(f, 0)
}

// numberWords are the English words numbers are spelled with.
var numberWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`zero one two three four five six seven eight nine ten eleven twelve
		thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
		seventy eighty ninety hundred thousand million half quarter`) {
		m[w] = true
	}
	return m
}()
