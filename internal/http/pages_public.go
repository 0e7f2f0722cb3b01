package http

import (
	"net/http"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// maxTokenLen bounds the token looked up: real ones are 32 characters
// (24 before 2026-11-27).
const maxTokenLen = 128

// publicPage turns the customer's page handler into an http.HandlerFunc:
// an error becomes a plain HTML page, or problem details when JSON was
// asked for.
func (s *Server) publicPage(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if wantsJSON(r) {
			pageHeaders(w.Header())
			s.writeError(w, r, err)
			return
		}
		p := s.pageProblem(r, err)
		if rerr := renderPage(w, p.Status, goneAudit, p); rerr != nil {
			http.Error(w, p.Message, p.Status)
		}
	}
}

// publicAudit is GET /audit/{token}: the customer's page, rendered only
// from the redacted bundle, so everything it shows can be checked and
// nothing the workspace hides can leak. With JSON asked for, the bundle
// itself: what dz audit verify fetches.
func (s *Server) publicAudit(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if token == "" || len(token) > maxTokenLen {
		return dz.Errorf(dz.ENOTFOUND, "this audit link does not exist or was revoked")
	}
	ws, id, err := s.cfg.Store.AuditLink(r.Context(), token)
	if err != nil {
		return err
	}
	b, err := s.bundle(r.Context(), ws, id, true)
	if dz.ErrorCode(err) == dz.ENOTFOUND {
		return s.notDecidedYet(w, r, ws, id)
	}
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		pageHeaders(w.Header())
		return writeJSON(w, http.StatusOK, b)
	}
	url := s.baseURL(r) + "/audit/" + token
	return renderPage(w, http.StatusOK, auditPage, publicView(b, url))
}

// pendingView is the page of a valid link whose decision has no record yet.
type pendingView struct {
	Status string // pending or failed
}

// notDecidedYet answers a live link whose decision has no audit record:
// still being decided, or failed. The link stays valid.
func (s *Server) notDecidedYet(w http.ResponseWriter, r *http.Request, ws int64, id string) error {
	rec, err := s.cfg.Store.Decision(r.Context(), ws, id)
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		return dz.Errorf(dz.ENOTFOUND, "this decision is %s: it has no audit record yet", rec.Status)
	}
	return renderPage(w, http.StatusOK, pendingPage, pendingView{Status: rec.Status})
}

// publicView reads a redacted bundle into the customer's page: only the
// fields it shows, decoded from their committed JSON text.
func publicView(b *audit.Bundle, url string) auditView {
	v := auditView{URL: url, DecisionID: b.Record.DecisionID, CreatedAt: b.Record.CreatedAt, Verify: verifyOf(b, "dz audit verify "+url)}
	for _, f := range b.Record.Fields {
		if f.Redacted() {
			v.Withheld = append(v.Withheld, withheldField{Name: f.Name, Commitment: f.Commitment})
			continue
		}
		v.add(f)
	}
	v.finish()
	return v
}
