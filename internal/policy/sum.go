package policy

import (
	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
)

// sumFunction declares sum(list) → double: the total of a list of numbers,
// 0 for an empty list, an error for anything that is not a number. With
// map it totals sub-records: sum(records.order.data.items.map(i, i.price)).
func sumFunction() cel.EnvOption {
	return cel.Function("sum",
		cel.Overload("sum_list", []*cel.Type{cel.ListType(cel.DynType)}, cel.DoubleType,
			cel.UnaryBinding(func(v ref.Val) ref.Val {
				list, ok := v.(traits.Lister)
				if !ok {
					return types.NewErr("sum needs a list of numbers")
				}
				total := 0.0
				for it := list.Iterator(); it.HasNext() == types.True; {
					x, ok := toFloat(it.Next())
					if !ok {
						return types.NewErr("sum needs a list of numbers")
					}
					total += x
				}
				return types.Double(total)
			})))
}
