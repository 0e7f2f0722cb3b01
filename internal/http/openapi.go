package http

import (
	_ "embed"
	"net/http"
)

// openapiDoc is the OpenAPI 3.1 document of this API, served at
// GET /api/v1/openapi.json. Every route in Handler must be in it:
// openapi_test.go checks that, and validates real requests and responses
// against it.
//
//go:embed openapi.json
var openapiDoc []byte

// openapi serves the document; it needs no key.
func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, _ = w.Write(openapiDoc)
	return nil
}
