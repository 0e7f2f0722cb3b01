package http

import (
	"net/http"

	"github.com/delegatezero/dz"
)

// healthz says the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz says the store answers: a load balancer sends traffic only then.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.cfg.Store.Decisions(r.Context(), dz.DecisionFilter{Limit: 1}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
