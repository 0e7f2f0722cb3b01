package http

import (
	"net/http"

	"golang.org/x/crypto/bcrypt"

	"github.com/delegatezero/dz"
)

// changePasswordForm is POST /app/settings/password: anyone signed in
// changes their own password by giving the current one. Every other
// session of theirs ends; this browser stays signed in with a new one.
func (s *Server) changePasswordForm(w http.ResponseWriter, r *http.Request) error {
	u, f := viewerOf(r).user, r.PostForm
	if minutes := s.signInLocked(w, u.Email); minutes > 0 {
		return s.settingsFormError(w, r, dz.Errorf(dz.ERATELIMIT, "too many wrong passwords for this address: try again in %d min", minutes))
	}
	_, hash, err := s.cfg.Store.UserByEmail(r.Context(), u.Email)
	if err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(f.Get("current"))) != nil {
		s.signIns.failed(u.Email, s.cfg.Now()) // guessing here counts as guessing at sign-in
		return s.settingsFormError(w, r, dz.Errorf(dz.EINVALID, "the current password is not right"))
	}
	if f.Get("password") != f.Get("repeat") {
		return s.settingsFormError(w, r, dz.Errorf(dz.EINVALID, "the two new passwords differ: type the same one twice"))
	}
	newHash, err := HashPassword(f.Get("password"))
	if err != nil {
		return s.settingsFormError(w, r, err)
	}
	if _, err := s.cfg.Store.SetPassword(r.Context(), u.Email, newHash); err != nil {
		return err
	}
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "password changed", "user_id", u.ID, "workspace_id", u.WorkspaceID)
	http.Redirect(w, r, "/app/settings?done=password#password", http.StatusSeeOther)
	return nil
}
