package http

import (
	"bytes"
	"embed"
	"html/template"
	"net/http"
	"strings"

	"github.com/delegatezero/dz"
)

// pageFiles are the audit pages' templates and stylesheet. Everything a
// page needs is served by dz serve itself: no CDN, no web fonts, no remote
// images.
//
//go:embed templates
var pageFiles embed.FS

// Page templates, parsed once at start. The customer's page has its own
// layout with no navigation; the founder's pages use the dashboard's.
var (
	auditPage    = publicTemplate("audit")
	pendingPage  = publicTemplate("pending")
	goneAudit    = publicTemplate("notfound")
	decisionPage = founderTemplate("decision")
	founderError = founderTemplate("problem")
)

// pageFuncs are the helpers the audit pages' templates call.
var pageFuncs = template.FuncMap{
	"when":    webFuncs["when"],
	"percent": webFuncs["percent"],
	"num":     func(v float64) string { return trimFloat(v, 3) },
	"words":   func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"short":   func(h string) string { return h[:min(len(h), 16)] },
	"value":   valueWords,
	"outcome": func(o dz.Outcome) string { return outcomeWords[o] },
	"action":  actionWords,
}

func publicTemplate(page string) *template.Template {
	return template.Must(template.New("public.html").Funcs(pageFuncs).ParseFS(pageFiles,
		"templates/public.html", "templates/verify.html", "templates/"+page+".html"))
}

func founderTemplate(page string) *template.Template {
	t := template.Must(template.New("layout.html").Funcs(webFuncs).Funcs(pageFuncs).ParseFS(webFiles, "web/layout.html"))
	return template.Must(t.ParseFS(pageFiles, "templates/verify.html", "templates/"+page+".html"))
}

// pageRoutes registers the customer's audit page, the founder's decision
// page and their stylesheet.
func (s *Server) pageRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /static/pages.css", serveCSS(pageFiles, "templates/pages.css"))
	mux.HandleFunc("GET /audit/{token}", s.publicPage(s.publicAudit))
	mux.HandleFunc("GET /app/decisions/{id}", s.founderPage(s.founderDecision))
	mux.HandleFunc("POST /app/decisions/{id}/public-link", s.founderPage(s.founderNewLink))
}

// renderPage writes a page rendered to a buffer first, so a template error
// becomes a clean 500 instead of half a page, with the pages' security
// headers.
func renderPage(w http.ResponseWriter, status int, t *template.Template, data any) error {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		return dz.Errorf(dz.EINTERNAL, "render %s: %v", t.Name(), err)
	}
	pageHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// wantsJSON reports whether a page request asks for JSON: ?format=json,
// or an Accept header naming application/json and not text/html.
func wantsJSON(r *http.Request) bool {
	switch r.URL.Query().Get("format") {
	case "json":
		return true
	case "html":
		return false
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "application/json") && !strings.Contains(accept, "text/html")
}

// baseURL is the server's address for links on pages: the configured
// base URL, or the one the request came to.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimSuffix(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// serveCSS serves an embedded stylesheet, cacheable for a day.
func serveCSS(files embed.FS, name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := files.ReadFile(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		_, _ = w.Write(b)
	}
}

// problemView is what the error pages show.
type problemView struct {
	Status  int
	Title   string
	Message string
	SignIn  string // on a 401: the sign-in link that returns here
}

// pageProblem turns a handler's error into its status and a message a
// reader may see: internal errors are logged and not shown.
func (s *Server) pageProblem(r *http.Request, err error) problemView {
	status, ok := statuses[dz.ErrorCode(err)]
	if !ok {
		status = http.StatusInternalServerError
	}
	msg := dz.ErrorMessage(err)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "page failed", logAttrs(r, err)...)
		msg = "something went wrong on the server; it has been logged"
	}
	return problemView{Status: status, Title: http.StatusText(status), Message: msg}
}
