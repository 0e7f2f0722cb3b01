package http_test

import (
	"encoding/json"
	"html/template"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz/internal/audit"
	dzhttp "github.com/delegatezero/dz/internal/http"
)

// pageClient fetches pages without the OpenAPI check (its decoder does
// not read text/html) and without following redirects.
var pageClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// fetch GETs url with headers given as "Name: value" and returns the
// status, the headers and the body. JSON goes through http.DefaultClient,
// so the OpenAPI check sees it.
func fetch(t *testing.T, url string, headers ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := pageClient
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
		if k == "Accept" && strings.Contains(v, "json") {
			client = http.DefaultClient
		}
	}
	if strings.Contains(url, "format=json") {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// decide makes a decision over the API and returns it.
func (f *fixture) decide(t *testing.T, body string) map[string]any {
	t.Helper()
	status, dec := f.call(t, "POST", "/api/v1/decisions", f.key, body)
	if status != http.StatusCreated && status != http.StatusAccepted {
		t.Fatalf("POST /api/v1/decisions = %d %v", status, dec)
	}
	return dec
}

// publicURL is a decision's public page on the test server.
func (f *fixture) publicURL(dec map[string]any) string {
	return strings.Replace(dec["public_audit_url"].(string), "http://dz.test", f.url, 1)
}

// textTemplate writes its data as html/template does in text.
var textTemplate = template.Must(template.New("text").Parse("{{.}}"))

// escaped is s as the pages write it in text.
func escaped(s string) string {
	var b strings.Builder
	if err := textTemplate.Execute(&b, s); err != nil {
		panic(err)
	}
	return b.String()
}

// pageHeadersOK checks the headers every audit page sends.
func pageHeadersOK(t *testing.T, h http.Header) {
	t.Helper()
	for name, want := range map[string]string{
		"Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff",
		"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
	} {
		if got := h.Get(name); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, part := range []string{"frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"} {
		if !strings.Contains(csp, part) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, part)
		}
	}
	if strings.Contains(csp, "script-src") && !strings.Contains(csp, "script-src 'none'") {
		t.Errorf("Content-Security-Policy %q allows scripts", csp)
	}
}

const kestrelSLA = `{"request": "Our checks were down on October 14 for hours. What credit do we get under our SLA?", "context": {"entity": "kestrel"}}`

func TestPublicAuditPageShowsTheRecordNotWhatIsHidden(t *testing.T) {
	f := newFixture(t)
	dec := f.decide(t, founding)
	id := dec["id"].(string)
	_, full := f.call(t, "GET", "/api/v1/decisions/"+id, f.key, "")
	status, h, page := fetch(t, f.publicURL(dec))
	if status != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("public page = %d %s", status, h.Get("Content-Type"))
	}
	pageHeadersOK(t, h)
	reply := dec["response"].(string)
	if reply == "" || !strings.Contains(page, escaped(reply)) {
		t.Errorf("the public page does not show the reply %q", reply)
	}
	for _, want := range []string{"Refund policy", escaped("Any charge can be refunded in full within 30 days"), "refund-46-days-after-march-outage",
		`id="verify"`, "dz audit verify " + dec["public_audit_url"].(string), "withheld (committed: ", `name="viewport"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the public page lacks %q", want)
		}
	}
	// The precedents' summaries speak of other customers: hidden by default, shown to the founder.
	var summaries int
	for _, p := range full["trace"].(map[string]any)["precedents"].([]any) {
		s := p.(map[string]any)["summary"].(string)
		if strings.Contains(page, escaped(s)) || strings.Contains(page, escaped(s[:40])) {
			t.Errorf("the public page shows another customer's case: %q", s)
		}
		summaries++
	}
	if summaries == 0 {
		t.Fatal("the founding decision cites no precedent; the test needs one")
	}
	for _, hidden := range []string{"card expired, update", "Dana runs their ops team"} {
		if strings.Contains(page, hidden) {
			t.Errorf("the public page shows the entity's private notes: %q", hidden)
		}
	}
	if !strings.Contains(page, "fact/entity/mrr</span> — withheld") {
		t.Errorf("the MRR fact is not listed as withheld")
	}

	// A customer with a distinctive MRR (2,400, so 28,800 a year at risk) and private notes.
	dec = f.decide(t, kestrelSLA)
	_, _, page = fetch(t, f.publicURL(dec))
	for _, hidden := range []string{"2400", "2,400", "28800", "28,800", "Legal reviews every renewal", "custom SLA appendix", "KH-2024-11"} {
		if strings.Contains(page, hidden) {
			t.Errorf("the public page of a Kestrel decision shows %q, which the workspace hides", hidden)
		}
	}
	if !strings.Contains(page, escaped(dec["response"].(string))) {
		t.Errorf("the Kestrel page does not show its reply")
	}
}

func TestPublicAuditJSONVerifiesAndLinksRevoke(t *testing.T) {
	f := newFixture(t)
	dec := f.decide(t, founding)
	id, pub := dec["id"].(string), f.publicURL(dec)
	_, pk := f.call(t, "GET", "/api/v1/audit/public-key", "", "")
	key := pk["key"].(string)
	for _, req := range []struct{ url, accept string }{{pub, "Accept: application/json"}, {pub + "?format=json", "Accept: text/html"}} {
		status, h, body := fetch(t, req.url, req.accept)
		if status != http.StatusOK || h.Get("Content-Type") != "application/json" {
			t.Fatalf("%s (%s) = %d %s", req.url, req.accept, status, h.Get("Content-Type"))
		}
		var b audit.Bundle
		if err := json.Unmarshal([]byte(body), &b); err != nil {
			t.Fatal(err)
		}
		v, err := audit.Verify(&b, key)
		if err != nil {
			t.Fatalf("the public bundle does not verify: %v", err)
		}
		if v.Redacted == 0 || b.Record.DecisionID != id {
			t.Errorf("public bundle: %d withheld, decision %s; want hidden fields withheld", v.Redacted, b.Record.DecisionID)
		}
		for _, fld := range b.Record.Fields {
			if strings.HasPrefix(fld.Name, "precedent-summary/") && !fld.Redacted() {
				t.Errorf("the public bundle shows %s", fld.Name)
			}
		}
		// The HTML page shows the same leaf hash the bundle proves.
		if _, _, page := fetch(t, pub); !strings.Contains(page, b.LeafHash) {
			t.Errorf("the page does not show the leaf hash %s", b.LeafHash)
		}
	}

	if s, _ := f.call(t, "DELETE", "/api/v1/decisions/"+id+"/public-link", f.key, ""); s != http.StatusNoContent {
		t.Fatalf("revoke = %d", s)
	}
	status, h, page := fetch(t, pub)
	if status != http.StatusNotFound || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(page, "No record here") {
		t.Errorf("a revoked link = %d %s, want a plain 404 page", status, h.Get("Content-Type"))
	}
	pageHeadersOK(t, h)
	if status, h, _ := fetch(t, pub, "Accept: application/json"); status != http.StatusNotFound || h.Get("Content-Type") != "application/problem+json" {
		t.Errorf("a revoked link as JSON = %d %s, want a 404 problem", status, h.Get("Content-Type"))
	}
	s, link := f.call(t, "POST", "/api/v1/decisions/"+id+"/public-link", f.key, "")
	if s != http.StatusCreated {
		t.Fatalf("new link = %d %v", s, link)
	}
	if status, _, page := fetch(t, f.publicURL(link)); status != http.StatusOK || !strings.Contains(page, escaped(dec["response"].(string))) {
		t.Errorf("the new link = %d, want the page", status)
	}
	if status, _, _ := fetch(t, pub); status != http.StatusNotFound {
		t.Errorf("the revoked link opens again after a new one was made: %d", status)
	}
	for _, bad := range []string{"/audit/nope", "/audit/" + strings.Repeat("a", 200), "/audit/" + id} {
		if status, _, _ := fetch(t, f.url+bad); status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", bad, status)
		}
	}
}

func TestPublicAuditPageOfAPendingDecision(t *testing.T) {
	f := newFixture(t)
	dec := f.decide(t, strings.Replace(founding, `{"request"`, `{"mode": "async", "request"`, 1))
	pub := f.publicURL(dec)
	status, _, page := fetch(t, pub)
	if status != http.StatusOK || !strings.Contains(page, "Not decided yet") || strings.Contains(page, `id="verify"`) {
		t.Fatalf("a pending decision's page = %d, want one saying it is not decided yet", status)
	}
	if status, _, _ := fetch(t, pub, "Accept: application/json"); status != http.StatusNotFound {
		t.Errorf("a pending decision's bundle = %d, want 404", status)
	}
	srv := dzhttp.New(dzhttp.Config{Store: f.store, Now: func() time.Time { return testNow }})
	if n, err := srv.ProcessAsync(t.Context()); err != nil || n != 1 {
		t.Fatalf("ProcessAsync = %d, %v", n, err)
	}
	if status, _, page := fetch(t, pub); status != http.StatusOK || !strings.Contains(page, `id="verify"`) {
		t.Errorf("once decided, the same link = %d, want the record", status)
	}
}
