package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

func TestFounderPageNeedsAKeyOrASession(t *testing.T) {
	f := newFixture(t)
	id := f.decide(t, founding)["id"].(string)
	page := f.url + "/app/decisions/" + id
	status, h, body := fetch(t, page)
	if status != http.StatusUnauthorized || !strings.HasPrefix(h.Get("Content-Type"), "text/html") ||
		!strings.Contains(body, `href="/login?next=%2Fapp%2Fdecisions%2F`+id+`"`) {
		t.Errorf("no key = %d %s, want a 401 page with a sign-in link", status, h.Get("Content-Type"))
	}
	if status, h, _ := fetch(t, page, "Accept: application/json"); status != http.StatusUnauthorized || h.Get("Content-Type") != "application/problem+json" {
		t.Errorf("no key, JSON = %d %s, want a 401 problem", status, h.Get("Content-Type"))
	}
	if status, _, _ := fetch(t, page, "Authorization: Bearer dzk_not-a-key"); status != http.StatusUnauthorized {
		t.Errorf("a wrong key = %d, want 401", status)
	}
	if status, _, body := fetch(t, page, "Authorization: Bearer "+f.other); status != http.StatusNotFound || strings.Contains(body, escaped(founding[:40])) {
		t.Errorf("another workspace's key = %d, want 404 and nothing of the decision", status)
	}
	if status, _, _ := fetch(t, f.url+"/app/decisions/dec_nope", "Authorization: Bearer "+f.key); status != http.StatusNotFound {
		t.Errorf("an unknown decision = %d, want 404", status)
	}
}

func TestFounderPageShowsTheTraceAndThePolicyGap(t *testing.T) {
	f := newFixture(t)
	id := f.decide(t, founding)["id"].(string)
	_, full := f.call(t, "GET", "/api/v1/decisions/"+id, f.key, "")
	trace := full["trace"].(map[string]any)
	status, h, page := fetch(t, f.url+"/app/decisions/"+id, "Authorization: Bearer "+f.key)
	if status != http.StatusOK {
		t.Fatalf("founder page = %d:\n%s", status, page)
	}
	pageHeadersOK(t, h)
	wouldChange := trace["would_change"].([]any)
	if len(wouldChange) == 0 {
		t.Fatal("the founding decision has no would_change; the test needs one")
	}
	_, gap, _ := strings.Cut(page, `id="would-change"`)
	for _, w := range wouldChange {
		if !strings.Contains(gap, escaped(w.(string))) {
			t.Errorf("the policy gap lacks %q", w)
		}
	}
	want := []string{"The policy gap", "What decided it", "refunds/past-window-after-outage", "execute threshold 0.95 of risk level sensitive",
		"The closest precedent was refund-46-days-after-march-outage", `id="verify"`, "0 withheld", "api/v1/decisions/" + id + "/proof"}
	for _, c := range trace["confidence"].([]any) {
		want = append(want, strings.ReplaceAll(c.(map[string]any)["name"].(string), "_", " "))
	}
	for _, p := range trace["precedents"].([]any) {
		want = append(want, escaped(strings.TrimSpace(p.(map[string]any)["summary"].(string)))) // the founder sees other customers' cases
	}
	for _, fact := range trace["facts"].([]any) {
		want = append(want, "<td>"+fact.(map[string]any)["name"].(string)+"</td>")
	}
	for _, w := range want {
		if !strings.Contains(page, w) {
			t.Errorf("the founder page lacks %q", w)
		}
	}
}

func TestFounderPageInTheDashboard(t *testing.T) {
	d := newDashboard(t, dz.RoleOwner)
	esc := d.decide(t, "mosaic-hr", legalThreat)
	page := d.open(t, "/app/decisions/"+esc)
	for _, w := range []string{`aria-current="page">Decisions`, `id="resolve"`, `action="/app/decisions/` + esc + `/feedback"`,
		"The hard stop escalation/legal-threat held", "Make a new public link"} {
		if !strings.Contains(page, w) {
			t.Errorf("the decision page of an escalation lacks %q", w)
		}
	}
	csrf := csrfOf(t, page)
	if s, _, _ := d.post("/app/decisions/"+esc+"/public-link", url.Values{}); s != http.StatusForbidden {
		t.Errorf("a new public link without the CSRF token = %d, want 403", s)
	}
	s, _, page := d.post("/app/decisions/"+esc+"/public-link", url.Values{"csrf": {csrf}})
	_, rest, ok := strings.Cut(page, `id="public-url">`)
	if s != http.StatusOK || !ok {
		t.Fatalf("new public link = %d, want the page with the link", s)
	}
	link, _, _ := strings.Cut(rest, "<")
	pub := strings.Replace(link, "http://dz.test", d.base, 1)
	if status, _, body := fetch(t, pub); status != http.StatusOK || !strings.Contains(body, `id="verify"`) {
		t.Errorf("the new public link %s = %d", pub, status)
	}
	// Resolving from the page returns to it.
	form := url.Values{"csrf": {csrf}, "kind": {"resolve"}, "outcome": {"escalate"}, "note": {"I will call them."}, "next": {"/app/decisions/" + esc}}
	s, loc, _ := d.post("/app/decisions/"+esc+"/feedback", form)
	if s != http.StatusSeeOther || !strings.HasPrefix(loc, "/app/decisions/"+esc+"?done=") {
		t.Fatalf("resolve = %d → %q", s, loc)
	}
	page = d.open(t, loc)
	if !strings.Contains(page, "I will call them.") {
		t.Error("the feedback is not on the decision page")
	}
	if !strings.Contains(page, "Your decision was recorded") {
		t.Error("the decision page does not say what the form did")
	}
}
