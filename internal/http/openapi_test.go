// How to add an endpoint to the OpenAPI document (internal/http/openapi.json):
//
//  1. Register the route in Server.Handler() with a method and a literal
//     pattern, e.g. mux.HandleFunc("POST /api/v1/things", …).
//  2. Add the path and operation to openapi.json: an operationId, the
//     parameters, the request body schema (additionalProperties: false, as
//     decode rejects unknown fields), and every status it can answer — the
//     success ones with their schema, the errors as $refs to
//     #/components/responses (BadRequest, Unauthorized, Forbidden, NotFound,
//     Conflict, TooLarge, RateLimited, Internal). Keyed routes inherit the
//     bearer security; open ones say "security": [].
//  3. Add a row to TestOpenAPIOperations below for each status you document.
//
// The dashboard's HTML pages (/app/…, /login, /logout, /setup, /static/…,
// registered in webroutes.go) are for browsers, not API clients, and are
// not in the document; the two audit pages are, since clients fetch them.
//
// TestEveryRouteIsDocumented fails until step 2 is done, and every call a
// test makes through http.DefaultClient (the fixture's call) is checked
// against the document by the validator in openapi_check_test.go.
package http_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestOpenAPIOperations(t *testing.T) {
	f := newFixture(t)
	_, dec := f.call(t, "POST", "/api/v1/decisions", f.key, strings.Replace(founding, `{"request"`, `{"request_id": "t-1", "request"`, 1))
	id, _ := dec["id"].(string)
	big := `{"request": "` + strings.Repeat("x", 2<<20) + `"}`
	for _, tt := range []struct {
		name, method, path, key, body string
		status                        int
	}{
		{"healthz", "GET", "/healthz", "", "", 200},
		{"readyz", "GET", "/readyz", "", "", 200},
		{"openapi", "GET", "/api/v1/openapi.json", "", "", 200},
		{"decide", "POST", "/api/v1/decisions", f.key, founding, 201},
		{"retry", "POST", "/api/v1/decisions", f.key, strings.Replace(founding, `{"request"`, `{"request_id": "t-1", "request"`, 1), 200},
		{"dry run", "POST", "/api/v1/decisions", f.key, `{"request": "refund please", "instructions": {"dry_run": true}}`, 200},
		{"async", "POST", "/api/v1/decisions", f.key, `{"request": "refund please", "mode": "async"}`, 202},
		{"malformed", "POST", "/api/v1/decisions", f.key, `{"request": `, 400},
		{"no key", "POST", "/api/v1/decisions", "", founding, 401},
		{"profile", "POST", "/api/v1/decisions", f.key, `{"request": "x", "profile": "support"}`, 403},
		{"conflict", "POST", "/api/v1/decisions", f.key, `{"request_id": "t-1", "request": "other"}`, 409},
		{"too large", "POST", "/api/v1/decisions", f.key, big, 413},
		{"get", "GET", "/api/v1/decisions/" + id, f.key, "", 200},
		{"get missing", "GET", "/api/v1/decisions/nope", f.key, "", 404},
		{"list", "GET", "/api/v1/decisions?limit=5&outcome=draft", f.key, "", 200},
		{"list bad limit", "GET", "/api/v1/decisions?limit=0", f.key, "", 400},
		{"feedback", "POST", "/api/v1/decisions/" + id + "/feedback", f.key, `{"kind": "override", "outcome": "execute", "note": "fine"}`, 201},
		{"feedback bad kind", "POST", "/api/v1/decisions/" + id + "/feedback", f.key, `{"kind": "meh"}`, 400},
		{"feedback missing", "POST", "/api/v1/decisions/nope/feedback", f.key, `{"kind": "approve"}`, 404},
		{"feedback list", "GET", "/api/v1/decisions/" + id + "/feedback", f.key, "", 200},
		{"proof", "GET", "/api/v1/decisions/" + id + "/proof", f.key, "", 200},
		{"proof missing", "GET", "/api/v1/decisions/nope/proof", f.key, "", 404},
		{"public key", "GET", "/api/v1/audit/public-key", "", "", 200},
		{"checkpoint", "GET", "/api/v1/audit/checkpoint", f.key, "", 200},
		{"checkpoint no key", "GET", "/api/v1/audit/checkpoint", "", "", 401},
		{"consistency", "GET", "/api/v1/audit/consistency?from=1", f.key, "", 200},
		{"consistency bad", "GET", "/api/v1/audit/consistency?from=x", f.key, "", 400},
		{"new public link", "POST", "/api/v1/decisions/" + id + "/public-link", f.key, "", 201},
		{"new link missing", "POST", "/api/v1/decisions/nope/public-link", f.key, "", 404},
		{"revoke public link", "DELETE", "/api/v1/decisions/" + id + "/public-link", f.key, "", 204},
		{"no route", "GET", "/api/v1/nothing", f.key, "", 404},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if status, body := f.call(t, tt.method, tt.path, tt.key, tt.body); status != tt.status {
				t.Errorf("%s %s = %d %v, want %d", tt.method, tt.path, status, body, tt.status)
			}
		})
	}
}

// TestEveryRouteIsDocumented holds Server.Handler() and openapi.json to the
// same set of operations, both ways.
func TestEveryRouteIsDocumented(t *testing.T) {
	doc, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
		}
	}
	registered := registeredRoutes(t)
	for _, r := range registered {
		if !slices.Contains(documented, r) && !dashboardRoute(r) {
			t.Errorf("route %q is registered in Handler() but not in openapi.json: see the note at the top of openapi_test.go", r)
		}
	}
	for _, d := range documented {
		if !slices.Contains(registered, d) {
			t.Errorf("openapi.json documents %q, which Handler() does not register", d)
		}
	}
}

// registeredRoutes reads the package's source for mux.Handle and
// mux.HandleFunc calls and returns their patterns as "METHOD /path", with
// wildcards as OpenAPI writes them ({id}, never {rest...}).
func registeredRoutes(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			if pattern, ok := muxPattern(n); ok && pattern != "/" {
				method, path, found := strings.Cut(pattern, " ")
				if !found {
					t.Errorf("%s: route %q has no method: register it as \"GET %s\" (or the method it serves)", name, pattern, pattern)
				}
				path = strings.ReplaceAll(strings.ReplaceAll(path, "...}", "}"), "{$}", "")
				routes = append(routes, method+" "+path)
			}
			return true
		})
	}
	return routes
}

// muxPattern is the literal pattern of a mux.Handle/HandleFunc call.
func muxPattern(n ast.Node) (string, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
		return "", false
	}
	if x, ok := sel.X.(*ast.Ident); !ok || x.Name != "mux" {
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// TestOpenAPIServed: the document is served without a key, as JSON.
func TestOpenAPIServed(t *testing.T) {
	f := newFixture(t)
	status, doc := f.call(t, http.MethodGet, "/api/v1/openapi.json", "", "")
	if status != http.StatusOK || doc["openapi"] != "3.1.0" {
		t.Fatalf("GET /api/v1/openapi.json = %d, openapi %v", status, doc["openapi"])
	}
}

// dashboardRoute reports a browser-only page of the dashboard.
func dashboardRoute(route string) bool {
	_, path, _ := strings.Cut(route, " ")
	for _, prefix := range []string{"/app/", "/login", "/logout", "/setup", "/static/"} {
		if strings.HasPrefix(path, prefix) {
			return true
		}
	}
	return path == "/"
}
