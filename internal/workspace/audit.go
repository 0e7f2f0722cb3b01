package workspace

import (
	"path"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// auditSettings reads dz.yaml's audit: {hide: [...], show: [...]}, the
// field patterns that public audit pages hide or show beyond the defaults.
func (r *reader) auditSettings(v ast.Node) dz.AuditSettings {
	var a dz.AuditSettings
	r.fields(v, "audit", []string{"hide", "show"}, func(key string, n ast.Node) {
		patterns := r.strs(n, "audit."+key)
		for _, p := range patterns {
			if _, err := path.Match(p, ""); err != nil || p == "" {
				r.c.add(r.pos(r.resolve(n)), "write field names or patterns such as fact/*/mrr or context/entity/*",
					"audit.%s pattern %q is not a valid pattern", key, p)
			}
		}
		if key == "hide" {
			a.Hide = patterns
		} else {
			a.Show = patterns
		}
	})
	return a
}
