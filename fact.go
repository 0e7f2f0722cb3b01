package dz

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
