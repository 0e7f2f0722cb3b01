package http

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// webFiles are the dashboard's templates and stylesheet: everything a page
// needs is served by dz serve itself, nothing from a CDN.
//
//go:embed web
var webFiles embed.FS

// webFuncs are the helpers templates may call.
var webFuncs = template.FuncMap{
	"when":    func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"percent": func(v float64) string { return fmt.Sprintf("%.0f%%", v*100) },
	"title":   func(s string) string { return strings.ToUpper(s[:min(1, len(s))]) + s[min(1, len(s)):] },
	"join":    strings.Join,
}

// webPages parses layout.html with each page template once.
var webPages = func() map[string]*template.Template {
	pages := map[string]*template.Template{}
	names, err := fs.Glob(webFiles, "web/*.html")
	if err != nil {
		panic(err) // the pattern is constant
	}
	for _, name := range names {
		page := strings.TrimSuffix(strings.TrimPrefix(name, "web/"), ".html")
		if page == "layout" {
			continue
		}
		pages[page] = template.Must(template.New("layout.html").Funcs(webFuncs).ParseFS(webFiles, "web/layout.html", name))
	}
	return pages
}()

// view is what every dashboard page template gets: the signed-in user (nil
// on the login and set-up pages), the CSRF token for its forms, which nav
// item is current, and the page's own data.
type view struct {
	Title   string
	Nav     string
	User    *dz.User
	CSRF    string
	Flash   string // a one-line note after a form was handled
	Error   string // a problem with the form that was sent
	Data    any
	Company string
}

// render writes a page with the layout. Rendering goes to a buffer first,
// so a template error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) error {
	t, ok := webPages[page]
	if !ok {
		return dz.Errorf(dz.EINTERNAL, "no page template %q", page)
	}
	if vw := viewerOf(r); vw != nil {
		v.User, v.CSRF = vw.user, vw.session.CSRF
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		return dz.Errorf(dz.EINTERNAL, "render %s: %v", page, err)
	}
	pageHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// pageHeaders are the security headers of every dashboard page: no
// framing, no sniffing, no referrer, nothing loaded from elsewhere, and no
// caching of private pages.
func pageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
}

// page turns a dashboard handler into an http.HandlerFunc: errors become an
// HTML page saying what went wrong, with the status the API would use.
func (s *Server) page(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		code := dz.ErrorCode(err)
		status, ok := statuses[code]
		if !ok {
			status = http.StatusInternalServerError
		}
		msg := dz.ErrorMessage(err)
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			status, msg = http.StatusRequestEntityTooLarge, "the form is larger than the server accepts"
		}
		if status >= 500 {
			s.log.ErrorContext(r.Context(), "page failed", logAttrs(r, err)...)
			msg = "something went wrong on the server; it has been logged"
		}
		if rerr := s.render(w, r, status, "error", view{Title: http.StatusText(status), Error: msg}); rerr != nil {
			http.Error(w, msg, status)
		}
	}
}
