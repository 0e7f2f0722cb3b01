package compose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/delegatezero/dz"
)

// schemaFill is what fills one response_schema field; ok is false when the
// decision has no value for it.
type schemaFill func(s schemaSource) (any, bool)

// schemaSource is what response_schema fields are filled from.
type schemaSource struct {
	in      Input
	out     Output
	text    string // the plain-text reply
	actions []dz.Action
	data    Data
}

// schemaFields maps normalized field names to what fills them.
var schemaFields = map[string]schemaFill{
	"decision": outcomeOf, "outcome": outcomeOf, "status": outcomeOf,
	"reply": replyOf, "response": replyOf, "message": replyOf, "body": replyOf, "text": replyOf, "email": replyOf,
	"amount": refundAmount, "refund_amount": refundAmount, "refund": refundAmount,
	"refund_percent": param("refund", "percent"), "credit_percent": param("credit", "percent"),
	"credit": param("credit", "percent"), "credit_amount": param("credit", "amount"),
	"currency":  func(s schemaSource) (any, bool) { return s.data.Currency, true },
	"reason":    text(func(s schemaSource) string { return s.in.Reason }),
	"rationale": text(func(s schemaSource) string { return s.in.Reason }),
	"summary":   summaryOf, "title": summaryOf,
	"customer":      text(func(s schemaSource) string { return firstNonEmpty(s.data.Contact, s.data.Company) }),
	"customer_name": text(func(s schemaSource) string { return firstNonEmpty(s.data.Contact, s.data.Company) }),
	"company":       text(func(s schemaSource) string { return s.data.Company }),
	"plan":          text(func(s schemaSource) string { return s.data.Plan }),
	"intent":        text(func(s schemaSource) string { return s.in.Intent }),
	"category":      text(func(s schemaSource) string { return s.in.Intent }),
	"tone":          func(s schemaSource) (any, bool) { return s.out.Tone.Register, true },
	"handling":      func(s schemaSource) (any, bool) { return s.out.Tone.Handling, true },
	"signer":        text(func(s schemaSource) string { return s.data.Signature }),
	"actions":       actionsOf,
	"questions": func(s schemaSource) (any, bool) {
		qs := make([]any, 0, len(s.in.Questions))
		for _, q := range s.in.Questions {
			qs = append(qs, q)
		}
		return qs, true
	},
}

// fillSchema fills the fields the caller asked for. A field the decision
// has no value for is "" with a warning.
func fillSchema(in Input, out Output, p replyParts, actions []dz.Action, d Data) (map[string]any, []string) {
	src := schemaSource{in: in, out: out, text: p.text(), actions: actions, data: d}
	names := make([]string, 0, len(in.Instructions.ResponseSchema))
	for name := range in.Instructions.ResponseSchema {
		names = append(names, name)
	}
	sort.Strings(names)
	filled := make(map[string]any, len(names))
	var warns []string
	for _, name := range names {
		fill, known := schemaFields[normalizeField(name)]
		if !known {
			filled[name] = ""
			warns = append(warns, fmt.Sprintf("response_schema field %q: no decision value by that name; left empty", name))
			continue
		}
		v, ok := fill(src)
		if !ok {
			filled[name] = ""
			warns = append(warns, fmt.Sprintf("response_schema field %q: this decision has no value for it; left empty", name))
			continue
		}
		filled[name] = v
	}
	return filled, warns
}

// normalizeField turns "Refund Amount" or "refundAmount" into refund_amount.
func normalizeField(name string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(name) {
		switch {
		case r >= 'A' && r <= 'Z':
			if i > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(r + 'a' - 'A')
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	words := strings.FieldsFunc(b.String(), func(r rune) bool { return r == '_' })
	return strings.Join(words, "_")
}
