package http_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// TestMain makes every call through http.DefaultClient in this package —
// the fixture's call, and so the existing tests — pass through the OpenAPI
// check: a response that drifts from openapi.json fails the test that got it.
func TestMain(m *testing.M) {
	v, err := newValidator(http.DefaultTransport)
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapi.json:", err)
		os.Exit(1)
	}
	http.DefaultClient = &http.Client{Transport: v}
	os.Exit(m.Run())
}

// validator is an http.RoundTripper that checks each request and response
// against openapi.json. It fails the call (RoundTrip returns an error) when:
//   - the route is not in the document and the server did not answer 404;
//   - the server answered 2xx/3xx to a request the document rejects;
//   - the response's status, headers or body are not what the document says.
type validator struct {
	doc    *openapi3.T
	router routers.Router
	next   http.RoundTripper
}

func loadOpenAPI() (*openapi3.T, error) {
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		return nil, err
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(raw)
	if err != nil {
		return nil, fmt.Errorf("load: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("not a valid OpenAPI document: %w", err)
	}
	return doc, nil
}

func newValidator(next http.RoundTripper) (*validator, error) {
	doc, err := loadOpenAPI()
	if err != nil {
		return nil, err
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	return &validator{doc: doc, router: router, next: next}, nil
}

// RoundTrip sends the request and checks the pair.
func (v *validator) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	out := req.Clone(req.Context())
	out.Body = io.NopCloser(bytes.NewReader(reqBody))
	resp, err := v.next.RoundTrip(out)
	if err != nil {
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	check := req.Clone(context.Background())
	check.Body = io.NopCloser(bytes.NewReader(reqBody))
	if err := v.check(check, resp, respBody); err != nil {
		return nil, fmt.Errorf("openapi.json: %s %s → %d %s: %w", req.Method, req.URL.RequestURI(), resp.StatusCode, clip(respBody), err)
	}
	return resp, nil
}

func (v *validator) check(req *http.Request, resp *http.Response, body []byte) error {
	ctx := context.Background()
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		if resp.StatusCode == http.StatusNotFound && strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			return nil // the catch-all: no such route, and the server says so
		}
		return fmt.Errorf("the route is not in the document (%v): add it, see the note in openapi_test.go", err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: bearerPresent}}
	reqErr := openapi3filter.ValidateRequest(ctx, in)
	if reqErr != nil && resp.StatusCode < 400 {
		return fmt.Errorf("the server accepted a request the document rejects: %w", reqErr)
	}
	res := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	res.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, res); err != nil {
		return fmt.Errorf("the response is not what the document says: %w", err)
	}
	return nil
}

// bearerPresent is the document's security check: a Bearer token is sent.
// Whether the key is known is the server's business (401 when not).
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	if in.SecurityScheme.Type != "http" || in.SecurityScheme.Scheme != "bearer" {
		return fmt.Errorf("unexpected security scheme %q", in.SecuritySchemeName)
	}
	secret, ok := strings.CutPrefix(in.RequestValidationInput.Request.Header.Get("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(secret) == "" {
		return errors.New("no bearer token")
	}
	return nil
}

func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
