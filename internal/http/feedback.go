package http

import (
	"context"
	"net/http"
	"slices"

	"github.com/delegatezero/dz"
)

// feedbackBody is POST /api/v1/decisions/{id}/feedback, and what the
// dashboard's review forms send.
type feedbackBody struct {
	Kind     string      `json:"kind"` // approve, edit, reject, override or resolve
	Note     string      `json:"note,omitempty"`
	Outcome  dz.Outcome  `json:"outcome,omitempty"`  // override, resolve: what it should have been
	Response string      `json:"response,omitempty"` // edit, resolve: the reply as sent
	Actions  []dz.Action `json:"actions,omitempty"`  // resolve: what the founder did
	// MakePrecedent (resolve; default true) turns the resolved case into a
	// precedent, so the next similar request is handled the same way.
	MakePrecedent *bool `json:"make_precedent,omitempty"`
}

// createFeedback records the founder's word on a decision as a correction.
func (s *Server) createFeedback(w http.ResponseWriter, r *http.Request) error {
	var body feedbackBody
	if err := s.decode(w, r, &body); err != nil {
		return err
	}
	fb, err := s.recordFeedback(r.Context(), apiKey(r.Context()).WorkspaceID, r.PathValue("id"), body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, fb)
}

// recordFeedback checks and stores feedback on a decision, with its
// decision.reviewed webhooks; the API and the dashboard both send theirs here.
func (s *Server) recordFeedback(ctx context.Context, workspaceID int64, decisionID string, body feedbackBody) (*dz.Feedback, error) {
	if !slices.Contains(dz.FeedbackKinds, body.Kind) {
		return nil, dz.Errorf(dz.EINVALID, "kind %q is not one of approve, edit, reject, override, resolve", body.Kind)
	}
	if body.Kind == "edit" && body.Response == "" {
		return nil, dz.Errorf(dz.EINVALID, "an edit needs the reply as sent in \"response\"")
	}
	if body.Kind != "resolve" && len(body.Actions) > 0 {
		return nil, dz.Errorf(dz.EINVALID, "only a resolve carries actions")
	}
	fb := &dz.Feedback{WorkspaceID: workspaceID, DecisionID: decisionID, Kind: body.Kind,
		Note: body.Note, Outcome: body.Outcome, Response: body.Response, Actions: body.Actions, CreatedAt: s.cfg.Now()}
	if err := dz.ValidateFeedback(fb); err != nil {
		return nil, err
	}
	if fb.Kind == "resolve" && (body.MakePrecedent == nil || *body.MakePrecedent) {
		if err := s.learnPrecedent(ctx, fb); err != nil {
			return nil, err
		}
	}
	jobs, err := s.reviewWebhooks(ctx, fb)
	if err != nil {
		return nil, err
	}
	if err := s.cfg.Store.AddFeedback(ctx, fb, jobs); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "feedback", "decision_id", fb.DecisionID, "kind", fb.Kind)
	return fb, nil
}

// learnPrecedent turns a resolved decision into a precedent entry and
// records its id on the feedback. (The learning loop fills this in.)
func (s *Server) learnPrecedent(ctx context.Context, fb *dz.Feedback) error {
	return nil
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
