package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/browsertest"
)

// downgrade is the demo inbox's learnable escalation: an unknown sender
// asks how to change plans, and no policy says what to do.
const downgrade = "We'd like to downgrade from Operator to Starter from next month. How do we do that?"

// A founder who has never seen the dashboard, in real Chromium, on the
// server `dz serve --demo` starts: signs in with the printed password from
// the keyboard, dry-runs a request, approves a draft in one click,
// resolves an escalation into a precedent, and sees the same request
// handled the way they taught it; the public audit pages withhold what
// the workspace hides, and every form control on the way has a label.
func TestDashboardEndToEndInChromium(t *testing.T) {
	ctx := browsertest.Context(t) // first: without a browser it skips before starting a server
	d := serveDemo(t)
	b := newTab(t, ctx, d.base)

	signIn(t, d, b)
	tried := tryIt(t, d, b, "try-it-before")
	if tried.Decision != dz.OutcomeEscalate {
		t.Fatalf("the downgrade question dry-runs as %s; the demo needs it to escalate before it is taught", tried.Decision)
	}
	draftID := approveDraft(t, d, b)
	escID := findEscalation(t, b, tried.Title)
	precedent := resolve(t, d, b, escID)
	again := resubmit(t, d, b, escID, precedent)

	after := tryIt(t, d, b, "try-it-after")
	if after.Decision == dz.OutcomeEscalate || !cites(after, precedent) {
		t.Errorf("Try it after teaching: %s citing %v; want another outcome citing %s", after.Decision, precedentIDs(after), precedent)
	}

	checkPublicPage(t, d, b, again.ID, again.PublicAuditURL, "audit-public-resubmitted")
	if !strings.Contains(b.text("body"), precedent) {
		t.Errorf("the public page does not name the precedent %s the decision rests on", precedent)
	}
	withheld := checkPublicPage(t, d, b, draftID, newPublicLink(t, b, draftID), "audit-public-approved-draft")
	if !slices.Contains(withheld, "fact/entity/mrr") {
		t.Errorf("the approved draft's public page withholds %v; want the customer's MRR among them", withheld)
	}
	tour(t, b, precedent)
}

// tour opens every page of the main navigation, the forms the Context
// page leads to, and the precedent the founder taught with its history;
// each must load with its controls labelled (load checks them).
func tour(t *testing.T, b *tab, precedent string) {
	b.open("/app/")
	links := eval[[]string](b, `Array.from(document.querySelectorAll('nav[aria-label=Main] a')).map(a => a.getAttribute('href'))`)
	if len(links) < 7 {
		t.Errorf("the main navigation has %d links: %v", len(links), links)
	}
	entry := "/app/context/precedent/" + precedent
	for _, p := range append(links, "/app/context/new", "/app/context/import", "/app/decisions?outcome=escalate&q=downgrade",
		entry, entry+"/history", entry+"/delete") {
		b.open(p)
		if b.text("h1") == "" {
			t.Errorf("%s has no heading", p)
		}
	}
	b.open(entry)
	if page := eval[string](b, `document.body.innerText`); !strings.Contains(page, resolveNote) {
		t.Errorf("the precedent %s does not carry the founder's note %q", precedent, resolveNote)
	}
	b.screenshot("precedent")
}

// signIn opens the dashboard, lands on the sign-in form, and completes it
// with the keyboard only: type, Tab, type, Enter.
func signIn(t *testing.T, d *demoServer, b *tab) {
	b.open("/")
	if p := b.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("a stranger opening / is at %s, want the sign-in page", p)
	}
	if n := b.labelled("sign-in"); n != 2 {
		t.Errorf("sign-in: %d labelled controls, want e-mail and password", n)
	}
	focused := func() string { return eval[string](b, `document.activeElement ? document.activeElement.id : ''`) }
	for i := 0; focused() != "email" && i < 5; i++ { // autofocus puts it there; Tab gets there too
		b.step("tab to the e-mail field", chromedp.KeyEvent(kb.Tab))
	}
	if f := focused(); f != "email" {
		t.Fatalf("the keyboard cannot reach the e-mail field (focus is on %q)", f)
	}
	b.step("type the e-mail", chromedp.KeyEvent(d.email), chromedp.KeyEvent(kb.Tab))
	if f := focused(); f != "password" {
		t.Fatalf("Tab from the e-mail field went to %q, want the password", f)
	}
	b.step("type the password", chromedp.KeyEvent(d.password))
	b.screenshot("sign-in")
	b.load("press Enter to sign in", chromedp.KeyEvent(kb.Enter))
	if p := b.path(); p != "/app/" || b.text("h1") != "Needs you" {
		t.Fatalf("after signing in: %s showing %q, want Needs you at /app/", p, b.text("h1"))
	}
	if who := b.text(".who span"); !strings.Contains(who, d.email) {
		t.Errorf("the header shows %q, not who is signed in", who)
	}
	b.screenshot("needs-you")
}

// tryIt dry-runs the downgrade question in Try it and checks the page
// shows the trace the API's own dry run returns: the same outcome, policy
// rules and precedents. Nothing is recorded.
func tryIt(t *testing.T, d *demoServer, b *tab, name string) *dz.Decision {
	stored := listedDecisions(t, d.api)
	b.open("/app/try")
	b.step("type the message", chromedp.SendKeys(chromedp.CSS("#message"), downgrade))
	b.load("run the dry run", chromedp.Click(chromedp.CSS(`form[action="/app/try"] button[type=submit]`)))
	b.screenshot(name)
	want, err := d.api.Decide(t.Context(), &dz.Request{Request: downgrade, Instructions: dz.Instructions{DryRun: true}})
	if err != nil {
		t.Fatalf("the API's dry run: %v", err)
	}
	if got := b.text("#result-h .badge"); got != string(want.Decision) {
		t.Errorf("%s: Try it shows outcome %q; the API's dry run decided %q", name, got, want.Decision)
	}
	if got := b.text("h2#result-h ~ p strong"); got != want.Title {
		t.Errorf("%s: Try it shows the title %q, want %q", name, got, want.Title)
	}
	var rules []string
	for _, p := range want.Trace.Policies {
		for _, r := range p.Rules {
			rules = append(rules, p.ID+"/"+r.ID)
		}
	}
	shownRules := eval[[]string](b, tableColumn("Policy rules", `r.cells.length > 1 ? r.cells[0].innerText.replace(/ \(stale\)$/, '') + '/' + r.cells[1].innerText : ''`))
	if len(rules) == 0 || !slices.Equal(shownRules, rules) {
		t.Errorf("%s: Try it lists the policy rules %v; the trace has %v", name, shownRules, rules)
	}
	if shown := eval[[]string](b, tableColumn("Precedents", `r.cells.length > 1 ? r.cells[0].innerText : ''`)); !slices.Equal(shown, precedentIDs(want)) {
		t.Errorf("%s: Try it lists the precedents %v; the trace has %v", name, shown, precedentIDs(want))
	}
	if n := listedDecisions(t, d.api); n != stored {
		t.Errorf("%s: dry runs stored %d decisions", name, n-stored)
	}
	return want
}

// tableColumn is JavaScript listing a value per row of the table after
// the h3 with the given heading, leaving out empty ones.
func tableColumn(heading, cell string) string {
	return `(() => { const h = Array.from(document.querySelectorAll('h3')).find(h => h.textContent.trim() === '` + heading + `');
  let el = h && h.nextElementSibling; while (el && !el.querySelector('table')) el = el.nextElementSibling;
  if (!el) return [];
  return Array.from(el.querySelectorAll('tbody tr')).map(r => ` + cell + `).filter(Boolean); })()`
}

// approveDraft approves the first waiting draft with one click on Drafts
// and checks it left the list and was recorded as approved.
func approveDraft(t *testing.T, d *demoServer, b *tab) string {
	b.open("/app/drafts")
	ids := draftIDs(b)
	if len(ids) == 0 {
		t.Fatal("the demo's Drafts page lists no draft")
	}
	b.screenshot("drafts")
	id := ids[0]
	b.load("approve "+id, chromedp.Click(chromedp.CSS(`form[action="/app/decisions/`+id+`/feedback"] button[value=approve]`)))
	if p := b.path(); !strings.HasPrefix(p, "/app/drafts") {
		t.Errorf("after approving: at %s, want Drafts", p)
	}
	if b.text(".flash") == "" {
		t.Error("approving a draft says nothing")
	}
	if left := draftIDs(b); slices.Contains(left, id) || len(left) != len(ids)-1 && len(ids) < 20 {
		t.Errorf("after approving %s the drafts are %v (before: %v)", id, left, ids)
	}
	b.screenshot("drafts-approved")
	var fb struct{ Data []dz.Feedback }
	d.getJSON(t, "/api/v1/decisions/"+id+"/feedback", &fb)
	if len(fb.Data) != 1 || fb.Data[0].Kind != "approve" {
		t.Errorf("the approved draft's feedback is %+v, want one approve", fb.Data)
	}
	return id
}

// draftIDs lists the decisions the Drafts page shows, in order.
func draftIDs(b *tab) []string {
	return eval[[]string](b, `Array.from(document.querySelectorAll('article.card h3 a')).map(a => a.getAttribute('href').replace('/app/decisions/', ''))`)
}

// findEscalation finds on Needs you the one escalation with the title the
// dry run gave the same request, and returns its decision id.
func findEscalation(t *testing.T, b *tab, title string) string {
	b.open("/app/")
	ids := eval[[]string](b, `Array.from(document.querySelectorAll('article.card h3 a')).filter(a => a.textContent.trim() === `+jsString(title)+`).map(a => a.getAttribute('href').replace('/app/decisions/', ''))`)
	if len(ids) != 1 {
		t.Fatalf("Needs you lists %d escalations titled %q, want the demo's one", len(ids), title)
	}
	return ids[0]
}

// resolveNote is why the founder resolved the escalation as they did.
const resolveNote = "Plan changes are self-serve: point them to Settings → Billing."

// resolve opens the escalation from its "Resolve it" link, answers it with
// "make it a precedent" left on, and returns the precedent it became.
func resolve(t *testing.T, d *demoServer, b *tab, id string) string {
	b.load("follow Resolve it", chromedp.Click(chromedp.CSS(`a[href="/app/decisions/`+id+`#resolve"]`)))
	if q := b.text("blockquote.quote"); q != downgrade {
		t.Fatalf("the escalation's page quotes %q, want the downgrade question", q)
	}
	if !eval[bool](b, `document.querySelector('#resolve input[name=make_precedent]').checked`) {
		t.Error(`"Make this a precedent" is not on by default`)
	}
	if !eval[bool](b, checkboxBesideText(`#resolve input[name=make_precedent]`)) {
		t.Error(`the "Make this a precedent" checkbox is not on the line of its label's text`)
	}
	const reply = "You can switch plans yourself under Settings → Billing; the change applies from your next renewal."
	b.step("fill in the resolution",
		chromedp.SetValue(chromedp.CSS("#resolve-outcome"), "execute"),
		chromedp.SendKeys(chromedp.CSS("#resolve-action"), "reply"),
		chromedp.Clear(chromedp.CSS("#resolve-reply")),
		chromedp.SendKeys(chromedp.CSS("#resolve-reply"), reply),
		chromedp.SendKeys(chromedp.CSS("#resolve-note"), resolveNote))
	b.screenshot("escalation-resolving")
	b.load("record the decision", chromedp.Click(chromedp.CSS(`#resolve button[type=submit]`)))
	precedent := b.text(`section[aria-labelledby=fb-h] li .hash`)
	if !strings.HasPrefix(precedent, "founder-") {
		t.Fatalf("after resolving, the decision's feedback names precedent %q, want a founder- precedent", precedent)
	}
	b.screenshot("escalation-resolved")
	b.open("/app/")
	if eval[bool](b, `!!document.querySelector('a[href="/app/decisions/`+id+`#resolve"]')`) {
		t.Error("the resolved escalation is still waiting on Needs you")
	}
	var fb struct{ Data []dz.Feedback }
	d.getJSON(t, "/api/v1/decisions/"+id+"/feedback", &fb)
	if len(fb.Data) != 1 || fb.Data[0].Kind != "resolve" || fb.Data[0].Precedent != precedent || fb.Data[0].Response != reply {
		t.Errorf("the escalation's feedback is %+v, want the resolution with its reply and precedent %s", fb.Data, precedent)
	}
	return precedent
}

// resubmit sends the same request through the API and checks it now gets
// a better-supported outcome citing the precedent; the dashboard shows
// the new decision with it.
func resubmit(t *testing.T, d *demoServer, b *tab, firstID, precedent string) *dz.Decision {
	first, err := d.api.Decision(t.Context(), firstID)
	if err != nil {
		t.Fatal(err)
	}
	again, err := d.api.Decide(t.Context(), &dz.Request{Request: downgrade})
	if err != nil {
		t.Fatalf("resubmit: %v", err)
	}
	if again.Trace == nil {
		if again, err = d.api.Decision(t.Context(), again.ID); err != nil || again.Trace == nil {
			t.Fatalf("the resubmitted decision has no trace (%v)", err)
		}
	}
	if again.Decision == dz.OutcomeEscalate || again.Confidence <= first.Confidence || !cites(again, precedent) {
		t.Errorf("resubmitted: %s at %.3f citing %v; want a better-supported outcome than %s at %.3f, citing %s",
			again.Decision, again.Confidence, precedentIDs(again), first.Decision, first.Confidence, precedent)
	}
	if again.PublicAuditURL == "" {
		t.Fatal("the resubmitted decision came back without a public audit link")
	}
	b.open("/app/decisions/" + again.ID)
	if got := b.text("h1 + p.meta .badge"); got != string(again.Decision) {
		t.Errorf("the dashboard shows the resubmitted decision as %q, want %q", got, again.Decision)
	}
	if shown := eval[[]string](b, tableColumn("Precedents", `r.cells.length > 1 ? r.cells[0].innerText : ''`)); !slices.Contains(shown, precedent) {
		t.Errorf("the resubmitted decision's page lists the precedents %v, not %s", shown, precedent)
	}
	b.screenshot("resubmitted")
	return again
}

// newPublicLink makes a fresh public link from the decision's page and
// returns it.
func newPublicLink(t *testing.T, b *tab, id string) string {
	b.open("/app/decisions/" + id)
	b.load("make a new public link", chromedp.Click(chromedp.CSS(`form[action="/app/decisions/`+id+`/public-link"] button`)))
	u := eval[string](b, `(() => { const a = document.querySelector('#public-url'); return a ? a.href : ''; })()`)
	if !strings.HasPrefix(u, b.base+"/audit/") {
		t.Fatalf("after making a new public link the page shows %q", u)
	}
	b.screenshot("approved-draft-link")
	return u
}

// checkboxBesideText is JavaScript telling whether a checkbox is a box
// on the same line as its label's text, not stretched across the form
// with its words on the next line.
func checkboxBesideText(css string) string {
	return `(() => { const cb = document.querySelector(` + jsString(css) + `), label = cb && cb.labels[0];
  if (!label) return false;
  const text = Array.from(label.childNodes).find(n => n.nodeType === 3 && n.nodeValue.trim());
  if (!text) return false;
  const range = document.createRange(); range.selectNodeContents(text);
  const box = cb.getBoundingClientRect(), line = range.getClientRects()[0];
  return box.width < 40 && box.bottom > line.top && box.top < line.bottom; })()`
}

// cites reports whether a decision's trace cites the precedent.
func cites(d *dz.Decision, precedent string) bool {
	return slices.Contains(precedentIDs(d), precedent)
}

// precedentIDs lists the precedents a decision's trace cites, in order.
func precedentIDs(d *dz.Decision) []string {
	var ids []string
	if d.Trace != nil {
		for _, p := range d.Trace.Precedents {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`).Replace(s) + "'"
}
