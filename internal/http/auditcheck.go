package http

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/delegatezero/dz/internal/audit"
)

// DefaultAuditCheckEvery is how often RunAuditCheck re-verifies every
// workspace's audit log when Config.AuditCheckEvery is zero.
const DefaultAuditCheckEvery = 10 * time.Minute

// auditProgressEvery is how often a long check logs how far it is.
const auditProgressEvery = 10 * time.Second

// brokenLeaf is a leaf a check of the audit log found broken: /readyz
// names it until the process ends.
type brokenLeaf struct {
	Workspace   string    `json:"workspace"` // slug
	WorkspaceID int64     `json:"workspace_id"`
	Index       uint64    `json:"index"`
	DecisionID  string    `json:"decision_id,omitempty"`
	Reason      string    `json:"reason"`
	FoundAt     time.Time `json:"found_at"`
}

func (b brokenLeaf) String() string {
	s := fmt.Sprintf("the audit log of workspace %q is broken at leaf %d", b.Workspace, b.Index)
	if b.DecisionID != "" {
		s += fmt.Sprintf(" (decision %s)", b.DecisionID)
	}
	return s + ": " + b.Reason
}

// auditStatus is the "audit" member of /readyz's answer.
type auditStatus struct {
	// State is "off" (no checks run), "checking" (the first check since
	// start is running), "ok" (the last check found every log intact) or
	// "broken" (a check found a broken leaf; /readyz answers 503).
	State      string       `json:"state"`
	CheckedAt  *time.Time   `json:"checked_at,omitempty"` // when the last complete check finished
	Workspaces int          `json:"workspaces"`           // logs the last complete check read
	Records    uint64       `json:"records"`              // records it re-verified
	Broken     []brokenLeaf `json:"broken_leaves,omitempty"`
}

// auditChecks is what the server's checks of its audit logs have found.
// A broken leaf is kept until the process ends, even if a later check
// passes: a log that was altered and then restored was still altered.
type auditChecks struct {
	mu     sync.Mutex
	status auditStatus
}

func (c *auditChecks) get() auditStatus {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.status
	if s.State == "" {
		s.State = "off"
	}
	s.Broken = append([]brokenLeaf(nil), s.Broken...)
	return s
}

func (c *auditChecks) update(f func(s *auditStatus)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	f(&c.status)
}

// RunAuditCheck re-verifies every workspace's audit log now and then every
// Config.AuditCheckEvery until ctx ends (a negative interval turns checks
// off). /readyz answers 503 naming the broken leaf once a check finds one.
func (s *Server) RunAuditCheck(ctx context.Context) {
	every := s.cfg.AuditCheckEvery
	if every < 0 {
		return
	}
	if every == 0 {
		every = DefaultAuditCheckEvery
	}
	s.checks.update(func(st *auditStatus) { st.State = "checking" })
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if err := s.CheckAuditLogs(ctx); err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "audit check could not read the store", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// CheckAuditLogs re-verifies every workspace's audit log once, records
// what it found for /readyz, and logs it. The error is for a store that
// could not be read; a broken log is not an error here.
func (s *Server) CheckAuditLogs(ctx context.Context) error {
	start := time.Now()
	all, err := s.cfg.Store.Workspaces(ctx)
	if err != nil {
		return err
	}
	var records uint64
	var broken []brokenLeaf
	for _, ws := range all {
		last := time.Now()
		progress := func(done, total uint64) {
			if time.Since(last) >= auditProgressEvery {
				last = time.Now()
				s.log.InfoContext(ctx, "audit check progress", "workspace", ws.Slug, "done", done, "total", total)
			}
		}
		res, err := audit.CheckLog(ctx, s.cfg.Store, ws.ID, progress)
		if err != nil {
			return fmt.Errorf("audit check of workspace %s: %w", ws.Slug, err)
		}
		records += res.Size
		if p := res.Problem; p != nil {
			b := brokenLeaf{Workspace: ws.Slug, WorkspaceID: ws.ID, Index: p.Index, DecisionID: p.DecisionID, Reason: p.Reason, FoundAt: time.Now().UTC()}
			s.log.ErrorContext(ctx, "audit log broken", "workspace", ws.Slug, "leaf", p.Index, "decision_id", p.DecisionID, "reason", p.Reason)
			broken = append(broken, b)
		}
	}
	now := time.Now().UTC()
	s.checks.update(func(st *auditStatus) {
		st.CheckedAt, st.Workspaces, st.Records = &now, len(all), records
		for _, b := range broken {
			if !hasBroken(st.Broken, b.WorkspaceID) {
				st.Broken = append(st.Broken, b)
			}
		}
		st.State = "ok"
		if len(st.Broken) > 0 {
			st.State = "broken"
		}
	})
	s.log.InfoContext(ctx, "audit logs checked", "workspaces", len(all), "records", records, "broken", len(broken),
		"duration_ms", time.Since(start).Milliseconds())
	return nil
}

// hasBroken reports whether a workspace already has a broken leaf on record:
// the first one found is kept.
func hasBroken(bs []brokenLeaf, workspaceID int64) bool {
	for _, b := range bs {
		if b.WorkspaceID == workspaceID {
			return true
		}
	}
	return false
}
