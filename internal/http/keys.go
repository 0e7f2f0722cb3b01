package http

import (
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
	id, secret := dz.NewKeySecret()
	key := &dz.APIKey{ID: id, WorkspaceID: caller.WorkspaceID, Name: body.Name, Profiles: body.Profiles, CreatedAt: s.cfg.Now().UTC()}
	if err := s.cfg.Store.CreateKey(r.Context(), key, dz.HashSecret(secret)); err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "key created", "key_id", key.ID, "by", caller.ID)
	return writeJSON(w, http.StatusCreated, createdKey{APIKey: *key, Secret: secret})
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
	if err := s.cfg.Store.RevokeKey(r.Context(), caller.WorkspaceID, r.PathValue("id")); err != nil {
		return err
	}
	s.keys.forget(caller.WorkspaceID, r.PathValue("id"))
	s.log.InfoContext(r.Context(), "key revoked", "key_id", r.PathValue("id"), "by", caller.ID)
	w.WriteHeader(http.StatusNoContent)
	return nil
}
