package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// foundingMessage is the founding scenario's e-mail (examples/acme-saas/README.md).
const foundingMessage = "Maya, I'm honestly furious. Your monitoring went dark on October 14 and our public status page kept showing all green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund. We've been with you 14 months and our renewal is in three weeks."

func TestTryShowsTheFoundingScenariosTrace(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/try")
	for _, want := range []string{`<label for="message">`, `<label for="entity">`, `<label for="facts">`, `<option value="billing"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the Try it form lacks %q", want)
		}
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "message": {foundingMessage}, "entity": {"brightline"}, "facts": {"outage_claimed=true\n"}}
	s, _, page := d.post("/app/try", form)
	if s != http.StatusOK {
		t.Fatalf("try = %d:\n%s", s, page)
	}
	for _, want := range []string{
		`Outcome: <span class="badge draft">draft</span>`,
		"<h3>Reply</h3>", "<h3>Actions</h3>", "<li>refund",
		"<td>outage_claimed</td><td>true</td><td>caller</td>",
		"<td>days_since_charge</td><td>46</td>",
		`past-window-after-outage`,
		`<h3>Precedents</h3>`, `<td class="score">0.`,
		"<h3>Confidence</h3>", "What would change the outcome",
		`/app/context/entity/brightline`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the trace lacks %q", want)
		}
	}
	if !strings.Contains(page, "our public status page kept showing all green") {
		t.Error("the form does not keep the message")
	}
	ws, _ := d.store.WorkspaceBySlug(t.Context(), "acme")
	if recs, _, _ := d.store.Decisions(t.Context(), dz.DecisionFilter{WorkspaceID: ws.ID}); len(recs) != 0 {
		t.Errorf("a dry run was recorded: %d decisions", len(recs))
	}
}

func TestTryReportsBadInputOnTheForm(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	csrf := csrfOf(t, d.open(t, "/app/try"))
	for _, c := range []struct{ name, message, facts, profile, want string }{
		{"bad fact line", "refund please", "Amount: 290", "", "facts line 1"},
		{"fact of the wrong kind", "refund please", "amount=lots", "", "amount"},
		{"empty message", "  ", "", "", "request is empty"},
		{"unknown profile", "refund please", "", "nosuch", "profile &#34;nosuch&#34;"},
	} {
		s, _, page := d.post("/app/try", url.Values{"csrf": {csrf}, "message": {c.message}, "facts": {c.facts}, "profile": {c.profile}})
		if s != http.StatusBadRequest || !strings.Contains(page, c.want) || !strings.Contains(page, `role="alert"`) {
			t.Errorf("%s = %d, want 400 saying %q", c.name, s, c.want)
		}
	}
}

// TestEveryDashboardFormNeedsCSRF posts each form of the Context, Settings
// and Try it pages without the session's token: every one is refused and
// nothing changes.
func TestEveryDashboardFormNeedsCSRF(t *testing.T) {
	d := newDashboard(t, dz.RoleOwner)
	d.open(t, "/app/settings")
	before := len(d.versions(t, dz.TypeEntity, "brightline"))
	for _, path := range []string{"/app/context/new", "/app/context/entity/brightline", "/app/context/entity/brightline/delete",
		"/app/context/import/archive", "/app/context/import/csv", "/app/settings", "/app/settings/keys", "/app/settings/keys/dzk_x/revoke",
		"/app/settings/webhooks", "/app/settings/webhooks/whk_x/delete", "/app/settings/users", "/app/settings/users/1/delete", "/app/settings/password", "/app/try"} {
		form := url.Values{"type": {"entity"}, "text": {"id: brightline\nname: B\n"}, "csv": {"id,name\nz,Z\n"}, "message": {"refund"},
			"email": {"x@example.com"}, "password": {"a long enough one"}, "url": {"https://93.184.216.34/"}, "draft_floor": {"0.5"},
			"current": {"correct horse battery"}, "repeat": {"a long enough one"}}
		if s, _, _ := d.post(path, form); s != http.StatusForbidden {
			t.Errorf("POST %s without the CSRF token = %d, want 403", path, s)
		}
		if s, _, _ := d.upload(t, path, map[string]string{"csv": "id,name\nz,Z\n"}, nil); s != http.StatusForbidden {
			t.Errorf("multipart POST %s without the CSRF token = %d, want 403", path, s)
		}
	}
	if after := len(d.versions(t, dz.TypeEntity, "brightline")); after != before {
		t.Errorf("a refused form changed brightline: %d versions, had %d", after, before)
	}
	if vs := d.versions(t, dz.TypeEntity, "z"); len(vs) != 0 {
		t.Error("a refused CSV import stored entities")
	}
}
