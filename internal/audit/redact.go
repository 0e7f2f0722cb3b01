package audit

import (
	"path"

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
	out := *rec
	out.Fields = make([]dz.AuditField, len(rec.Fields))
	for i, f := range rec.Fields {
		if Hidden(f.Name, s) {
			f.Salt, f.Value = "", ""
		}
		out.Fields[i] = f
	}
	return &out
}
