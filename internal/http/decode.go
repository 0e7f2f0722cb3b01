package http

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/delegatezero/dz"
)

// decode reads a JSON body into v strictly: the size limit, no unknown
// fields, no trailing data. Every failure is an EINVALID naming the fix.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return dz.Errorf(dz.EINVALID, "Content-Type is %q: send the body as application/json", ct)
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
			return err
		}
		return dz.Errorf(dz.EINVALID, "the body holds more than one JSON value: send one object")
	}
	return nil
}

// decodeError says what is wrong with a body in words a caller can act on.
func decodeError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return err
	case errors.Is(err, io.EOF):
		return dz.Errorf(dz.EINVALID, "the body is empty: send a JSON object")
	case errors.As(err, &syntax):
		return dz.Errorf(dz.EINVALID, "malformed JSON at byte %d: %v", syntax.Offset, syntax)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the body"
		}
		return dz.Errorf(dz.EINVALID, "%s must be %s, not %s", field, article(typ.Type.String()), typ.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return dz.Errorf(dz.EINVALID, "unknown field %s: check its spelling against /api/v1/openapi.json", strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return dz.Errorf(dz.EINVALID, "the JSON body ends too early")
	}
	return dz.Errorf(dz.EINVALID, "cannot read the JSON body: %v", err)
}

func article(goType string) string {
	switch {
	case strings.HasPrefix(goType, "map"), strings.HasPrefix(goType, "struct"), strings.HasPrefix(goType, "dz."):
		return "an object"
	case strings.HasPrefix(goType, "[]"):
		return "a list"
	case goType == "string", strings.HasSuffix(goType, "Outcome"):
		return "a string"
	case goType == "bool":
		return "true or false"
	}
	return fmt.Sprintf("a number (%s)", goType)
}
