package http

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/learn"
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
	rec, err := s.cfg.Store.Decision(ctx, workspaceID, decisionID)
	if err != nil {
		return nil, err
	}
	if fb.Kind == "approve" && fb.Response != "" && strings.TrimSpace(fb.Response) != strings.TrimSpace(rec.Response) {
		fb.Kind = "edit" // an approval that changes the reply corrects it: autonomy must not count it as approved as written
	}
	if fb.Kind == "resolve" || fb.Kind == "override" {
		fb.AsProposed = learn.AsProposed(rec, fb)
	}
	if fb.Kind == "resolve" && (body.MakePrecedent == nil || *body.MakePrecedent) {
		if err := s.learnPrecedent(ctx, rec, fb); err != nil {
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
	if slices.Contains(dz.CorrectionKinds, fb.Kind) {
		if err := s.engines.refreshCorrections(ctx, workspaceID); err != nil { // the feedback is stored; the next rebuild reads it
			s.log.ErrorContext(ctx, "corrections not refreshed", "decision_id", fb.DecisionID, "error", err)
		}
	}
	s.log.InfoContext(ctx, "feedback", "decision_id", fb.DecisionID, "kind", fb.Kind, "precedent", fb.Precedent)
	return fb, nil
}

// learnPrecedent turns a resolved decision into a precedent — the case's
// intent, entity and facts with what the founder did — stores it as a new
// context entry and names it on the feedback. The precedent is written
// first: a retry after a failure stores the same entry once.
func (s *Server) learnPrecedent(ctx context.Context, rec *dz.DecisionRecord, fb *dz.Feedback) error {
	id := "founder-" + strings.TrimPrefix(rec.ID, "dec_")
	p, err := learn.PrecedentFrom(rec, dz.Resolution{Outcome: fb.Outcome, Actions: fb.Actions, Reply: fb.Response, Note: fb.Note}, id, s.cfg.Now())
	if err != nil {
		return err
	}
	entry, err := learn.Entry(rec.WorkspaceID, p)
	if err != nil {
		return err
	}
	if _, err := s.cfg.Store.PutContext(ctx, rec.WorkspaceID, []dz.ContextEntry{entry}); err != nil {
		return err
	}
	s.engines.invalidate(rec.WorkspaceID)
	fb.Precedent = id
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
