package http

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"time"

	"github.com/delegatezero/dz"
)

// jobDecide is the job kind of an async decision waiting to be made.
const jobDecide = "decide"

// createAsync records a pending decision and its decide job in one
// transaction and answers 202; GET /api/v1/decisions/{id} shows it complete
// once a worker (RunAsync) has decided it.
func (s *Server) createAsync(w http.ResponseWriter, r *http.Request, key *dz.APIKey, req dz.Request) error {
	now := s.cfg.Now()
	rec := &dz.DecisionRecord{
		Decision:    dz.Decision{ID: newDecisionID(), Status: dz.StatusPending, Actions: []dz.Action{}, Metadata: req.Metadata},
		WorkspaceID: key.WorkspaceID, Request: req, RequestHash: requestHash(&req), CreatedAt: now, UpdatedAt: now,
		PublicToken: newAuditToken(),
	}
	s.auditURLs(&rec.Decision, rec.PublicToken)
	payload, _ := json.Marshal(map[string]string{"decision_id": rec.ID}) // a string map always encodes
	job := dz.Job{WorkspaceID: key.WorkspaceID, Kind: jobDecide, Key: rec.ID, Payload: payload, RunAt: now}
	jobs, err := s.decisionWebhooks(r.Context(), rec, true) // decision.created, while pending
	if err != nil {
		return err
	}
	stored, created, err := s.cfg.Store.CreateDecision(r.Context(), rec, append(jobs, job))
	if err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "decision queued", "decision_id", stored.ID, "created", created)
	status := http.StatusAccepted
	if stored.Status == dz.StatusComplete {
		status = http.StatusOK
	}
	return writeJSON(w, status, stored.Decision)
}

// newDecisionID makes a random id for a decision decided later.
func newDecisionID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	return "dec_" + hex.EncodeToString(b)
}

// RunAsync decides queued async decisions until ctx ends, looking for work
// every poll interval. A batch already taken is finished even after ctx
// ends, so shutting down never leaves a decision half made.
func (s *Server) RunAsync(ctx context.Context, poll time.Duration) {
	t := time.NewTicker(poll)
	defer t.Stop()
	for {
		if _, err := s.ProcessAsync(context.WithoutCancel(ctx)); err != nil {
			s.log.ErrorContext(ctx, "async decisions", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// ProcessAsync decides the async decisions that are due now and returns how
// many it completed.
func (s *Server) ProcessAsync(ctx context.Context) (int, error) {
	jobs, err := s.cfg.Store.ClaimJobs(ctx, jobDecide, 16, time.Minute)
	if err != nil {
		return 0, err
	}
	done := 0
	for _, j := range jobs {
		err := s.decideQueued(ctx, j)
		if err == nil {
			done++
		}
		retry := s.cfg.Now().Add(time.Duration(1<<min(j.Attempts, 6)) * time.Second)
		if ferr := s.cfg.Store.FinishJob(ctx, j.ID, err, retry); ferr != nil {
			return done, ferr
		}
	}
	return done, nil
}

// decideQueued makes one queued decision. A request the engine rejects
// completes as failed; only store errors are retried.
func (s *Server) decideQueued(ctx context.Context, j *dz.Job) error {
	var p struct {
		DecisionID string `json:"decision_id"`
	}
	if err := json.Unmarshal(j.Payload, &p); err != nil {
		return err
	}
	rec, err := s.cfg.Store.Decision(ctx, j.WorkspaceID, p.DecisionID)
	if err != nil || rec.Status != dz.StatusPending {
		return err // gone or already decided: nothing to do
	}
	now := s.cfg.Now()
	dec, eng, err := s.decide(ctx, j.WorkspaceID, &rec.Request, now)
	switch {
	case dz.ErrorCode(err) == dz.EINTERNAL:
		return err
	case err != nil:
		rec.Status, rec.Reason = dz.StatusFailed, dz.ErrorMessage(err)
	default:
		dec.ID, dec.AuditURL, dec.PublicAuditURL = rec.ID, rec.AuditURL, rec.PublicAuditURL
		rec.Decision = *dec
		rec.Entity, rec.Intent = entityOf(dec), intentOf(dec)
		if rec.Audit, err = auditRecord(rec, eng); err != nil {
			return err
		}
	}
	rec.UpdatedAt = now
	jobs, err := s.decisionWebhooks(ctx, rec, false) // its outcome's event, now complete
	if err != nil {
		return err
	}
	if err := s.cfg.Store.UpdateDecision(ctx, rec, jobs); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "decision", "decision_id", rec.ID, "outcome", rec.Decision.Decision, "status", rec.Status, "async", true)
	return nil
}
