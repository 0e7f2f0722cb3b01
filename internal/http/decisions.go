package http

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/delegatezero/dz"
)

// createDecision is POST /api/v1/decisions: decide now and record the
// decision, unless it is a dry run. A request_id makes retries safe: the
// same body gets the stored decision back, a different body a 409.
func (s *Server) createDecision(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	var req dz.Request
	if err := s.decode(w, r, &req); err != nil {
		return err
	}
	if err := req.Validate(); err != nil {
		return err
	}
	if req.Profile != "" && !slices.Contains(key.Profiles, req.Profile) {
		return dz.Errorf(dz.EFORBIDDEN, "this API key may not decide under profile %q", req.Profile)
	}
	if req.Mode == "async" && !req.Instructions.DryRun {
		return s.createAsync(w, r, key, req)
	}
	if req.Instructions.DryRun {
		dec, err := s.dryRun(r.Context(), key.WorkspaceID, &req)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, dec)
	}
	stored, created, err := s.Submit(r.Context(), key.WorkspaceID, req, time.Time{})
	if err != nil {
		return err
	}
	if !created {
		return writeJSON(w, http.StatusOK, stored.Decision)
	}
	if len(stored.DecisionJSON) == 0 {
		return writeJSON(w, http.StatusCreated, stored.Decision)
	}
	writeJSONBytes(w, http.StatusCreated, stored.DecisionJSON) // encoded once, for this answer and the store
	return nil
}

// Submit decides a request now and records the decision with its audit
// record and webhook jobs, in one transaction: what POST
// /api/v1/decisions does, and what dz serve --demo uses to fill the demo's
// inbox. The decision is made at now, or on the server's clock when now is
// zero. A retry of a request_id returns the stored decision and false.
func (s *Server) Submit(ctx context.Context, workspaceID int64, req dz.Request, now time.Time) (*dz.DecisionRecord, bool, error) {
	if err := req.Validate(); err != nil {
		return nil, false, err
	}
	if now.IsZero() {
		now = s.cfg.Now()
	}
	now = now.UTC().Truncate(time.Microsecond) // as stored
	for tries := 1; ; tries++ {
		stored, created, err := s.submitAt(ctx, workspaceID, req, now)
		// A decision's id derives from the request and the time, so the same
		// request without a request_id twice in one microsecond collides: the
		// second is its own decision, a microsecond later.
		if dz.ErrorCode(err) == dz.ECONFLICT && req.RequestID == "" && tries < 4 {
			now = now.Add(time.Microsecond)
			continue
		}
		return stored, created, err
	}
}

// submitAt decides a request at now and stores the decision.
func (s *Server) submitAt(ctx context.Context, workspaceID int64, req dz.Request, now time.Time) (*dz.DecisionRecord, bool, error) {
	dec, eng, err := s.decide(ctx, workspaceID, &req, now)
	if err != nil {
		return nil, false, err
	}
	rec := &dz.DecisionRecord{Decision: *dec, WorkspaceID: workspaceID, Request: req,
		RequestHash: requestHash(&req), CreatedAt: now, UpdatedAt: now, PublicToken: newAuditToken()}
	s.auditURLs(&rec.Decision, rec.PublicToken)
	rec.Entity, rec.Intent = entityOf(dec), intentOf(dec)
	if rec.DecisionJSON, err = json.Marshal(&rec.Decision); err != nil {
		return nil, false, dz.Errorf(dz.EINTERNAL, "encode decision %s: %v", rec.ID, err)
	}
	if rec.Audit, err = auditRecord(rec, eng); err != nil {
		return nil, false, err
	}
	jobs, err := s.decisionWebhooks(ctx, rec, true)
	if err != nil {
		return nil, false, err
	}
	stored, created, err := s.cfg.Store.CreateDecision(ctx, rec, jobs)
	if err != nil {
		return nil, false, err
	}
	s.log.InfoContext(ctx, "decision", "decision_id", stored.ID, "outcome", stored.Decision.Decision, "created", created)
	return stored, created, nil
}

// decide runs the workspace's engine on a request, and returns the engine
// for the audit record.
func (s *Server) decide(ctx context.Context, workspaceID int64, req *dz.Request, now time.Time) (*dz.Decision, *compiled, error) {
	eng, err := s.engines.get(ctx, workspaceID)
	if err != nil {
		return nil, nil, err
	}
	dec, err := eng.Decide(ctx, req, now)
	return dec, eng, err
}

// dryRun decides a request now without recording it or acting on it:
// what POST /api/v1/decisions does with instructions.dry_run, and what the
// dashboard's Try it page shows.
func (s *Server) dryRun(ctx context.Context, workspaceID int64, req *dz.Request) (*dz.Decision, error) {
	req.Instructions.DryRun = true
	if err := req.Validate(); err != nil {
		return nil, err
	}
	dec, _, err := s.decide(ctx, workspaceID, req, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	dec.AuditURL, dec.PublicAuditURL = "", "" // a dry run is not recorded: it has no audit page
	return dec, nil
}

// entityOf is the id of the entity a decision is about, for filtering.
func entityOf(d *dz.Decision) string {
	if d.Trace != nil && d.Trace.Entity != nil {
		return d.Trace.Entity.ID
	}
	return ""
}

// intentOf is the decision's classified intent, for filtering.
func intentOf(d *dz.Decision) string {
	if d.Trace != nil && len(d.Trace.Intents) > 0 {
		return d.Trace.Intents[0].Name
	}
	return ""
}

// getDecision is GET /api/v1/decisions/{id}.
func (s *Server) getDecision(w http.ResponseWriter, r *http.Request) error {
	rec, err := s.cfg.Store.Decision(r.Context(), apiKey(r.Context()).WorkspaceID, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec.Decision)
}

// decisionList is the body of GET /api/v1/decisions.
type decisionList struct {
	Data       []dz.Decision `json:"data"`
	NextCursor string        `json:"next_cursor,omitempty"`
}

// listDecisions is GET /api/v1/decisions?outcome=&entity=&status=&since=&cursor=&limit=.
func (s *Server) listDecisions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := dz.DecisionFilter{WorkspaceID: apiKey(r.Context()).WorkspaceID, Outcome: dz.Outcome(q.Get("outcome")),
		Status: q.Get("status"), Entity: q.Get("entity"), Cursor: q.Get("cursor")}
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return dz.Errorf(dz.EINVALID, "since=%q is not an RFC 3339 time like 2026-11-01T00:00:00Z", v)
		}
		f.Since = t
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return dz.Errorf(dz.EINVALID, "limit=%q must be a whole number from 1 to 200", v)
		}
		f.Limit = n
	}
	if f.Outcome != "" && !slices.Contains(dz.Outcomes, f.Outcome) {
		return dz.Errorf(dz.EINVALID, "outcome=%q is not one of execute, draft, escalate, refuse", f.Outcome)
	}
	recs, next, err := s.cfg.Store.Decisions(r.Context(), f)
	if err != nil {
		return err
	}
	out := decisionList{Data: []dz.Decision{}, NextCursor: next}
	for _, rec := range recs {
		d := rec.Decision
		d.Trace = nil // the list is for scanning; GET one decision for its trace
		out.Data = append(out.Data, d)
	}
	return writeJSON(w, http.StatusOK, out)
}

// requestHash identifies a request's content for idempotent retries.
func requestHash(req *dz.Request) string {
	b, _ := json.Marshal(req) // a validated request always encodes
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// auditURLs fills the decision's audit links from the server's base URL:
// the founder's page and the customer's, which opens with token alone.
func (s *Server) auditURLs(d *dz.Decision, token string) {
	d.AuditURL = s.cfg.BaseURL + "/app/decisions/" + d.ID
	d.PublicAuditURL = s.cfg.BaseURL + "/audit/" + token
}
