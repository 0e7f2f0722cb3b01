package http

import (
	"net/http"
	"strconv"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/delegatezero/dz"
)

// changePasswordForm is POST /app/settings/password: anyone signed in
// changes their own password by giving the current one. Every other
// session of theirs ends; this browser stays signed in with a new one.
func (s *Server) changePasswordForm(w http.ResponseWriter, r *http.Request) error {
	u, f := viewerOf(r).user, r.PostForm
	d, _, err := s.settingsView(r)
	if err != nil {
		return err
	}
	if wait := s.signIns.wait(u.Email, s.cfg.Now()); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		return s.settingsError(w, r, dz.Errorf(dz.ERATELIMIT, "too many wrong passwords for this address: try again in %d min", max(1, int(wait.Round(time.Minute)/time.Minute))), d)
	}
	_, hash, err := s.cfg.Store.UserByEmail(r.Context(), u.Email)
	if err != nil {
		return err
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(f.Get("current"))) != nil {
		s.signIns.failed(u.Email, s.cfg.Now()) // guessing here counts as guessing at sign-in
		return s.settingsError(w, r, dz.Errorf(dz.EINVALID, "the current password is not right"), d)
	}
	if f.Get("password") != f.Get("repeat") {
		return s.settingsError(w, r, dz.Errorf(dz.EINVALID, "the two new passwords differ: type the same one twice"), d)
	}
	newHash, err := HashPassword(f.Get("password"))
	if err != nil {
		return s.settingsError(w, r, err, d)
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
