package http_test

import (
	"context"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/delegatezero/dz/internal/browsertest"
)

// layout is what the test reads from a rendered page's DOM.
type layout struct {
	Reply, Verify  bool   // visible: a box with a size, not display:none or hidden
	ReplyText      string // what the reply says on screen
	VerifyText     string
	ScrollWidth    int
	InnerWidth     int
	FactsDisplay   string // "grid" once pages.css applied (the CSP let it load)
	WithheldListed int
}

const readLayout = `(() => {
  const shown = el => { if (!el) return false; const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility !== 'hidden'; };
  const reply = document.querySelector('#reply .reply'), verify = document.querySelector('#verify'), facts = document.querySelector('#verify dl.facts');
  return { Reply: shown(reply), Verify: shown(verify), ReplyText: reply ? reply.innerText : '', VerifyText: verify ? verify.innerText : '',
    ScrollWidth: document.scrollingElement.scrollWidth, InnerWidth: window.innerWidth,
    FactsDisplay: facts ? getComputedStyle(facts).display : '', WithheldListed: document.querySelectorAll('.withheld li').length };
})()`

// viewport is a window size a page is checked at.
type viewport struct {
	name   string
	w, h   int64
	mobile bool
}

var viewports = []viewport{{"phone", 390, 844, true}, {"desktop", 1280, 900, false}}

// render opens url at a window size, reads its layout and saves a
// full-page screenshot as name-SIZE.png.
func render(t *testing.T, ctx context.Context, url, name string, v viewport) layout {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	emulate := chromedp.EmulateViewport(v.w, v.h)
	if v.mobile {
		emulate = chromedp.EmulateViewport(v.w, v.h, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))
	}
	if err := chromedp.Do(ctx, emulate, chromedp.Navigate(url)); err != nil {
		t.Fatalf("%s at %s: %v", name, v.name, err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](readLayout))
	if err != nil {
		t.Fatalf("%s at %s: read the page: %v", name, v.name, err)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("%s at %s: screenshot: %v", name, v.name, err)
	}
	path := filepath.Join(browsertest.Artifacts(t), name+"-"+v.name+".png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return got
}

// The audit pages in real Chromium, at a phone's width and a desktop's:
// the reply and the verify panel are on screen, the stylesheet applies,
// nothing scrolls sideways, and the browser asks nothing of any host but
// the server.
func TestAuditPagesInChromium(t *testing.T) {
	ctx := browsertest.Context(t)
	f := newFixture(t)
	dec := f.decide(t, founding)
	var mu sync.Mutex
	var requested []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			mu.Lock()
			requested = append(requested, e.Request.URL)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, url, auth string }{
		{"audit-public", f.publicURL(dec), ""},
		{"audit-founder", f.url + "/app/decisions/" + dec["id"].(string), "Bearer " + f.key},
	}
	for _, p := range pages {
		headers := network.Headers{}
		if p.auth != "" {
			headers["Authorization"] = p.auth
		}
		if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: headers})
			return err
		})); err != nil {
			t.Fatal(err)
		}
		for _, v := range viewports {
			got := render(t, ctx, p.url, p.name, v)
			if !got.Reply || !strings.Contains(got.ReplyText, "Hi Dana") {
				t.Errorf("%s at %s: the reply is not visible (%q)", p.name, v.name, got.ReplyText)
			}
			if !got.Verify || !strings.Contains(got.VerifyText, "dz audit verify") || !strings.Contains(got.VerifyText, "Leaf hash") {
				t.Errorf("%s at %s: the verify panel is not visible", p.name, v.name)
			}
			if got.FactsDisplay != "grid" {
				t.Errorf("%s at %s: the stylesheet did not apply (the verify panel's list is %q, not grid)", p.name, v.name, got.FactsDisplay)
			}
			if p.name == "audit-public" && got.WithheldListed == 0 {
				t.Errorf("%s at %s: no withheld field is listed", p.name, v.name)
			}
			if got.ScrollWidth > got.InnerWidth {
				t.Errorf("%s at %s: the page is %d px wide in a %d px window: it scrolls sideways", p.name, v.name, got.ScrollWidth, got.InnerWidth)
			}
		}
	}
	mu.Lock()
	defer mu.Unlock()
	sawCSS := false
	for _, raw := range requested {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "data" && !loopback(u.Hostname())) {
			t.Errorf("a page made the browser request %s", raw)
		}
		sawCSS = sawCSS || strings.HasSuffix(u.Path, "/static/pages.css")
	}
	if !sawCSS {
		t.Errorf("the request listener saw no stylesheet request (%v): it cannot vouch for the others", requested)
	}
}

// loopback reports whether host is this machine.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
