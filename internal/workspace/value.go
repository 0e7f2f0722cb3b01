package workspace

import (
	"math"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// value reads any YAML value as a fact-shaped Go value: string, float64,
// bool, []any or map[string]any. It reports and drops what facts cannot hold.
func (r *reader) value(n ast.Node, key string, depth int) (any, bool) {
	n = r.resolve(n)
	if r.budget--; r.budget == 0 {
		r.c.add(r.pos(n), "write the values out instead of nesting aliases", "%s expands to too many values", key)
	}
	if r.budget <= 0 {
		return nil, false
	}
	if depth > maxDepth {
		r.c.add(r.pos(n), "flatten the structure", "%s is nested too deeply", key)
		return nil, false
	}
	switch v := n.(type) {
	case *ast.StringNode, *ast.LiteralNode:
		return r.str(v, key), true
	case *ast.IntegerNode:
		return intValue(v), true
	case *ast.FloatNode:
		if !math.IsInf(v.Value, 0) && !math.IsNaN(v.Value) {
			return v.Value, true
		}
	case *ast.BoolNode:
		return v.Value, true
	case *ast.SequenceNode:
		return r.list(v, key, depth)
	case *ast.MappingNode, *ast.MappingValueNode:
		return r.object(v, key, depth)
	case nil, *ast.NullNode:
		r.c.add(r.pos(n), "give it a value or remove the key", "%s has no value", key)
		return nil, false
	}
	r.c.add(r.pos(n), "use text, a number, true/false, a list or a mapping", "%s holds %s", key, kind(n))
	return nil, false
}

// list reads a sequence of values.
func (r *reader) list(v *ast.SequenceNode, key string, depth int) (any, bool) {
	out := make([]any, 0, len(v.Values))
	ok := true
	for _, it := range v.Values {
		x, good := r.value(it, key+" item", depth+1)
		ok = ok && good
		if good {
			out = append(out, x)
		}
	}
	return out, ok
}

// object reads a mapping with text keys.
func (r *reader) object(n ast.Node, key string, depth int) (any, bool) {
	mvs, _ := entries(n)
	out := make(map[string]any, len(mvs))
	ok := true
	for _, mv := range mvs {
		if mv == nil || mv.Key == nil {
			continue
		}
		k := r.keyText(mv.Key)
		if k == "" {
			r.c.add(r.pos(mv.Key), "use a plain word as the key", "%s has a key that is not text", key)
			ok = false
			continue
		}
		x, good := r.value(mv.Value, key+"."+k, depth+1)
		ok = ok && good
		if good {
			out[k] = x
		}
	}
	return out, ok
}

// objectMap reads a mapping of values; nil when absent or invalid.
func (r *reader) objectMap(n ast.Node, key string) map[string]any {
	n = r.resolve(n)
	if _, isNull := n.(*ast.NullNode); n == nil || isNull {
		return nil
	}
	if _, ok := entries(n); !ok {
		r.c.add(r.pos(n), "write it as `name: value` lines", "%s should be a mapping, not %s", key, kind(n))
		return nil
	}
	m, _ := r.object(n, key, 0)
	return m.(map[string]any)
}

// facts reads a mapping of fact names to fact values.
func (r *reader) facts(n ast.Node, key string) map[string]any {
	m := r.objectMap(n, key)
	mvs, _ := entries(r.resolve(n))
	for _, mv := range mvs {
		if mv == nil || mv.Key == nil {
			continue
		}
		if k := r.keyText(mv.Key); k != "" && !dz.IsFactName(k) {
			r.c.add(r.pos(mv.Key), "use lower_snake_case letters, digits and _ (e.g. days_since_charge)", "%q is not a fact name", k)
			delete(m, k)
		}
	}
	return m
}
