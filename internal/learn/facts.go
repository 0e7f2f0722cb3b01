package learn

import (
	"strings"

	"github.com/delegatezero/dz"
)

// identifying are facts that name the person or document rather than
// describe the situation: a precedent keeps the case, not who asked.
var identifying = map[string]bool{"email": true, "domain": true}

// CaseFacts are a decision's trace facts as a precedent holds them, typed
// as the workspace loader types them (numbers as float64, dates as
// "YYYY-MM-DD" strings): everything the precedent similarity and the
// policies' conditions compare, without e-mails, domains and *_id values.
func CaseFacts(tr *dz.Trace) map[string]any {
	if tr == nil {
		return nil
	}
	out := map[string]any{}
	for _, f := range tr.Facts {
		if identifying[f.Name] || strings.HasSuffix(f.Name, "_id") || !dz.IsFactName(f.Name) {
			continue
		}
		if v, ok := factValue(f.Value, 0); ok {
			out[f.Name] = v
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// maxDepth bounds nested fact values, as the loader does.
const maxDepth = 8

// factValue reads v as a string, float64, bool, []any or map[string]any.
func factValue(v any, depth int) (any, bool) {
	if depth > maxDepth {
		return nil, false
	}
	switch x := v.(type) {
	case string, bool:
		return x, true
	case []any:
		out := make([]any, 0, len(x))
		for _, it := range x {
			if y, ok := factValue(it, depth+1); ok {
				out = append(out, y)
			}
		}
		return out, true
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, it := range x {
			if y, ok := factValue(it, depth+1); ok {
				out[k] = y
			}
		}
		return out, true
	}
	if n, ok := dz.Number(v); ok {
		return n, true
	}
	return nil, false
}

// params copies action parameters with numbers as float64.
func params(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		if y, ok := factValue(v, 0); ok {
			out[k] = y
		} else {
			out[k] = v
		}
	}
	return out
}
