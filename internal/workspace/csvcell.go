package workspace

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// cell reads one non-empty CSV cell into the entity field called key.
func (t *csvTable) cell(e *dz.Entity, key, s string, p dz.Pos) {
	switch key {
	case "id":
		e.ID = s
		if !validID(s) {
			t.c.add(p, "use letters, digits and - _ . : @ only (at most 128)", "id %q is not a valid id", s)
		}
	case "name", "kind", "plan", "currency", "contact", "tone", "notes", "internal_notes":
		*entityText(e, key) = s
	case "mrr", "last_charge_amount":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			t.c.add(p, "write a plain number such as 1200 or 99.5 (no currency sign or thousands separator)", "%s %q is not a number", key, s)
		}
		if key == "mrr" {
			e.MRR = f
		} else {
			e.LastChargeAmount = f
		}
	case "prior_escalations":
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			t.c.add(p, "write a whole number such as 0 or 2", "prior_escalations %q is not a count", s)
		}
		e.PriorEscalations = n
	case "started", "renewal", "last_charge", "updated":
		d, err := parseDate(s)
		if err != nil {
			t.c.add(p, "write a date as YYYY-MM-DD, e.g. 2024-03-15", "%s %q is not a date", key, s)
		}
		*entityDate(e, key) = d
	case "emails", "domains", "open_issues", "tags":
		*entityList(e, key) = splitList(s)
	default:
		if e.Data == nil {
			e.Data = map[string]any{}
		}
		e.Data[strings.TrimPrefix(key, "data.")] = cellValue(s)
	}
}

// validID reports whether id is a simple slug (see reader.checkID).
func validID(id string) bool {
	return len(id) <= 128 && !strings.ContainsFunc(id, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:@", c))
	})
}

// entityDate returns the entity's date field called key.
func entityDate(e *dz.Entity, key string) *time.Time {
	switch key {
	case "started":
		return &e.Started
	case "renewal":
		return &e.Renewal
	case "last_charge":
		return &e.LastCharge
	}
	return &e.Updated
}

// entityList returns the entity's list field called key.
func entityList(e *dz.Entity, key string) *[]string {
	switch key {
	case "emails":
		return &e.Emails
	case "domains":
		return &e.Domains
	case "open_issues":
		return &e.OpenIssues
	}
	return &e.Tags
}

// splitList splits a list cell on ";", dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, part := range strings.Split(s, ";") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out
}

// cellValue reads a data cell as a number, true/false, or text.
func cellValue(s string) any {
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return f
	}
	if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") {
		return b
	}
	return s
}
