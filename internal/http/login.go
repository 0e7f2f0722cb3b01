package http

import (
	"fmt"
	"net/http"
	"strings"

	"golang.org/x/crypto/bcrypt"

	"github.com/delegatezero/dz"
)

// passwordCost is bcrypt's work factor for dashboard passwords.
const passwordCost = 11

// minPassword is the shortest password the dashboard accepts.
const minPassword = 10

// HashPassword hashes a dashboard password for storage; EINVALID when it
// is too short or too long for bcrypt.
func HashPassword(password string) (string, error) {
	if len(password) < minPassword {
		return "", dz.Errorf(dz.EINVALID, "use a password of at least %d characters", minPassword)
	}
	if len(password) > 72 {
		return "", dz.Errorf(dz.EINVALID, "use a password of at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), passwordCost)
	if err != nil {
		return "", dz.Errorf(dz.EINTERNAL, "hash password: %v", err)
	}
	return string(h), nil
}

// dummyHash is compared against when no user has the e-mail, so a wrong
// address takes as long to refuse as a wrong password.
var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("no such user, same work"), passwordCost)

// loginForm is the sign-in page's data.
type loginForm struct {
	Email string
	Next  string
}

// loginPage is GET /login.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if n, err := s.cfg.Store.CountUsers(r.Context()); err == nil && n == 0 {
		return s.render(w, r, http.StatusOK, "login", view{Title: "Sign in", Flash: "No one can sign in yet: open the set-up link that dz serve printed to create the owner.",
			Data: loginForm{Next: localPath(r.URL.Query().Get("next"))}})
	}
	return s.render(w, r, http.StatusOK, "login", view{Title: "Sign in", Data: loginForm{Next: localPath(r.URL.Query().Get("next"))}})
}

// login is POST /login: e-mail and password open a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return dz.Errorf(dz.EINVALID, "the form could not be read")
	}
	email, password := r.PostForm.Get("email"), r.PostForm.Get("password")
	form := loginForm{Email: email, Next: localPath(r.PostForm.Get("next"))}
	who := dz.NormalizeEmail(email)
	if minutes := s.signInLocked(w, who); minutes > 0 {
		s.log.InfoContext(r.Context(), "sign-in throttled", "email", who)
		return s.render(w, r, http.StatusTooManyRequests, "login", view{Title: "Sign in", Data: form,
			Error: fmt.Sprintf("Too many failed sign-ins for this address. Try again in %d min.", minutes)})
	}
	u, hash, err := s.cfg.Store.UserByEmail(r.Context(), email)
	if err != nil && dz.ErrorCode(err) != dz.ENOTFOUND {
		return err
	}
	if u == nil {
		hash = string(dummyHash)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || u == nil {
		s.signIns.failed(who, s.cfg.Now())
		s.log.InfoContext(r.Context(), "sign-in refused", "email", who)
		return s.render(w, r, http.StatusUnauthorized, "login", view{Title: "Sign in", Error: "That e-mail and password do not match an account.", Data: form})
	}
	s.signIns.succeeded(who)
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "signed in", "user_id", u.ID, "workspace_id", u.WorkspaceID)
	http.Redirect(w, r, form.Next, http.StatusSeeOther)
	return nil
}

// localPath keeps a post-login redirect on this site: only a path that
// starts with one "/" is accepted; anything else goes to the dashboard.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") || strings.ContainsAny(p, "\r\n") {
		return "/app/"
	}
	return p
}

// logout is POST /logout.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if err := s.endSession(w, r); err != nil {
		return err
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// setupForm is the first-run page's data.
type setupForm struct {
	Code       string
	Workspaces []*dz.WorkspaceInfo
	Workspace  string
	Name       string
	Email      string
}

// SetupURL is the path of the first-run page with its one-time code:
// dz serve prints it while no user exists.
func (s *Server) SetupURL() string { return "/setup?code=" + s.setupCode }

// setupPage is GET /setup: the first run's owner account, guarded by the
// code dz serve printed, and gone once anyone exists.
func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) error {
	form, err := s.setupState(r, r.URL.Query().Get("code"))
	if err != nil || form == nil {
		return err
	}
	if len(form.Workspaces) > 0 {
		form.Workspace = form.Workspaces[0].Slug
	}
	return s.render(w, r, http.StatusOK, "setup", view{Title: "Set up DelegateZero", Data: form})
}

// setupState checks the set-up code and that no user exists yet.
func (s *Server) setupState(r *http.Request, code string) (*setupForm, error) {
	n, err := s.cfg.Store.CountUsers(r.Context())
	if err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, dz.Errorf(dz.ENOTFOUND, "this server is set up already: sign in at /login")
	}
	if code != s.setupCode {
		return nil, dz.Errorf(dz.EFORBIDDEN, "open the set-up link that dz serve printed: it carries a one-time code")
	}
	all, err := s.cfg.Store.Workspaces(r.Context())
	if err != nil {
		return nil, err
	}
	return &setupForm{Code: code, Workspaces: all}, nil
}

// setup is POST /setup: creates the owner (and the workspace, if new) and
// signs them in.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		return dz.Errorf(dz.EINVALID, "the form could not be read")
	}
	f := r.PostForm
	form, err := s.setupState(r, f.Get("code"))
	if err != nil {
		return err
	}
	form.Workspace, form.Name, form.Email = strings.TrimSpace(f.Get("workspace")), f.Get("name"), f.Get("email")
	fail := func(err error) error {
		if dz.ErrorCode(err) == dz.EINTERNAL || dz.ErrorCode(err) == "" {
			return err
		}
		return s.render(w, r, http.StatusBadRequest, "setup", view{Title: "Set up DelegateZero", Error: dz.ErrorMessage(err), Data: form})
	}
	if f.Get("password") != f.Get("password2") {
		return fail(dz.Errorf(dz.EINVALID, "the two passwords differ"))
	}
	hash, err := HashPassword(f.Get("password"))
	if err != nil {
		return fail(err)
	}
	ws, err := s.cfg.Store.WorkspaceBySlug(r.Context(), form.Workspace)
	if dz.ErrorCode(err) == dz.ENOTFOUND {
		ws, err = s.cfg.Store.CreateWorkspace(r.Context(), form.Workspace, "")
	}
	if err != nil {
		return fail(err)
	}
	u := &dz.User{WorkspaceID: ws.ID, Email: form.Email, Name: strings.TrimSpace(form.Name), Role: dz.RoleOwner}
	if err := s.cfg.Store.CreateUser(r.Context(), u, hash); err != nil {
		return fail(err)
	}
	s.log.InfoContext(r.Context(), "owner created", "user_id", u.ID, "workspace", ws.Slug)
	if err := s.startSession(w, r, u); err != nil {
		return err
	}
	http.Redirect(w, r, "/app/", http.StatusSeeOther)
	return nil
}
