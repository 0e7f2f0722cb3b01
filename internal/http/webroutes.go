package http

import "net/http"

// webRoutes registers the founder's dashboard: sign-in and first-run
// set-up, and the pages under /app/, each behind a session.
func (s *Server) webRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/ui.css", serveCSS(webFiles, "web/ui.css"))
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/app/", http.StatusSeeOther) })
	mux.HandleFunc("GET /login", s.page(s.loginPage))
	mux.HandleFunc("POST /login", s.page(s.login))
	mux.HandleFunc("POST /logout", s.page(s.signedIn(s.logout)))
	mux.HandleFunc("GET /setup", s.page(s.setupPage))
	mux.HandleFunc("POST /setup", s.page(s.setup))
	mux.HandleFunc("GET /app/{$}", s.page(s.signedIn(s.needsYou)))
	mux.HandleFunc("GET /app/drafts", s.page(s.signedIn(s.drafts)))
	mux.HandleFunc("GET /app/decisions", s.page(s.signedIn(s.decisionsPage)))
	mux.HandleFunc("POST /app/decisions/{id}/feedback", s.page(s.signedIn(s.reviewForm)))
	mux.HandleFunc("POST /app/decisions/{id}/gaps/{gap}", s.page(s.signedIn(s.answerGap)))
	mux.HandleFunc("GET /app/autonomy", s.page(s.signedIn(s.autonomy)))
	s.contextRoutes(mux)
	s.settingsRoutes(mux)
	s.tryRoutes(mux)
}
