package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/delegatezero/dz/client"
	"github.com/delegatezero/dz/internal/browsertest"
)

// demoServer is `dz serve --demo` running in-process, with what it printed
// once on stdout: the API key and the owner's sign-in.
type demoServer struct {
	base, key, email, password string
	api                        *client.Client
}

// serveDemo starts `dz serve --demo` on a free port over a fresh SQLite
// folder until the test ends, and reads the demo key and the owner's
// password from its stdout, as a founder would.
func serveDemo(t *testing.T) *demoServer {
	t.Helper()
	addr, printed := serveInProcess(t, "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--demo", "--demo-workspace", acme)
	signIn := regexp.MustCompile(`sign in as (\S+) with password (\S+)`).FindStringSubmatch(printed)
	key := demoKey.FindString(printed)
	if signIn == nil || key == "" {
		t.Fatalf("--demo printed no key or no sign-in:\n%s", printed)
	}
	base := "http://" + addr
	return &demoServer{base: base, key: key, email: signIn[1], password: signIn[2], api: client.New(base, key)}
}

// getJSON reads an API path with the demo key (or none, for a full URL
// that needs none) into out.
func (d *demoServer) getJSON(t *testing.T, pathOrURL string, out any) {
	t.Helper()
	u := pathOrURL
	if strings.HasPrefix(u, "/") {
		u = d.base + u
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if strings.HasPrefix(pathOrURL, "/api/") {
		req.Header.Set("Authorization", "Bearer "+d.key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d: %s", u, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, out); err != nil {
		t.Fatalf("GET %s: %v\n%s", u, err, body)
	}
}

// tab is the founder's browser tab on the dashboard.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot int // screenshots so far, to number them in the order taken
}

// newTab is the tab, its screenshots starting afresh: those of an
// earlier run are removed, so the artifacts are this run's steps only.
func newTab(t *testing.T, ctx context.Context, base string) *tab {
	old, _ := filepath.Glob(filepath.Join(browsertest.Artifacts(t), "dashboard-*.png"))
	for _, f := range old {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	return &tab{t: t, ctx: ctx, base: base}
}

// step runs actions with a deadline, failing the test on an error.
func (b *tab) step(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// load runs actions that load a page (a navigation, a click on a link or
// a submit button, an Enter in a form) and waits for it; a status of 400
// or more fails the test, and so does a form control without a label on
// the page it loaded.
func (b *tab) load(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, actions...)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	if resp.Status >= 400 {
		b.t.Fatalf("%s: %s answered %d", what, resp.URL, resp.Status)
	}
	b.labelled(resp.URL)
}

// open loads a path (or a full URL) of the server.
func (b *tab) open(pathOrURL string) {
	b.t.Helper()
	u := pathOrURL
	if strings.HasPrefix(u, "/") {
		u = b.base + u
	}
	b.load("open "+u, chromedp.Navigate(u))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// path is the page's path and query, checked after a redirect.
func (b *tab) path() string {
	b.t.Helper()
	u, err := url.Parse(eval[string](b, `location.href`))
	if err != nil {
		b.t.Fatal(err)
	}
	return u.RequestURI()
}

// text is the visible text of the first element matching a CSS selector,
// or "" when none does.
func (b *tab) text(css string) string {
	b.t.Helper()
	q, _ := json.Marshal(css)
	return eval[string](b, `(() => { const el = document.querySelector(`+string(q)+`); return el ? el.innerText.trim() : ''; })()`)
}

// labelled checks that every form control on the page has a label and
// returns how many it checked.
func (b *tab) labelled(page string) int {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	missing, checked, err := browsertest.Unlabelled(ctx)
	if err != nil {
		b.t.Fatalf("%s: read the form controls: %v", page, err)
	}
	for _, m := range missing {
		b.t.Errorf("%s: a form control has no label: %s", page, m)
	}
	return checked
}

// screenshot saves the page as dashboard-NN-name.png.
func (b *tab) screenshot(name string) {
	b.t.Helper()
	b.shot++
	browsertest.Screenshot(b.t, b.ctx, fmt.Sprintf("dashboard-%02d-%s", b.shot, name))
}
