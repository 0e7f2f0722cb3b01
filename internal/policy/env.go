// Package policy compiles and evaluates the CEL expressions that workspace
// files use for conditions, limits and parameters. It is the only package
// that imports cel-go.
//
// Expressions see seven variables: facts, entity, records (sub-records
// named by the request's ids) and tables (the workspace's lookup tables),
// all maps of dynamic values; request (a map with text, data, intents,
// source, type and profile); intent (the top intent); and now (a timestamp).
// Beyond CEL and its extensions there is sum(list) for totals over
// sub-records. Every number a workspace or request
// supplies is a double, and whole-number literals in arithmetic are read as
// doubles too, so `entity.mrr * 2` and `facts.amount - 10` work as a founder
// expects (CEL itself refuses to multiply a double by an int).
package policy

import (
	"sync"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/ext"
)

// costLimit bounds the work one evaluation may do, so a runaway expression
// (a comprehension over a huge list) fails instead of stalling decisions.
const costLimit = 1_000_000

var envOnce = sync.OnceValues(newEnv)

func newEnv() (*cel.Env, error) {
	opts := []cel.EnvOption{
		cel.Variable("facts", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("entity", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("records", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("tables", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("request", cel.MapType(cel.StringType, cel.DynType)),
		cel.Variable("intent", cel.StringType),
		cel.Variable("now", cel.TimestampType),
		cel.CrossTypeNumericComparisons(true),
		ext.Strings(),
		ext.Math(),
		ext.Lists(),
		ext.Sets(),
		sumFunction(),
	}
	return cel.NewEnv(opts...)
}

func toFloat(v ref.Val) (float64, bool) {
	switch v := v.(type) {
	case types.Double:
		return float64(v), true
	case types.Int:
		return float64(v), true
	case types.Uint:
		return float64(v), true
	}
	return 0, false
}
