package dz

import (
	"encoding/json"
	"math"
	"time"
)

// FactSource says where a fact's value came from. When two sources give the
// same fact, the one earlier in this list wins.
type FactSource string

// Fact sources in order of precedence.
const (
	FromCaller    FactSource = "caller"    // context.facts in the request
	FromDerived   FactSource = "derived"   // computed from other facts, the entity and settings
	FromEntity    FactSource = "entity"    // read from the matched entity
	FromExtracted FactSource = "extracted" // read from the request text or context.data
)

// Fact is one typed value the engine reasons on. Value is a string, float64,
// bool, []any or map[string]any, so it maps directly onto CEL and JSON.
// Dates are strings in YYYY-MM-DD form.
type Fact struct {
	Name       string     `json:"name"`
	Value      any        `json:"value"`
	Source     FactSource `json:"source"`
	Confidence float64    `json:"confidence"`         // how sure the source is, 0–1
	Evidence   string     `json:"evidence,omitempty"` // the text it was read from, or how it was computed
}

// FactKind is the type a well-known fact's value must have.
type FactKind string

// Fact kinds.
const (
	KindNumber FactKind = "number"
	KindBool   FactKind = "boolean"
	KindDate   FactKind = "date" // a "YYYY-MM-DD" string
	KindText   FactKind = "text"
)

// FactKinds lists the facts the engine reads or derives by name, with the
// kind of value each must have. A caller sending one of them with another
// kind gets a clear error instead of a rule that silently cannot run.
var FactKinds = map[string]FactKind{
	"amount": KindNumber, "currency": KindText, "charge_date": KindDate, "incident_date": KindDate,
	"outage_hours": KindNumber, "requested_percent": KindNumber, "anger": KindNumber,
	"outage_claimed": KindBool, "data_loss_claimed": KindBool, "churn_threat": KindBool, "angry": KindBool,
	"email": KindText, "domain": KindText, "invoice_id": KindText, "order_id": KindText,
	"mrr": KindNumber, "plan": KindText, "last_charge": KindDate, "last_charge_amount": KindNumber,
	"days_since_charge": KindNumber, "days_past_window": KindNumber, "within_refund_window": KindBool,
	"days_to_renewal": KindNumber, "tenure_months": KindNumber, "uptime_percent": KindNumber,
	"sla_breached": KindBool, "sla_credit_percent": KindNumber, "sla_credit_amount": KindNumber,
	"amount_at_risk": KindNumber,
}

// CheckFactKind reports, for a well-known fact, a value of the wrong kind as
// a sentence saying what to send instead; "" when the value fits or the
// fact is not a well-known one.
func CheckFactKind(name string, v any) string {
	switch FactKinds[name] {
	case KindNumber:
		if _, ok := Number(v); !ok {
			return name + " must be a number, e.g. 290"
		}
	case KindBool:
		if _, ok := v.(bool); !ok {
			return name + " must be true or false"
		}
	case KindDate:
		if s, ok := v.(string); !ok || !isDate(s) {
			return name + ` must be a date written "YYYY-MM-DD", e.g. "2026-10-01"`
		}
	case KindText:
		if _, ok := v.(string); !ok {
			return name + " must be text"
		}
	}
	return ""
}

func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// IsFactName reports whether s is a valid fact name: lower_snake_case.
func IsFactName(s string) bool {
	if s == "" || len(s) > 64 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// IsFactValue reports whether v is a value facts may hold.
func IsFactValue(v any) bool {
	switch v := v.(type) {
	case string, float64, bool, int, int64:
		return true
	case []any:
		for _, x := range v {
			if !IsFactValue(x) {
				return false
			}
		}
		return true
	case map[string]any:
		for _, x := range v {
			if !IsFactValue(x) {
				return false
			}
		}
		return true
	}
	return false
}

// Number reads a fact value or action parameter of any Go numeric type
// (as YAML, JSON and CEL decode them) as a float64. NaN and infinities are
// not numbers.
func Number(v any) (float64, bool) {
	var f float64
	switch v := v.(type) {
	case float64:
		f = v
	case float32:
		f = float64(v)
	case int:
		f = float64(v)
	case int64:
		f = float64(v)
	case int32:
		f = float64(v)
	case uint64:
		f = float64(v)
	case uint32:
		f = float64(v)
	case uint:
		f = float64(v)
	case json.Number:
		x, err := v.Float64()
		if err != nil {
			return 0, false
		}
		f = x
	default:
		return 0, false
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}
