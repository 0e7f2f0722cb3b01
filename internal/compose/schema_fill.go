package compose

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/delegatezero/dz"
)

func outcomeOf(s schemaSource) (any, bool) { return string(s.in.Outcome), s.in.Outcome != "" }

func replyOf(s schemaSource) (any, bool) { return s.text, true }

// text wraps a string getter: an empty string means no value.
func text(get func(schemaSource) string) schemaFill {
	return func(s schemaSource) (any, bool) {
		v := get(s)
		return v, v != ""
	}
}

func refundAmount(s schemaSource) (any, bool) { return param("refund", "amount")(s) }

// param fills a field from a numeric parameter of the first decided action
// of a type, rounded to cents. Escalations decide no actions.
func param(typ, key string) schemaFill {
	return func(s schemaSource) (any, bool) {
		act, ok := firstAction(s.actions, typ)
		if !ok {
			return nil, false
		}
		v, ok := number(act.Params[key])
		if !ok {
			return nil, false
		}
		return math.Round(v*100) / 100, true
	}
}

// summaryOf is a one-line summary: "Refund request from Acme: execute
// (refund $145.00)".
func summaryOf(s schemaSource) (any, bool) {
	sum := capitalize(s.data.Topic)
	if c := s.data.Company; c != "" {
		sum += " from " + c
	}
	sum += ": " + string(s.in.Outcome)
	if s.in.Outcome == dz.OutcomeEscalate {
		sum += " to " + s.data.Founder
	} else if d := describe(s.actions, s.data.Currency); d != "" {
		sum += fmt.Sprintf(" (%s)", d)
	}
	return sum, true
}

func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[size:]
}

// actionsOf lists the decided actions as {type, params} objects.
func actionsOf(s schemaSource) (any, bool) {
	out := make([]any, 0, len(s.actions))
	for _, a := range s.actions {
		params := make(map[string]any, len(a.Params))
		for k, v := range a.Params {
			params[k] = v
		}
		out = append(out, map[string]any{"type": a.Type, "params": params})
	}
	return out, true
}
