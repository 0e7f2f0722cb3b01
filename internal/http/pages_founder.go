package http

import (
	"net/http"
	"net/url"

	"github.com/delegatezero/dz"
)

// founderAuth says whose founder pages a request may see: the workspace
// of a signed-in dashboard session, or of an API key sent as the API takes
// it (Authorization: Bearer). A request that sends a key is judged by the
// key alone. The returned request carries the viewer or the key.
func (s *Server) founderAuth(w http.ResponseWriter, r *http.Request) (*http.Request, int64, error) {
	if r.Header.Get("Authorization") == "" {
		r = s.withViewer(r)
		if v := viewerOf(r); v != nil {
			return r, v.user.WorkspaceID, nil
		}
		return r, 0, dz.Errorf(dz.EUNAUTHORIZED, "sign in to see this decision, or send your API key as \"Authorization: Bearer dzk_…\"")
	}
	var ws int64
	err := s.authed(func(_ http.ResponseWriter, kr *http.Request) error {
		r, ws = kr, apiKey(kr.Context()).WorkspaceID
		return nil
	})(w, r)
	return r, ws, err
}

// founderHandler is a founder page's handler, given the workspace the
// request may see.
type founderHandler func(w http.ResponseWriter, r *http.Request, workspaceID int64) error

// founderPage authenticates a founder page and turns its errors into an
// HTML page in the dashboard's layout (problem details when JSON was asked
// for); a 401 page links to the sign-in page, which returns here.
func (s *Server) founderPage(h founderHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r, ws, err := s.founderAuth(w, r)
		if err == nil {
			err = h(w, r, ws)
		}
		if err == nil {
			return
		}
		if wantsJSON(r) {
			pageHeaders(w.Header())
			s.writeError(w, r, err)
			return
		}
		p := s.pageProblem(r, err)
		if p.Status == http.StatusUnauthorized {
			p.SignIn = "/login?next=" + url.QueryEscape(r.URL.Path)
		}
		v := view{Title: p.Title, Data: p}
		if vw := viewerOf(r); vw != nil {
			v.User, v.CSRF = vw.user, vw.session.CSRF
		}
		if rerr := renderPage(w, p.Status, founderError, v); rerr != nil {
			http.Error(w, p.Message, p.Status)
		}
	}
}

// founderDecision is GET /app/decisions/{id}: the founder's page of a
// decision, with its whole trace, the policy gap, feedback and the
// unredacted verify panel.
func (s *Server) founderDecision(w http.ResponseWriter, r *http.Request, ws int64) error {
	return s.renderDecision(w, r, ws, r.PathValue("id"), "")
}

// founderNewLink is POST /app/decisions/{id}/public-link from the
// decision page (a signed-in session and its CSRF token): a new public
// audit URL, shown once on the page; the old one stops working.
func (s *Server) founderNewLink(w http.ResponseWriter, r *http.Request, ws int64) error {
	v := viewerOf(r)
	if v == nil {
		return dz.Errorf(dz.EUNAUTHORIZED, "sign in to make a new public link")
	}
	if err := checkCSRF(r, v.session.CSRF); err != nil {
		return err
	}
	token := newAuditToken()
	if err := s.cfg.Store.SetAuditLink(r.Context(), ws, r.PathValue("id"), token); err != nil {
		return err
	}
	return s.renderDecision(w, r, ws, r.PathValue("id"), s.baseURL(r)+"/audit/"+token)
}

// renderDecision renders the founder's page of decision id; publicURL,
// when set, is a public link just made.
func (s *Server) renderDecision(w http.ResponseWriter, r *http.Request, ws int64, id, publicURL string) error {
	rec, err := s.cfg.Store.Decision(r.Context(), ws, id)
	if err != nil {
		return err
	}
	fbs, err := s.cfg.Store.Feedback(r.Context(), ws, id)
	if err != nil {
		return err
	}
	base := s.baseURL(r)
	fv := founderView{Rec: rec, Feedback: fbs, FounderURL: base + "/app/decisions/" + id, PublicURL: publicURL,
		ProofURL: base + "/api/v1/decisions/" + id + "/proof", Outcomes: dz.Outcomes}
	b, err := s.bundle(r.Context(), ws, id, false)
	switch {
	case err == nil:
		v := verifyOf(b, "dz audit verify --api-key \"$DZ_API_KEY\" "+fv.ProofURL)
		fv.Verify = &v
	case dz.ErrorCode(err) == dz.ENOTFOUND:
		fv.NoRecord = "This decision has no audit record: it is " + rec.Status + "."
	default:
		return err
	}
	fv.fill(b)
	v := view{Title: orDefault(rec.Title, "Decision "+id), Nav: "decisions", Data: fv}
	if vw := viewerOf(r); vw != nil {
		v.User, v.CSRF = vw.user, vw.session.CSRF
		fv.CanReview = true
		v.Data = fv
		v.Flash = flashes[r.URL.Query().Get("done")] // what the form the founder just sent did
		if publicURL != "" {
			v.Flash = "A new public link was made: the old one no longer opens."
		}
	}
	return renderPage(w, http.StatusOK, decisionPage, v)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
