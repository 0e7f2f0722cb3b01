package http

import (
	"net/http"
	"strings"
)

// logAttrs are the slog attributes of a failed request, with stable
// snake_case keys. A request on /api/v1/decisions/{id}… carries
// decision_id, so an operator can follow one decision through the logs.
func logAttrs(r *http.Request, err error) []any {
	attrs := []any{"method", r.Method, "path", r.URL.Path, "error", err}
	if id := r.PathValue("id"); id != "" && strings.Contains(r.Pattern, "/decisions/{id}") {
		attrs = append(attrs, "decision_id", id)
	}
	return attrs
}
