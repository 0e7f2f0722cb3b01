package http

import "net/http"

// needsYou is GET /app/: what is waiting for the founder.
func (s *Server) needsYou(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "needs", view{Title: "Needs you", Nav: "needs"})
}
