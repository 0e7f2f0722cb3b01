package http

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/workspace"
)

// historyData is an entry's version history and the diff of one version
// against the one before it.
type historyData struct {
	Type     dz.ContextType
	ID       string
	Label    string
	Versions []dz.ContextEntry // newest first
	Shown    int               // the version whose change is shown
	Prev     int               // the version before it, 0 for none
	Diff     []diffLine
	Changed  int // lines added or removed
}

// historyPage is GET /app/context/{type}/{id}/history?v=N: every version,
// and version N (the latest by default) as a line diff of its file
// against version N-1.
func (s *Server) historyPage(w http.ResponseWriter, r *http.Request) error {
	typ, id, err := entryPath(r)
	if err != nil {
		return err
	}
	vs, last, err := s.latestVersion(r, typ, id)
	if err != nil {
		return err
	}
	d := historyData{Type: typ, ID: id, Label: typeLabels[typ], Shown: last.Version}
	if v := r.URL.Query().Get("v"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > last.Version {
			return dz.Errorf(dz.EINVALID, "v=%q is not a version of %s %q: it has versions 1 to %d", v, typ, id, last.Version)
		}
		d.Shown = n
	}
	i := slices.IndexFunc(vs, func(e dz.ContextEntry) bool { return e.Version == d.Shown })
	if i < 0 {
		return dz.Errorf(dz.ENOTFOUND, "%s %q has no version %d", typ, id, d.Shown)
	}
	before, after := "", ""
	if i > 0 {
		d.Prev = vs[i-1].Version
		if before, err = versionText(vs[i-1]); err != nil {
			return err
		}
	}
	if after, err = versionText(vs[i]); err != nil {
		return err
	}
	d.Diff = lineDiff(before, after)
	for _, l := range d.Diff {
		if l.Op != "same" {
			d.Changed++
		}
	}
	d.Versions = slices.Clone(vs)
	slices.Reverse(d.Versions)
	return s.render(w, r, http.StatusOK, "context_history", view{Title: "History of " + string(typ) + " " + id, Nav: "context", Data: d})
}

// versionText is a version as its workspace file; a deletion is empty.
func versionText(e dz.ContextEntry) (string, error) {
	if e.Deleted {
		return "", nil
	}
	b, err := workspace.FormatEntry(e)
	return string(b), err
}
