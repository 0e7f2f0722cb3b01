package http

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/engine"
	"github.com/delegatezero/dz/internal/workspace"
)

// contextTypes are the types an entry URL may name: the context types and
// the settings.
var contextTypes = append(slices.Clone(dz.ContextTypes), dz.TypeSettings)

// getEntry is GET /api/v1/context/{type}/{id}[?version=N]: one entry's
// current version, or any version it ever had.
func (s *Server) getEntry(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	typ, id, err := entryPath(r)
	if err != nil {
		return err
	}
	if v := r.URL.Query().Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return dz.Errorf(dz.EINVALID, "version=%q must be a whole number from 1", v)
		}
		e, err := s.cfg.Store.ContextVersion(r.Context(), key.WorkspaceID, typ, id, n)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, e)
	}
	current, err := s.cfg.Store.Context(r.Context(), key.WorkspaceID)
	if err != nil {
		return err
	}
	for _, e := range current {
		if e.Type == typ && e.ID == id {
			return writeJSON(w, http.StatusOK, e)
		}
	}
	return dz.Errorf(dz.ENOTFOUND, "no %s %q in this workspace", typ, id)
}

// putEntry is PUT /api/v1/context/{type}/{id}: a new version of one entry,
// sent as the JSON of its type (an entity, a policy, … or the settings).
// The workspace with it must still compile: a policy whose CEL does not
// compile is refused, and nothing is stored.
func (s *Server) putEntry(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	typ, id, err := entryPath(r)
	if err != nil {
		return err
	}
	entry, err := s.decodeEntry(w, r, typ, id)
	if err != nil {
		return err
	}
	n, err := s.storeEntries(r.Context(), key.WorkspaceID, entry)
	if err != nil {
		return err
	}
	created := n > 0
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return writeJSON(w, status, map[string]any{"type": typ, "id": id, "hash": entry.Hash, "new_version": created})
}

// storeEntries stores a new version of each entry, all or none, after
// checking that the workspace with them still compiles: a policy whose CEL
// does not compile is refused, and nothing is stored. It returns how many
// entries changed (an entry already so makes no new version).
func (s *Server) storeEntries(ctx context.Context, workspaceID int64, entries ...dz.ContextEntry) (int, error) {
	current, err := s.cfg.Store.Context(ctx, workspaceID)
	if err != nil {
		return 0, err
	}
	replaced := map[string]bool{}
	for _, e := range entries {
		replaced[string(e.Type)+"/"+e.ID] = true
	}
	next := slices.DeleteFunc(slices.Clone(current), func(e dz.ContextEntry) bool { return replaced[string(e.Type)+"/"+e.ID] })
	ws, err := workspace.FromEntries(append(next, entries...))
	if err != nil {
		return 0, dz.Errorf(dz.EINVALID, "%v", err)
	}
	if _, err := engine.New(ws); err != nil {
		return 0, err
	}
	n, err := s.cfg.Store.PutContext(ctx, workspaceID, entries)
	if err != nil {
		return 0, err
	}
	s.engines.invalidate(workspaceID)
	return n, nil
}

// deleteEntry is DELETE /api/v1/context/{type}/{id}: a tombstone; the
// entry's versions stay readable for the decisions that used them.
func (s *Server) deleteEntry(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	typ, id, err := entryPath(r)
	if err != nil {
		return err
	}
	if err := s.removeEntry(r.Context(), key.WorkspaceID, typ, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// removeEntry deletes one entry with a tombstone; its versions stay
// readable for the decisions that used them.
func (s *Server) removeEntry(ctx context.Context, workspaceID int64, typ dz.ContextType, id string) error {
	if typ == dz.TypeSettings {
		return dz.Errorf(dz.EINVALID, "the settings cannot be deleted: PUT new ones")
	}
	current, err := s.cfg.Store.Context(ctx, workspaceID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(current, func(e dz.ContextEntry) bool { return e.Type == typ && e.ID == id }) {
		return dz.Errorf(dz.ENOTFOUND, "no %s %q in this workspace", typ, id)
	}
	if _, err := s.cfg.Store.PutContext(ctx, workspaceID, []dz.ContextEntry{{Type: typ, ID: id, Deleted: true}}); err != nil {
		return err
	}
	s.engines.invalidate(workspaceID)
	return nil
}

func entryPath(r *http.Request) (dz.ContextType, string, error) {
	typ := dz.ContextType(r.PathValue("type"))
	if !slices.Contains(contextTypes, typ) {
		return "", "", dz.Errorf(dz.EINVALID, "%q is not a context type: use entity, policy, precedent, playbook, template, source or settings", typ)
	}
	return typ, r.PathValue("id"), nil
}

// decodeEntry reads an entry's JSON strictly as its type, with the id from
// the URL, and hashes it as the workspace folder reader does.
func (s *Server) decodeEntry(w http.ResponseWriter, r *http.Request, typ dz.ContextType, id string) (dz.ContextEntry, error) {
	var v any
	switch typ {
	case dz.TypeSettings:
		v = &dz.Settings{}
	case dz.TypeEntity:
		v = &dz.Entity{}
	case dz.TypePolicy:
		v = &dz.Policy{}
	case dz.TypePrecedent:
		v = &dz.Precedent{}
	case dz.TypePlaybook:
		v = &dz.Playbook{}
	case dz.TypeTemplate:
		v = &dz.Template{}
	case dz.TypeSource:
		v = &dz.Source{}
	}
	if err := s.decode(w, r, v); err != nil {
		return dz.ContextEntry{}, err
	}
	ws := &dz.Workspace{}
	switch e := v.(type) {
	case *dz.Settings:
		ws.Settings = *e
	case *dz.Entity:
		e.ID, ws.Entities = id, []*dz.Entity{e}
	case *dz.Policy:
		e.ID, ws.Policies = id, []*dz.Policy{e}
	case *dz.Precedent:
		e.ID, ws.Precedents = id, []*dz.Precedent{e}
	case *dz.Playbook:
		e.ID, ws.Playbooks = id, []*dz.Playbook{e}
	case *dz.Template:
		e.ID, ws.Templates = id, []*dz.Template{e}
	case *dz.Source:
		e.ID, ws.Sources = id, []*dz.Source{e}
	}
	if err := checkPolicies(ws.Policies); err != nil {
		return dz.ContextEntry{}, err
	}
	if err := workspace.Rehash(ws); err != nil {
		return dz.ContextEntry{}, err
	}
	entries, err := workspace.Entries(ws)
	if err != nil {
		return dz.ContextEntry{}, err
	}
	if typ == dz.TypeSettings {
		return entries[0], nil
	}
	e := entries[1]
	if !json.Valid(e.Body) {
		return dz.ContextEntry{}, dz.Errorf(dz.EINVALID, "the entry does not encode")
	}
	return e, nil
}

// checkPolicies catches what compiling cannot: a rule with no id or an
// effect that does not exist would otherwise be silently ignored.
func checkPolicies(ps []*dz.Policy) error {
	for _, p := range ps {
		for i, r := range p.Rules {
			switch {
			case r.ID == "":
				return dz.Errorf(dz.EINVALID, "rule %d of policy %q has no id", i+1, p.ID)
			case !slices.Contains(dz.Effects, r.Effect):
				return dz.Errorf(dz.EINVALID, "rule %q of policy %q has effect %q: use hard_stop, refuse, transfer, limit, default, exception or require", r.ID, p.ID, r.Effect)
			}
		}
	}
	return nil
}

// settings serves GET and PUT /api/v1/settings: the workspace's dz.yaml,
// as the context entry of type settings.
func (s *Server) settings(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		r.SetPathValue("type", string(dz.TypeSettings))
		r.SetPathValue("id", "settings")
		return h(w, r)
	}
}
