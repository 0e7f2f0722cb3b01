package audit

import (
	"path"
	"regexp"
	"strings"

	"github.com/delegatezero/dz"
)

// Hidden reports whether a public page hides the named field under a
// workspace's audit settings: the defaults and Hide, less what Show names.
func Hidden(name string, s dz.AuditSettings) bool {
	if matches(name, s.Show) {
		return false
	}
	return matches(name, dz.DefaultAuditHidden) || matches(name, s.Hide)
}

func matches(name string, patterns []string) bool {
	for _, p := range patterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
	}
	return false
}

// Redact returns a copy of rec whose hidden fields keep only their
// commitments: it still verifies, and shows nothing the settings hide.
func Redact(rec *dz.AuditRecord, s dz.AuditSettings) *dz.AuditRecord {
	hidden := HiddenFields(rec, s)
	out := *rec
	out.Fields = make([]dz.AuditField, len(rec.Fields))
	for i, f := range rec.Fields {
		if hidden[f.Name] {
			f.Salt, f.Value = "", ""
		}
		out.Fields[i] = f
	}
	return &out
}

// HiddenFields names the fields of rec a public page withholds: those
// Hidden names, and with them every derived fact and every limit rule
// that reads a withheld fact. "mrr 290 × 50% = 145" as a credit's
// evidence, or a limit of "≤ 580" from two months of MRR, would give the
// MRR away. What the settings' Show names explicitly stays shown.
func HiddenFields(rec *dz.AuditRecord, s dz.AuditSettings) map[string]bool {
	hidden := map[string]bool{}
	var secret []string // names of withheld facts, as values refer to them
	for _, f := range rec.Fields {
		if Hidden(f.Name, s) {
			hidden[f.Name] = true
			if name, ok := factName(f.Name); ok {
				secret = append(secret, name)
			}
		}
	}
	for changed := len(secret) > 0; changed; { // derived facts can read derived facts
		changed = false
		mentions := mentionsAny(secret)
		for _, f := range rec.Fields {
			if hidden[f.Name] || f.Redacted() || matches(f.Name, s.Show) || !readsFacts(f) || !mentions(f.Value) {
				continue
			}
			hidden[f.Name], changed = true, true
			if name, ok := factName(f.Name); ok {
				secret = append(secret, name)
			}
		}
	}
	return hidden
}

// factName is the fact a "fact/SOURCE/NAME" field records.
func factName(field string) (string, bool) {
	if !strings.HasPrefix(field, "fact/") {
		return "", false
	}
	return path.Base(field), true
}

// readsFacts reports whether a field's value is computed from other facts
// and shows the result: a derived fact, or a limit rule's bound.
func readsFacts(f dz.AuditField) bool {
	return strings.HasPrefix(f.Name, "fact/derived/") ||
		strings.HasPrefix(f.Name, "rule/") && strings.Contains(f.Value, `"effect":"limit"`)
}

// mentionsAny returns a test for whether a value names any of the facts
// as a whole word ("mrr", not "mrr_band").
func mentionsAny(names []string) func(string) bool {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = regexp.QuoteMeta(n)
	}
	re := regexp.MustCompile(`(^|[^\pL\pN_])(` + strings.Join(quoted, "|") + `)($|[^\pL\pN_])`)
	return re.MatchString
}
