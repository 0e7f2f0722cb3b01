package policy

import (
	"reflect"
	"sort"
	"time"

	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// native converts a CEL value to plain Go values with float64 numbers.
func native(v ref.Val) any {
	switch v := v.(type) {
	case types.Int:
		return float64(v)
	case types.Uint:
		return float64(v)
	case types.Double:
		return float64(v)
	case types.Bool:
		return bool(v)
	case types.String:
		return string(v)
	case types.Timestamp:
		return v.Time
	case types.Null:
		return nil
	case traits.Lister:
		var out []any
		it := v.Iterator()
		for it.HasNext() == types.True {
			out = append(out, native(it.Next()))
		}
		return out
	case traits.Mapper:
		out := map[string]any{}
		it := v.Iterator()
		for it.HasNext() == types.True {
			k := it.Next()
			if ks, ok := k.(types.String); ok {
				out[string(ks)] = native(v.Get(k))
			}
		}
		return out
	}
	if x, err := v.ConvertToNative(reflect.TypeOf((*any)(nil)).Elem()); err == nil {
		if t, ok := x.(time.Time); ok {
			return t
		}
		return x
	}
	return v.Value()
}

func sortStrings(s []string) { sort.Strings(s) }
