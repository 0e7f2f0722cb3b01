package http

import (
	"net/http"
	"slices"

	"github.com/delegatezero/dz"
)

// feedbackBody is POST /api/v1/decisions/{id}/feedback.
type feedbackBody struct {
	Kind     string     `json:"kind"` // approve, edit, reject or override
	Note     string     `json:"note,omitempty"`
	Outcome  dz.Outcome `json:"outcome,omitempty"`  // override: what it should have been
	Response string     `json:"response,omitempty"` // edit: the reply as sent
}

// createFeedback records the founder's word on a decision as a correction.
func (s *Server) createFeedback(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	var body feedbackBody
	if err := s.decode(w, r, &body); err != nil {
		return err
	}
	if !slices.Contains(dz.FeedbackKinds, body.Kind) {
		return dz.Errorf(dz.EINVALID, "kind %q is not one of approve, edit, reject, override", body.Kind)
	}
	if body.Kind == "edit" && body.Response == "" {
		return dz.Errorf(dz.EINVALID, "an edit needs the reply as sent in \"response\"")
	}
	fb := &dz.Feedback{WorkspaceID: key.WorkspaceID, DecisionID: r.PathValue("id"), Kind: body.Kind,
		Note: body.Note, Outcome: body.Outcome, Response: body.Response, CreatedAt: s.cfg.Now()}
	jobs, err := s.reviewWebhooks(r.Context(), fb)
	if err != nil {
		return err
	}
	if err := s.cfg.Store.AddFeedback(r.Context(), fb, jobs); err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "feedback", "decision_id", fb.DecisionID, "kind", fb.Kind)
	return writeJSON(w, http.StatusCreated, fb)
}

// listFeedback is GET /api/v1/decisions/{id}/feedback.
func (s *Server) listFeedback(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	if _, err := s.cfg.Store.Decision(r.Context(), key.WorkspaceID, r.PathValue("id")); err != nil {
		return err
	}
	fbs, err := s.cfg.Store.Feedback(r.Context(), key.WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if fbs == nil {
		fbs = []*dz.Feedback{}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"data": fbs})
}
