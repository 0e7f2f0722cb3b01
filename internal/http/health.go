package http

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/delegatezero/dz"
)

// EAUDITBROKEN is the problem code of /readyz when a check of the audit
// logs found a record, leaf or tree node that no longer matches.
const EAUDITBROKEN = "audit_broken"

// healthz says the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyBody is /readyz's answer while the server is ready.
type readyBody struct {
	Status string      `json:"status"` // "ready"
	Audit  auditStatus `json:"audit"`
}

// brokenBody is /readyz's answer once a check found a broken audit log: a
// problem details body whose audit member names each broken leaf.
type brokenBody struct {
	problem
	Audit auditStatus `json:"audit"`
}

// readyz says the store answers and no audit log was found altered: a
// load balancer sends traffic only then. While the first check of the
// logs since start runs, the server is ready and the body says "checking".
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.cfg.Store.Decisions(r.Context(), dz.DecisionFilter{Limit: 1}); err != nil {
		return err
	}
	st := s.checks.get()
	if len(st.Broken) == 0 {
		return writeJSON(w, http.StatusOK, readyBody{Status: "ready", Audit: st})
	}
	detail := st.Broken[0].String()
	if n := len(st.Broken) - 1; n > 0 {
		detail += fmt.Sprintf(" (and %d more workspace(s), listed in audit.broken_leaves)", n)
	}
	status := http.StatusServiceUnavailable
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(brokenBody{problem: problem{Type: "https://delegatezero.dev/problems/" + EAUDITBROKEN,
		Title: http.StatusText(status), Status: status, Detail: detail, Code: EAUDITBROKEN}, Audit: st})
	return nil // a client that went away is not an error
}
