package http

import (
	"net/http"
	"path"
	"strings"

	"github.com/delegatezero/dz"
)

// middleware wraps the routes once, outermost first: metrics see every
// answer, odd paths get a problem instead of the mux's HTML redirect, and
// the rate limit runs before any handler looks a key up.
func (s *Server) middleware(mux *http.ServeMux) http.Handler {
	return s.metrics.instrument(mux, canonicalPaths(s, s.rateLimited(mux)))
}

// canonicalPaths answers a path with dot segments or doubled slashes with
// a 404 problem naming the clean path. The mux would redirect with an HTML
// body, which no API client wants, and a redirected POST loses its body
// in many clients.
func canonicalPaths(s *Server, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		clean := path.Clean("/" + p)
		if strings.HasSuffix(p, "/") && clean != "/" {
			clean += "/"
		}
		if clean != p {
			s.writeError(w, r, dz.Errorf(dz.ENOTFOUND, "no route %s %s: did you mean %s?", r.Method, p, clean))
			return
		}
		next.ServeHTTP(w, r)
	})
}
