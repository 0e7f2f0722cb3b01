package workspace

import (
	"slices"

	"github.com/goccy/go-yaml/ast"
)

// entries returns the key/value pairs of mapping n, or nil and false when n
// is not a mapping. A lone "key: value" is a mapping of one.
func entries(n ast.Node) ([]*ast.MappingValueNode, bool) {
	switch v := n.(type) {
	case *ast.MappingNode:
		return v.Values, true
	case *ast.MappingValueNode:
		return []*ast.MappingValueNode{v}, true
	}
	return nil, false
}

// keyText is the text of a mapping key, or "" when it is not a plain scalar.
func (r *reader) keyText(k ast.Node) string {
	if mk, ok := k.(*ast.MappingKeyNode); ok {
		k = mk.Value
	}
	switch v := r.resolve(k).(type) {
	case *ast.StringNode:
		return v.Value
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode:
		return v.GetToken().Value
	}
	return ""
}

// fields walks mapping n, calling fn for each key listed in valid and
// reporting unknown keys with the nearest valid one. what names the thing
// for messages ("policy", "rule"). It returns false when n is not a mapping.
func (r *reader) fields(n ast.Node, what string, valid []string, fn func(key string, v ast.Node)) bool {
	n = r.resolve(n)
	mvs, ok := entries(n)
	if !ok {
		r.c.add(r.pos(n), "write it as `key: value` lines", "%s should be a mapping of keys to values, not %s", what, kind(n))
		return false
	}
	for _, mv := range mvs {
		if mv == nil || mv.Key == nil {
			continue
		}
		if _, merge := mv.Key.(*ast.MergeKeyNode); merge {
			r.c.add(r.pos(mv.Key), "write the keys out in full", "merge keys (<<) are not supported in %s", what)
			continue
		}
		key := r.keyText(mv.Key)
		if !slices.Contains(valid, key) {
			r.c.add(r.pos(mv.Key), unknownKeyFix(key, valid), "unknown key %q in %s", key, what)
			continue
		}
		fn(key, mv.Value)
	}
	return true
}

// keys returns the keys present in mapping n with their values.
func (r *reader) keys(n ast.Node) map[string]ast.Node {
	mvs, _ := entries(r.resolve(n))
	set := map[string]ast.Node{}
	for _, mv := range mvs {
		if mv != nil && mv.Key != nil {
			set[r.keyText(mv.Key)] = mv.Value
		}
	}
	return set
}

// require reports each of names that mapping n lacks or leaves blank, at
// the mapping's start.
func (r *reader) require(n ast.Node, what string, names ...string) {
	have := r.keys(n)
	for _, name := range names {
		if v, ok := have[name]; !ok || isEmpty(r.resolve(v)) {
			r.c.add(r.pos(r.resolve(n)), "add `"+name+": …`", "%s is missing %q", what, name)
		}
	}
}

// items returns the elements of list n. A missing value is an empty list;
// anything else that is not a list is reported.
func (r *reader) items(n ast.Node, key string) []ast.Node {
	switch v := r.resolve(n).(type) {
	case nil, *ast.NullNode:
		return nil
	case *ast.SequenceNode:
		return v.Values
	default:
		r.c.add(r.pos(v), "write it as a list: `"+key+": [a, b]` or one `- item` per line", "%s should be a list, not %s", key, kind(v))
		return nil
	}
}

// checkEnum reports s when it is set and not one of valid.
func (r *reader) checkEnum(n ast.Node, key, s string, valid []string) {
	if s != "" && !slices.Contains(valid, s) {
		r.c.add(r.pos(n), oneOfFix(valid), "%s %q is not valid", key, s)
	}
}

// checkID reports an id that is empty or not a simple slug.
func (r *reader) checkID(n ast.Node, key, id string) {
	if id == "" {
		return
	}
	if !validID(id) {
		r.c.add(r.pos(n), "use letters, digits and - _ . : @ only (at most 128)", "%s %q is not a valid id", key, id)
	}
}
