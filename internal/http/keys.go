package http

import (
	"context"
	"net/http"
	"slices"

	"github.com/delegatezero/dz"
)

// keyBody is POST /api/v1/keys.
type keyBody struct {
	Name     string   `json:"name,omitempty"`
	Profiles []string `json:"profiles,omitempty"`
}

// createdKey is a new key with its secret, shown this once.
type createdKey struct {
	dz.APIKey
	Secret string `json:"secret"`
}

// createKey is POST /api/v1/keys: a new key for the caller's workspace.
// A key may grant only profiles it holds itself.
func (s *Server) createKey(w http.ResponseWriter, r *http.Request) error {
	caller := apiKey(r.Context())
	var body keyBody
	if err := s.decode(w, r, &body); err != nil {
		return err
	}
	for _, p := range body.Profiles {
		if !slices.Contains(caller.Profiles, p) {
			return dz.Errorf(dz.EFORBIDDEN, "this key may not grant profile %q: it does not hold it", p)
		}
	}
	created, err := s.issueKey(r.Context(), caller.WorkspaceID, body.Name, body.Profiles, caller.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, created)
}

// issueKey makes a new key for a workspace; by says who asked, for the log.
func (s *Server) issueKey(ctx context.Context, workspaceID int64, name string, profiles []string, by string) (createdKey, error) {
	id, secret := dz.NewKeySecret()
	key := &dz.APIKey{ID: id, WorkspaceID: workspaceID, Name: name, Profiles: profiles, CreatedAt: s.cfg.Now().UTC()}
	if err := s.cfg.Store.CreateKey(ctx, key, dz.HashSecret(secret)); err != nil {
		return createdKey{}, err
	}
	s.log.InfoContext(ctx, "key created", "key_id", key.ID, "by", by)
	return createdKey{APIKey: *key, Secret: secret}, nil
}

// listKeys is GET /api/v1/keys: the workspace's keys, never their secrets.
func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) error {
	keys, err := s.cfg.Store.ListKeys(r.Context(), apiKey(r.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	if keys == nil {
		keys = []*dz.APIKey{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"data": keys})
}

// revokeKey is DELETE /api/v1/keys/{id}.
func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request) error {
	caller := apiKey(r.Context())
	if err := s.withdrawKey(r.Context(), caller.WorkspaceID, r.PathValue("id"), caller.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// withdrawKey revokes a key and drops it from the key cache at once; by
// says who asked, for the log.
func (s *Server) withdrawKey(ctx context.Context, workspaceID int64, id, by string) error {
	if err := s.cfg.Store.RevokeKey(ctx, workspaceID, id); err != nil {
		return err
	}
	s.keys.forget(workspaceID, id)
	s.log.InfoContext(ctx, "key revoked", "key_id", id, "by", by)
	return nil
}
