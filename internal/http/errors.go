package http

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/delegatezero/dz"
)

// statuses maps each dz error code to its HTTP status: the one table.
var statuses = map[string]int{
	dz.EINVALID:      http.StatusBadRequest,
	dz.EUNAUTHORIZED: http.StatusUnauthorized,
	dz.EFORBIDDEN:    http.StatusForbidden,
	dz.ENOTFOUND:     http.StatusNotFound,
	dz.ECONFLICT:     http.StatusConflict,
	dz.ERATELIMIT:    http.StatusTooManyRequests,
	dz.EINTERNAL:     http.StatusInternalServerError,
}

// ETOOLARGE is the code of a request body over the size limit.
const ETOOLARGE = "too_large"

// problem is an RFC 9457 problem details body, with our stable code.
type problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

// handler is an HTTP handler that returns its error to one place.
type handler func(w http.ResponseWriter, r *http.Request) error

// handle turns a handler into an http.HandlerFunc: errors become problem
// details, internal ones are logged and never shown.
func (s *Server) handle(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	}
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := dz.ErrorCode(err), dz.ErrorMessage(err)
	var problems dz.Problems
	if errors.As(err, &problems) { // a workspace that does not validate: every problem, as dz context validate prints them
		code, msg = dz.EINVALID, fmt.Sprintf("the workspace has %d problem(s): %s", len(problems), problems.Error())
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		code, msg = ETOOLARGE, "the request body is larger than the server accepts"
	}
	status, ok := statuses[code]
	if code == ETOOLARGE {
		status, ok = http.StatusRequestEntityTooLarge, true
	}
	if !ok {
		status = http.StatusInternalServerError
	}
	if s.metrics != nil {
		s.metrics.errors.WithLabelValues(code).Inc()
	}
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", logAttrs(r, err)...)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(problem{
		Type: "https://delegatezero.dev/problems/" + code, Title: http.StatusText(status),
		Status: status, Detail: msg, Code: code,
	})
}

// writeJSON writes v with status. It fails only before writing, when v
// cannot be encoded (a bug); a client that went away is not an error.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	writeJSONBytes(w, status, b)
	return nil
}

// writeJSONBytes answers with JSON already encoded.
func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
	_, _ = w.Write([]byte{'\n'})
}
