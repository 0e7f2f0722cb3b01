package workspace

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"
)

// str reads a text value. Nothing reads as "". A number or true/false is
// reported: ids like 007 lose their meaning unquoted.
func (r *reader) str(n ast.Node, key string) string {
	switch v := r.resolve(n).(type) {
	case nil, *ast.NullNode:
		return ""
	case *ast.StringNode:
		return v.Value
	case *ast.LiteralNode:
		if v.Value == nil {
			return ""
		}
		return v.Value.Value
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		r.c.add(r.pos(v), "put it in quotes: \""+v.GetToken().Value+"\"", "%s should be text, not %s", key, kind(v))
	default:
		r.c.add(r.pos(v), "write a single line of text, or use `|` for several lines", "%s should be text, not %s", key, kind(v))
	}
	return ""
}

// expr reads a CEL expression. Numbers and true/false are expressions too.
func (r *reader) expr(n ast.Node, key string) string {
	switch v := r.resolve(n).(type) {
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return v.GetToken().Value
	default:
		return strings.TrimSpace(r.str(n, key))
	}
}

// num reads a finite number.
func (r *reader) num(n ast.Node, key string) (float64, bool) {
	switch v := r.resolve(n).(type) {
	case *ast.IntegerNode:
		return intValue(v), true
	case *ast.FloatNode:
		if !math.IsInf(v.Value, 0) && !math.IsNaN(v.Value) {
			return v.Value, true
		}
	case *ast.StringNode:
		if f, err := strconv.ParseFloat(strings.TrimSpace(v.Value), 64); err == nil {
			r.c.add(r.pos(v), "remove the quotes: "+key+": "+v.Value, "%s should be a number, not text", key)
			return f, false
		}
	}
	r.c.add(r.pos(r.resolve(n)), "write a plain number such as 30 or 99.9", "%s should be a number, not %s", key, kind(r.resolve(n)))
	return 0, false
}

// intValue converts an integer node's value to float64.
func intValue(v *ast.IntegerNode) float64 {
	switch x := v.Value.(type) {
	case int64:
		return float64(x)
	case uint64:
		return float64(x)
	case int:
		return float64(x)
	}
	f, _ := strconv.ParseFloat(v.GetToken().Value, 64)
	return f
}

// whole reads a whole number within [lo, hi].
func (r *reader) whole(n ast.Node, key string, lo, hi int) int {
	f, ok := r.num(n, key)
	if !ok {
		return 0
	}
	if f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		r.c.add(r.pos(r.resolve(n)), "use a whole number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi), "%s is %v", key, f)
		return 0
	}
	return int(f)
}

// ranged reads a number within [lo, hi].
func (r *reader) ranged(n ast.Node, key string, lo, hi float64) float64 {
	f, ok := r.num(n, key)
	if ok && (f < lo || f > hi) {
		r.c.add(r.pos(r.resolve(n)), "use a number from "+fmtNum(lo)+" to "+fmtNum(hi), "%s is %v, out of range", key, f)
		return 0
	}
	return f
}

// boolean reads true or false.
func (r *reader) boolean(n ast.Node, key string) bool {
	v, ok := r.resolve(n).(*ast.BoolNode)
	if !ok {
		r.c.add(r.pos(r.resolve(n)), "write true or false", "%s should be true or false, not %s", key, kind(r.resolve(n)))
		return false
	}
	return v.Value
}

// strs reads a list of text values.
func (r *reader) strs(n ast.Node, key string) []string {
	if s, ok := r.resolve(n).(*ast.StringNode); ok {
		r.c.add(r.pos(s), "write it as a list: "+key+": ["+s.Value+"]", "%s should be a list, not text", key)
		return nil
	}
	var out []string
	for _, it := range r.items(n, key) {
		if s := r.str(it, key+" item"); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// date reads a calendar date (YYYY-MM-DD, midnight UTC) or an RFC 3339 time.
func (r *reader) date(n ast.Node, key string) time.Time {
	s := strings.TrimSpace(r.str(n, key))
	if s == "" {
		return time.Time{}
	}
	t, err := parseDate(s)
	if err != nil {
		r.c.add(r.pos(r.resolve(n)), "write a date as YYYY-MM-DD (e.g. 2024-03-15) or a time as RFC 3339 (2024-03-15T09:30:00Z)", "%s %q is not a date", key, s)
	}
	return t
}

// parseDate parses YYYY-MM-DD as midnight UTC, or an RFC 3339 time.
func parseDate(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// fmtNum formats a number without trailing zeros.
func fmtNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
