package http

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/workspace"
)

// entryData is one entry's page: its fields, readable, and the form that
// edits it as its workspace file.
type entryData struct {
	Type     dz.ContextType
	ID       string
	Label    string // the type's plural, for the way back
	New      bool   // the form creates an entry
	Version  int
	Versions int
	Deleted  bool   // the latest version is a deletion
	Hash     string // the version shown
	Base     string // the hash the edit started from
	Text     string // the entry as its file, or the text sent back with problems
	Problems []dz.Problem
	Types    []typeTab // on the new-entry form: the type to create

	// The entry's fields: exactly one is set.
	Entity    *dz.Entity
	Policy    *dz.Policy
	Precedent *dz.Precedent
	Playbook  *dz.Playbook
	Template  *dz.Template
	Source    *dz.Source
}

// contextEntryPath reads and checks {type} and {id}: settings are not a
// Context entry (the Settings page edits them).
func contextEntryPath(r *http.Request) (dz.ContextType, string, error) {
	typ, id, err := entryPath(r)
	if err != nil {
		return "", "", err
	}
	if typ == dz.TypeSettings {
		return "", "", dz.Errorf(dz.ENOTFOUND, "the settings are on the Settings page")
	}
	return typ, id, nil
}

// latestVersion returns every version of an entry and the latest one.
func (s *Server) latestVersion(r *http.Request, typ dz.ContextType, id string) ([]dz.ContextEntry, dz.ContextEntry, error) {
	vs, err := s.cfg.Store.ContextVersions(r.Context(), viewerOf(r).user.WorkspaceID, typ, id)
	if err != nil {
		return nil, dz.ContextEntry{}, err
	}
	if len(vs) == 0 {
		return nil, dz.ContextEntry{}, dz.Errorf(dz.ENOTFOUND, "no %s %q in this workspace", typ, id)
	}
	return vs, vs[len(vs)-1], nil
}

// entryPage is GET /app/context/{type}/{id}: the entry's fields and the
// form that edits it.
func (s *Server) entryPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.entryView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "context_entry", view{Title: string(d.Type) + " " + d.ID, Nav: "context",
		Flash: contextFlashes[r.URL.Query().Get("done")], Data: d})
}

// entryView is an entry's page for its latest version.
func (s *Server) entryView(r *http.Request) (*entryData, error) {
	typ, id, err := contextEntryPath(r)
	if err != nil {
		return nil, err
	}
	vs, last, err := s.latestVersion(r, typ, id)
	if err != nil {
		return nil, err
	}
	d := &entryData{Type: typ, ID: id, Label: typeLabels[typ], Version: last.Version, Versions: len(vs), Deleted: last.Deleted, Hash: last.Hash, Base: last.Hash}
	if !last.Deleted {
		if err := d.fill(last); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// fill sets the entry's fields and its text from one stored version.
func (d *entryData) fill(e dz.ContextEntry) error {
	ws, err := workspace.FromEntries([]dz.ContextEntry{e})
	if err != nil {
		return err
	}
	text, err := workspace.FormatEntry(e)
	if err != nil {
		return err
	}
	d.Text = string(text)
	switch {
	case len(ws.Entities) == 1:
		d.Entity = ws.Entities[0]
	case len(ws.Policies) == 1:
		d.Policy = ws.Policies[0]
	case len(ws.Precedents) == 1:
		d.Precedent = ws.Precedents[0]
	case len(ws.Playbooks) == 1:
		d.Playbook = ws.Playbooks[0]
	case len(ws.Templates) == 1:
		d.Template = ws.Templates[0]
	case len(ws.Sources) == 1:
		d.Source = ws.Sources[0]
	}
	return nil
}

// saveEntry is POST /app/context/{type}/{id}: the edited file, checked as
// dz context validate would. Problems come back next to the form with the
// text kept, and nothing is stored.
func (s *Server) saveEntry(w http.ResponseWriter, r *http.Request) error {
	d, err := s.entryView(r)
	if err != nil {
		return err
	}
	typ, id, current := d.Type, d.ID, d.Hash
	d.Base, d.Text = r.PostForm.Get("base"), formText(r, "text")
	entry, problems, err := s.parseEntry(r, typ, d.Text)
	if err != nil {
		return err
	}
	if problems == nil && entry.ID != id {
		problems = dz.Problems{{Message: "the id is \"" + entry.ID + "\", but this page edits \"" + id + "\"",
			Fix: "keep id: " + id + "; to rename, create a new entry and delete this one"}}
	}
	if problems == nil && d.Base != current && entry.Hash != current {
		d.Base = current
		return s.render(w, r, http.StatusConflict, "context_entry", view{Title: string(typ) + " " + id, Nav: "context", Data: d,
			Error: "Someone saved a new version while you were editing. Your text is below: compare it with the fields above, then save again."})
	}
	if problems == nil {
		n, err := s.storeEntries(r.Context(), viewerOf(r).user.WorkspaceID, entry)
		if err == nil {
			done := "same"
			if n > 0 {
				done = "saved"
			}
			http.Redirect(w, r, entryURL(typ, id)+"?done="+done, http.StatusSeeOther)
			return nil
		}
		if problems = asProblems(err); problems == nil {
			return err
		}
	}
	d.Problems = problems
	return s.render(w, r, http.StatusUnprocessableEntity, "context_entry", view{Title: string(typ) + " " + id, Nav: "context", Data: d,
		Error: "Nothing was saved: fix the problems listed next to the text."})
}

// parseEntry reads an entry's file against the workspace's live context.
// Problems with the text come back as problems, not as an error.
func (s *Server) parseEntry(r *http.Request, typ dz.ContextType, text string) (dz.ContextEntry, dz.Problems, error) {
	others, _, err := s.liveContext(r.Context(), viewerOf(r).user.WorkspaceID)
	if err != nil {
		return dz.ContextEntry{}, nil, err
	}
	entry, err := workspace.ParseEntry(typ, string(typ), []byte(text), others)
	if err != nil {
		if ps := asProblems(err); ps != nil {
			return entry, ps, nil
		}
		return entry, nil, err
	}
	return entry, nil, nil
}

// asProblems turns a validation failure into problems to list on a form:
// the problems themselves, or an EINVALID error as one problem; nil for
// any other error.
func asProblems(err error) dz.Problems {
	var ps dz.Problems
	if errors.As(err, &ps) {
		return ps
	}
	if dz.ErrorCode(err) == dz.EINVALID {
		return dz.Problems{{Message: dz.ErrorMessage(err)}}
	}
	return nil
}

// formText is a textarea's value with the browser's CRLF line ends made LF.
func formText(r *http.Request, name string) string {
	return strings.ReplaceAll(r.PostForm.Get(name), "\r\n", "\n")
}

// entryURL is an entry's page.
func entryURL(typ dz.ContextType, id string) string {
	return "/app/context/" + string(typ) + "/" + url.PathEscape(id)
}

// deleteEntryPage is GET /app/context/{type}/{id}/delete: the confirm step.
func (s *Server) deleteEntryPage(w http.ResponseWriter, r *http.Request) error {
	typ, id, err := contextEntryPath(r)
	if err != nil {
		return err
	}
	if _, last, err := s.latestVersion(r, typ, id); err != nil {
		return err
	} else if last.Deleted {
		return dz.Errorf(dz.ENOTFOUND, "%s %q is already deleted", typ, id)
	}
	return s.render(w, r, http.StatusOK, "context_delete", view{Title: "Delete " + string(typ) + " " + id, Nav: "context",
		Data: entryData{Type: typ, ID: id, Label: typeLabels[typ]}})
}

// deleteEntryForm is POST /app/context/{type}/{id}/delete.
func (s *Server) deleteEntryForm(w http.ResponseWriter, r *http.Request) error {
	typ, id, err := contextEntryPath(r)
	if err != nil {
		return err
	}
	if err := s.removeEntry(r.Context(), viewerOf(r).user.WorkspaceID, typ, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/app/context?type="+string(typ)+"&done=deleted", http.StatusSeeOther)
	return nil
}
