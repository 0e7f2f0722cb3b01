package http_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
)

// dashboard is a signed-in owner's browser on a real server over SQLite
// with the demo context, and an API key of the same workspace.
type dashboard struct {
	*browser
	key   string
	store dz.Store
	page  string // the last page fetched
}

func newDashboard(t *testing.T, role string) *dashboard {
	t.Helper()
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	key := seed(t, store, "acme")
	ws, _ := store.WorkspaceBySlug(t.Context(), "acme")
	hash, err := dzhttp.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreateUser(t.Context(), &dz.User{WorkspaceID: ws.ID, Email: "dana@example.com", Role: role}, hash); err != nil {
		t.Fatal(err)
	}
	srv := dzhttp.New(dzhttp.Config{Store: store, Now: func() time.Time { return testNow }, BaseURL: "http://dz.test"})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	d := &dashboard{browser: newBrowser(t, ts.URL), key: key, store: store}
	if s, _, _ := d.post("/login", url.Values{"email": {"dana@example.com"}, "password": {"correct horse battery"}}); s != http.StatusSeeOther {
		t.Fatalf("sign-in = %d", s)
	}
	return d
}

// decide makes a decision through the API and returns its id.
func (d *dashboard) decide(t *testing.T, entity, request string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"request": request, "context": map[string]string{"entity": entity}})
	req, _ := http.NewRequest("POST", d.base+"/api/v1/decisions", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+d.key)
	resp, err := d.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var dec dz.Decision
	if err := json.NewDecoder(resp.Body).Decode(&dec); err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("decide = %d %v", resp.StatusCode, err)
	}
	return dec.ID
}

// open fetches a page that must answer 200 and keeps it.
func (d *dashboard) open(t *testing.T, path string) string {
	t.Helper()
	s, loc, page := d.get(path)
	if s != http.StatusOK {
		t.Fatalf("GET %s = %d (→ %s)", path, s, loc)
	}
	d.page = page
	return page
}

const legalThreat = "I want the $290 from October 17 refunded by Friday. If it isn't, our lawyers will be in touch."

func TestDraftsApproveEditReject(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	a := d.decide(t, "brightline", "I'm furious. Your outage on October 14 kept our status page green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund.")
	b := d.decide(t, "brightline", "Your outage on October 14 hurt us. We were charged $290 on October 1. Please refund it.")
	c := d.decide(t, "brightline", "The October 14 outage cost us a day. Refund the $290 charge from October 1 please.")
	page := d.open(t, "/app/drafts")
	for _, id := range []string{a, b, c} {
		if !strings.Contains(page, "/app/decisions/"+id+"/feedback") {
			t.Fatalf("draft %s is not on the Drafts page", id)
		}
	}
	csrf := csrfOf(t, page)
	if s, loc, _ := d.post("/app/decisions/"+a+"/feedback", url.Values{"csrf": {csrf}, "kind": {"approve"}, "next": {"/app/drafts"}}); s != http.StatusSeeOther || loc != "/app/drafts?done=approve" {
		t.Fatalf("approve = %d → %q", s, loc)
	}
	if s, _, _ := d.post("/app/decisions/"+b+"/feedback", url.Values{"csrf": {csrf}, "kind": {"edit"}, "response": {"Hi Dana,\r\nRefunded in full."}, "next": {"/app/drafts"}}); s != http.StatusSeeOther {
		t.Fatalf("edit = %d", s)
	}
	if s, _, page := d.post("/app/decisions/"+c+"/feedback", url.Values{"csrf": {csrf}, "kind": {"reject"}, "next": {"/app/drafts"}}); s != http.StatusBadRequest || !strings.Contains(page, "say why") {
		t.Fatalf("reject without a reason = %d", s)
	}
	if s, _, _ := d.post("/app/decisions/"+c+"/feedback", url.Values{"kind": {"reject"}, "note": {"too generous"}}); s != http.StatusForbidden {
		t.Fatalf("a review without the CSRF token = %d, want 403", s)
	}
	if s, _, _ := d.post("/app/decisions/"+c+"/feedback", url.Values{"csrf": {csrf}, "kind": {"reject"}, "note": {"too generous"}, "next": {"/app/drafts"}}); s != http.StatusSeeOther {
		t.Fatalf("reject = %d", s)
	}
	// Approve and send with a changed reply box is an edit, not an approval as written.
	e := d.decide(t, "brightline", "Our October 14 outage day: please refund the $290 charged on October 1.")
	if s, loc, _ := d.post("/app/decisions/"+e+"/feedback", url.Values{"csrf": {csrf}, "kind": {"approve"}, "response": {"Hi Dana,\r\nAll $290 is on its way back."}, "next": {"/app/drafts"}}); s != http.StatusSeeOther || loc != "/app/drafts?done=edit" {
		t.Fatalf("approve with a changed reply = %d → %q, want the edit's note", s, loc)
	}
	if fbs, _ := d.store.Feedback(t.Context(), 1, e); len(fbs) != 1 || fbs[0].Kind != "edit" || fbs[0].Response != "Hi Dana,\nAll $290 is on its way back." {
		t.Errorf("feedback on a draft approved with a changed reply = %+v, want an edit with the reply sent", fbs)
	}
	page = d.open(t, "/app/drafts?done=reject")
	if strings.Contains(page, a) || strings.Contains(page, b) || strings.Contains(page, c) || !strings.Contains(page, "Rejected") {
		t.Error("reviewed drafts are still listed, or the note is missing")
	}
	fbs, _ := d.store.Feedback(t.Context(), 1, b)
	if len(fbs) != 1 || fbs[0].Kind != "edit" || fbs[0].Response != "Hi Dana,\nRefunded in full." {
		t.Errorf("feedback on the edited draft = %+v", fbs)
	}
}

func TestNeedsYouAndDecisionsList(t *testing.T) {
	d := newDashboard(t, dz.RoleOwner)
	esc := d.decide(t, "mosaic-hr", legalThreat)
	draft := d.decide(t, "brightline", "Your outage on October 14 hurt us. We were charged $290 on October 1. Please refund it.")
	page := d.open(t, "/app/")
	if !strings.Contains(page, "/app/decisions/"+esc) || strings.Contains(page, "/app/decisions/"+draft+"\"") {
		t.Errorf("Needs you should list the escalation %s and not the draft", esc)
	}
	if !strings.Contains(page, "1 draft to review") {
		t.Errorf("Needs you does not count the waiting draft")
	}
	page = d.open(t, "/app/decisions?outcome=escalate")
	if !strings.Contains(page, esc) || strings.Contains(page, draft) {
		t.Error("outcome filter")
	}
	page = d.open(t, "/app/decisions?q=lawyers&since=2026-11-01&until=2026-11-16")
	if !strings.Contains(page, esc) || strings.Contains(page, draft) {
		t.Error("word and date filter")
	}
	if s, _, page := d.get("/app/decisions?since=yesterday"); s != http.StatusBadRequest || !strings.Contains(page, "a date like") {
		t.Errorf("a bad date = %d", s)
	}
	if s, _, _ := d.get("/app/decisions?outcome=maybe"); s != http.StatusBadRequest {
		t.Errorf("a bad outcome = %d", s)
	}
}
