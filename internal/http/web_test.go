package http_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
)

// browser is a cookie-keeping client that does not follow redirects, so
// tests see each answer; it bypasses the OpenAPI check, since dashboard
// pages are not API routes.
type browser struct {
	t    testing.TB
	base string
	c    *http.Client
}

func newBrowser(t testing.TB, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get fetches a page and returns its status, Location and body.
func (b *browser) get(path string) (int, string, string) {
	b.t.Helper()
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// post sends a form, with extra headers as "Name: value" pairs.
func (b *browser) post(path string, form url.Values, headers ...string) (int, string, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(body)
}

// csrfOf reads the CSRF token from a page's forms.
func csrfOf(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `name="csrf" value="`)
	if !ok {
		t.Fatalf("no CSRF token on the page:\n%s", page)
	}
	token, _, _ := strings.Cut(rest, `"`)
	return token
}

// webServer is a real server over SQLite with the demo context in
// workspace "acme" and no users yet.
func webServer(t *testing.T) (*httptest.Server, *dzhttp.Server) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	seed(t, store, "acme")
	srv := dzhttp.New(dzhttp.Config{Store: store, Now: time.Now, SetupCode: "let-me-in"})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, srv
}

func TestFirstRunSignInAndOut(t *testing.T) {
	ts, srv := webServer(t)
	b := newBrowser(t, ts.URL)
	if s, loc, _ := b.get("/app/"); s != http.StatusSeeOther || loc != "/login?next=%2Fapp%2F" {
		t.Fatalf("GET /app/ signed out = %d → %q, want a redirect to sign in", s, loc)
	}
	if s, _, _ := b.get("/setup?code=wrong"); s != http.StatusForbidden {
		t.Errorf("set-up with a wrong code = %d, want 403", s)
	}
	if srv.SetupURL() != "/setup?code=let-me-in" {
		t.Fatalf("SetupURL = %q", srv.SetupURL())
	}
	s, _, page := b.get(srv.SetupURL())
	if s != http.StatusOK || !strings.Contains(page, `<label for="password">`) {
		t.Fatalf("set-up page = %d", s)
	}
	form := url.Values{"code": {"let-me-in"}, "workspace": {"acme"}, "name": {"Dana <Founder>"}, "email": {"dana@example.com"},
		"password": {"short"}, "password2": {"short"}}
	if s, _, page := b.post("/setup", form); s != http.StatusBadRequest || !strings.Contains(page, "at least 10 characters") {
		t.Fatalf("a short password = %d, want 400 saying why", s)
	}
	form.Set("password", "correct horse battery")
	form.Set("password2", "correct horse battery")
	s, loc, _ := b.post("/setup", form)
	if s != http.StatusSeeOther || loc != "/app/" {
		t.Fatalf("set-up = %d → %q, want a redirect to the dashboard", s, loc)
	}
	cookies := b.c.Jar.Cookies(mustURL(ts.URL))
	if len(cookies) != 1 || cookies[0].Name != "dz_session" {
		t.Fatalf("cookies after set-up = %v", cookies)
	}
	s, _, page = b.get("/app/")
	if s != http.StatusOK || !strings.Contains(page, "dana@example.com") {
		t.Fatalf("GET /app/ signed in = %d", s)
	}
	if s, _, _ := b.get(srv.SetupURL()); s != http.StatusNotFound {
		t.Errorf("set-up after the owner exists = %d, want 404", s)
	}
	csrf := csrfOf(t, page)
	if s, _, _ := b.post("/logout", url.Values{}); s != http.StatusForbidden {
		t.Errorf("sign-out without the CSRF token = %d, want 403", s)
	}
	if s, _, _ := b.post("/logout", url.Values{"csrf": {csrf}}, "Origin: https://evil.example"); s != http.StatusForbidden {
		t.Errorf("sign-out from another origin = %d, want 403", s)
	}
	if s, loc, _ := b.post("/logout", url.Values{"csrf": {csrf}}); s != http.StatusSeeOther || loc != "/login" {
		t.Fatalf("sign-out = %d → %q", s, loc)
	}
	if s, _, _ := b.get("/app/"); s != http.StatusSeeOther {
		t.Errorf("GET /app/ after sign-out = %d, want a redirect", s)
	}

	// Signing in again: a wrong password is refused, the right one opens a session and goes to next.
	if s, _, page := b.post("/login", url.Values{"email": {"dana@example.com"}, "password": {"wrong password!"}}); s != http.StatusUnauthorized || !strings.Contains(page, "do not match") {
		t.Errorf("wrong password = %d", s)
	}
	if s, _, _ := b.post("/login", url.Values{"email": {"nobody@example.com"}, "password": {"correct horse battery"}}); s != http.StatusUnauthorized {
		t.Errorf("unknown e-mail = %d", s)
	}
	s, loc, _ = b.post("/login", url.Values{"email": {"DANA@example.com"}, "password": {"correct horse battery"}, "next": {"//evil.example/x"}})
	if s != http.StatusSeeOther || loc != "/app/" {
		t.Errorf("sign-in with an off-site next = %d → %q, want /app/", s, loc)
	}
}

func TestDashboardPagesSendSecurityHeaders(t *testing.T) {
	ts, _ := webServer(t)
	resp, err := newBrowser(t, ts.URL).c.Get(ts.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for h, want := range map[string]string{"Content-Security-Policy": "default-src 'none'", "X-Frame-Options": "DENY",
		"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"} {
		if got := resp.Header.Get(h); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
