package http

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"time"

	"github.com/delegatezero/dz"
)

// sessionCookie is the name of the dashboard's session cookie.
const sessionCookie = "dz_session"

// sessionLife is how long a sign-in lasts.
const sessionLife = 7 * 24 * time.Hour

// viewer is the signed-in user of a dashboard request.
type viewer struct {
	user    *dz.User
	session *dz.Session
	hash    string // the session token's hash, to end it
}

type viewerCtx struct{}

// viewerOf returns the request's signed-in user, or nil.
func viewerOf(r *http.Request) *viewer {
	v, _ := r.Context().Value(viewerCtx{}).(*viewer)
	return v
}

// randomToken returns n random bytes as URL-safe base64.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// tokenHash is how a session token is stored.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// startSession signs a user in: a new session row and its cookie.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *dz.User) error {
	token := randomToken(32)
	sess := &dz.Session{UserID: u.ID, WorkspaceID: u.WorkspaceID, CSRF: randomToken(24), ExpiresAt: s.cfg.Now().Add(sessionLife)}
	if err := s.cfg.Store.CreateSession(r.Context(), sess, tokenHash(token)); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode, MaxAge: int(sessionLife.Seconds())})
	return nil
}

// secureCookies: cookies are Secure whenever the dashboard is reached over
// HTTPS, directly or as the configured base URL says.
func (s *Server) secureCookies(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	u, err := url.Parse(s.cfg.BaseURL)
	return err == nil && u.Scheme == "https"
}

// endSession signs the request's user out.
func (s *Server) endSession(w http.ResponseWriter, r *http.Request) error {
	if v := viewerOf(r); v != nil {
		if err := s.cfg.Store.DeleteSession(r.Context(), v.hash); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, Secure: s.secureCookies(r),
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	return nil
}

// withViewer loads the session named by the cookie, if any and live.
func (s *Server) withViewer(r *http.Request) *http.Request {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return r
	}
	h := tokenHash(c.Value)
	sess, u, err := s.cfg.Store.SessionByHash(r.Context(), h, s.cfg.Now())
	if err != nil {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), viewerCtx{}, &viewer{user: u, session: sess, hash: h}))
}

// signedIn guards a dashboard page: without a live session a GET is sent
// to the sign-in page and anything else gets 401; with one, a form post
// must carry the session's CSRF token and come from this origin.
func (s *Server) signedIn(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		r = s.withViewer(r)
		v := viewerOf(r)
		if v == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return dz.Errorf(dz.EUNAUTHORIZED, "sign in first: your session is missing or has expired")
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			if err := checkCSRF(r, v.session.CSRF); err != nil {
				return err
			}
		}
		return h(w, r)
	}
}

// ownerOnly lets only a workspace owner through.
func ownerOnly(h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if v := viewerOf(r); v == nil || v.user.Role != dz.RoleOwner {
			return dz.Errorf(dz.EFORBIDDEN, "only the workspace's owner can do this")
		}
		return h(w, r)
	}
}

// checkCSRF refuses a form without the session's token, or sent from
// another site (the Origin header, when the browser sends one, must be ours).
func checkCSRF(r *http.Request, want string) error {
	if o := r.Header.Get("Origin"); o != "" && o != "null" {
		u, err := url.Parse(o)
		if err != nil || u.Host != r.Host {
			return dz.Errorf(dz.EFORBIDDEN, "the form was sent from another site (%s)", o)
		}
	}
	if err := r.ParseForm(); err != nil {
		return dz.Errorf(dz.EINVALID, "the form could not be read: %v", err)
	}
	got := r.PostForm.Get("csrf")
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return dz.Errorf(dz.EFORBIDDEN, "the form's security token is missing or stale: reload the page and try again")
	}
	return nil
}
