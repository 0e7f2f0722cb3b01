package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// settingsForm is the Settings page's settings form as the page fills it.
func settingsForm(t *testing.T, page string) url.Values {
	t.Helper()
	f := url.Values{"csrf": {csrfOf(t, page)}}
	for _, name := range []string{"risk_name_", "risk_when_", "risk_threshold_", "profile_name_", "profile_intents_", "profile_tags_", "profile_floor_"} {
		for i := 0; ; i++ {
			n := name + string(rune('0'+i))
			if !strings.Contains(page, `name="`+n+`"`) {
				break
			}
			f.Set(n, htmlUnescape(inputValue(page, n)))
		}
	}
	f.Set("draft_floor", inputValue(page, "draft_floor"))
	f.Set("tone", selectedOf(page, "tone"))
	f.Set("attribution", selectedOf(page, "attribution"))
	return f
}

// selectedOf is the value of the option selected in the page's select named name.
func selectedOf(page, name string) string {
	_, rest, _ := strings.Cut(page, `<select id="`+name+`" name="`+name+`">`)
	sel, _, _ := strings.Cut(rest, "</select>")
	_, after, ok := strings.Cut(sel, `" selected>`)
	if !ok {
		return ""
	}
	before := sel[:len(sel)-len(after)-len(`" selected>`)]
	return before[strings.LastIndex(before, `"`)+1:]
}

func TestSettingsOwnerChangesMakeANewVersion(t *testing.T) {
	d := newDashboard(t, dz.RoleOwner)
	page := d.open(t, "/app/settings")
	if !strings.Contains(page, "Save the settings") || !strings.Contains(page, `<label for="tone">`) {
		t.Fatal("the owner's Settings page has no settings form")
	}
	before := len(d.versions(t, dz.TypeSettings, "settings"))
	f := settingsForm(t, page)
	f.Set("risk_threshold_0", "1.5")
	s, _, page := d.post("/app/settings", f)
	if s != http.StatusUnprocessableEntity || !strings.Contains(page, "out of range") || !strings.Contains(page, `value="1.5"`) {
		t.Fatalf("a threshold of 1.5 = %d, want 422 with the problem and the value kept:\n%s", s, page)
	}
	f.Set("risk_threshold_0", "0.9")
	f.Set("risk_when_0", "facts.amount >")
	if s, _, page := d.post("/app/settings", f); s != http.StatusUnprocessableEntity || !strings.Contains(page, "does not compile") {
		t.Fatalf("a risk condition that does not compile = %d", s)
	}
	if n := len(d.versions(t, dz.TypeSettings, "settings")); n != before {
		t.Fatalf("settings with problems were stored: %d versions, had %d", n, before)
	}

	page = d.open(t, "/app/settings")
	f = settingsForm(t, page)
	if f.Get("tone") != "friendly" || f.Get("profile_name_2") != "" || f.Get("profile_name_1") == "" {
		t.Fatalf("the form does not hold the demo's settings: %v", f)
	}
	f.Set("draft_floor", "0.55")
	f.Set("tone", "formal")
	f.Set("profile_name_2", "vip")
	f.Set("profile_intents_2", "refund, complaint")
	f.Set("profile_floor_2", "0.7")
	if s, loc, _ := d.post("/app/settings", f); s != http.StatusSeeOther || loc != "/app/settings?done=saved" {
		t.Fatalf("good settings = %d → %s", s, loc)
	}
	vs := d.versions(t, dz.TypeSettings, "settings")
	if len(vs) != before+1 {
		t.Fatalf("settings versions = %d, want %d", len(vs), before+1)
	}
	page = d.open(t, "/app/settings")
	if inputValue(page, "draft_floor") != "0.55" || inputValue(page, "profile_name_2") != "vip" || selectedOf(page, "tone") != "formal" {
		t.Error("the saved settings are not shown")
	}
	page = d.open(t, "/app/context/settings/settings/history")
	if !strings.Contains(page, "<ins>+ draft_floor: 0.55</ins>") || !strings.Contains(page, "<ins>+ tone: formal</ins>") {
		t.Errorf("the settings history shows no diff:\n%s", page)
	}
	if s, loc, _ := d.post("/app/settings", settingsForm(t, d.open(t, "/app/settings"))); s != http.StatusSeeOther || loc != "/app/settings?done=same" {
		t.Errorf("saving unchanged settings = %d → %s", s, loc)
	}
}

func TestSettingsKeysWebhooksAndUsers(t *testing.T) {
	d := newDashboard(t, dz.RoleOwner)
	page := d.open(t, "/app/settings")
	csrf := csrfOf(t, page)
	s, _, page := d.post("/app/settings/keys", url.Values{"csrf": {csrf}, "name": {"support inbox"}, "profiles": {"billing"}})
	if s != http.StatusCreated || !strings.Contains(page, `<p class="secret">dzk_`) {
		t.Fatalf("create key = %d, want the secret shown", s)
	}
	secret := strings.SplitN(strings.SplitN(page, `<p class="secret">`, 2)[1], "<", 2)[0]
	if again := d.open(t, "/app/settings"); strings.Contains(again, secret) {
		t.Error("the key's secret is shown a second time")
	}
	ws, _ := d.store.WorkspaceBySlug(t.Context(), "acme")
	keys, _ := d.store.ListKeys(t.Context(), ws.ID)
	var made *dz.APIKey
	for _, k := range keys {
		if k.Name == "support inbox" {
			made = k
		}
	}
	if made == nil || len(made.Profiles) != 1 || made.Profiles[0] != "billing" {
		t.Fatalf("the key was not stored with its profile: %+v", made)
	}
	if s, _, page := d.post("/app/settings/keys", url.Values{"csrf": {csrf}, "profiles": {"nosuch"}}); s != http.StatusBadRequest || !strings.Contains(page, "not one of the workspace") {
		t.Errorf("a key for an unknown profile = %d", s)
	}
	if s, loc, _ := d.post("/app/settings/keys/"+made.ID+"/revoke", url.Values{"csrf": {csrf}}); s != http.StatusSeeOther || !strings.Contains(loc, "done=revoked") {
		t.Fatalf("revoke = %d → %s", s, loc)
	}
	req, _ := http.NewRequest("GET", d.base+"/api/v1/decisions", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	if resp, err := d.c.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the revoked key still works: %v %v", resp.StatusCode, err)
	}

	s, _, page = d.post("/app/settings/webhooks", url.Values{"csrf": {csrf}, "url": {"https://93.184.216.34/dz"}, "events": {"decision.escalated"}})
	if s != http.StatusCreated || !strings.Contains(page, `<p class="secret">whsec_`) {
		t.Fatalf("add webhook = %d:\n%s", s, page)
	}
	if s, _, page := d.post("/app/settings/webhooks", url.Values{"csrf": {csrf}, "url": {"http://127.0.0.1/x"}}); s != http.StatusBadRequest || !strings.Contains(page, "public addresses only") {
		t.Errorf("a private webhook URL = %d", s)
	}
	eps, _ := d.store.Webhooks(t.Context(), ws.ID)
	if len(eps) != 1 {
		t.Fatalf("webhooks = %d", len(eps))
	}
	if page := d.open(t, "/app/settings/webhooks/"+eps[0].ID); !strings.Contains(page, "Nothing was delivered to it yet") || strings.Contains(page, "whsec_") {
		t.Error("the delivery log page is wrong or shows the secret")
	}
	if s, _, _ := d.post("/app/settings/webhooks/"+eps[0].ID+"/delete", url.Values{"csrf": {csrf}}); s != http.StatusSeeOther {
		t.Errorf("delete webhook = %d", s)
	}

	if s, _, page := d.post("/app/settings/users", url.Values{"csrf": {csrf}, "email": {"sam@example.com"}, "password": {"short"}}); s != http.StatusBadRequest || !strings.Contains(page, "at least 10") || !strings.Contains(page, `value="sam@example.com"`) {
		t.Errorf("a short password = %d", s)
	}
	if s, _, _ := d.post("/app/settings/users", url.Values{"csrf": {csrf}, "email": {"sam@example.com"}, "name": {"Sam"}, "password": {"a long enough one"}}); s != http.StatusSeeOther {
		t.Fatalf("add member = %d", s)
	}
	if s, _, page := d.post("/app/settings/users", url.Values{"csrf": {csrf}, "email": {"sam@example.com"}, "password": {"a long enough one"}}); s != http.StatusConflict {
		t.Errorf("the same e-mail twice = %d:\n%s", s, page)
	}
	sam := newBrowser(t, d.base)
	if s, _, _ := sam.post("/login", url.Values{"email": {"sam@example.com"}, "password": {"a long enough one"}}); s != http.StatusSeeOther {
		t.Fatalf("the new member cannot sign in: %d", s)
	}
	if _, _, page := sam.get("/app/settings"); !strings.Contains(page, "sam@example.com · member") {
		t.Error("the new member is not signed in as a member")
	}

	// The owner removes the member: signed out, and no way back in.
	samUser, _, err := d.store.UserByEmail(t.Context(), "sam@example.com")
	if err != nil {
		t.Fatal(err)
	}
	owner, _, _ := d.store.UserByEmail(t.Context(), "dana@example.com")
	if page := d.open(t, "/app/settings"); !strings.Contains(page, "Remove sam@example.com") || strings.Contains(page, "Remove dana@example.com") {
		t.Error("the People table should offer to remove the member and only the member")
	}
	if s, _, page := d.post(fmt.Sprintf("/app/settings/users/%d/delete", owner.ID), url.Values{"csrf": {csrf}}); s != http.StatusBadRequest || !strings.Contains(page, "owner cannot be removed") {
		t.Errorf("removing the owner = %d", s)
	}
	if s, _, _ := d.post("/app/settings/users/99999/delete", url.Values{"csrf": {csrf}}); s != http.StatusNotFound {
		t.Errorf("removing an unknown user = %d, want 404", s)
	}
	if s, loc, _ := d.post(fmt.Sprintf("/app/settings/users/%d/delete", samUser.ID), url.Values{"csrf": {csrf}}); s != http.StatusSeeOther || !strings.Contains(loc, "done=removed") {
		t.Fatalf("remove member = %d → %s", s, loc)
	}
	if s, loc, _ := sam.get("/app/settings"); s != http.StatusSeeOther || !strings.Contains(loc, "/login") {
		t.Errorf("the removed member is still signed in: %d → %s", s, loc)
	}
	if s, _, _ := newBrowser(t, d.base).post("/login", url.Values{"email": {"sam@example.com"}, "password": {"a long enough one"}}); s != http.StatusUnauthorized {
		t.Errorf("the removed member signs in: %d", s)
	}
}

func TestSettingsAreReadOnlyForAMember(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/settings")
	if strings.Contains(page, "Save the settings") || strings.Contains(page, "Create a key") || strings.Contains(page, "Add the member") ||
		!strings.Contains(page, "<fieldset disabled>") || !strings.Contains(page, "read-only") {
		t.Error("a member's Settings page offers changes")
	}
	csrf := csrfOf(t, page)
	for _, path := range []string{"/app/settings", "/app/settings/keys", "/app/settings/keys/dzk_x/revoke", "/app/settings/webhooks",
		"/app/settings/webhooks/whk_x/delete", "/app/settings/users", "/app/settings/users/1/delete"} {
		if s, _, _ := d.post(path, url.Values{"csrf": {csrf}, "name": {"x"}, "url": {"https://93.184.216.34/"}, "email": {"x@example.com"}, "password": {"a long enough one"}}); s != http.StatusForbidden {
			t.Errorf("a member's POST %s = %d, want 403", path, s)
		}
	}
}

// Anyone signed in changes their own password with the current one; the
// old password and every other session stop working, this browser stays in.
func TestChangeOwnPassword(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	other := newBrowser(t, d.base)
	if s, _, _ := other.post("/login", url.Values{"email": {"dana@example.com"}, "password": {"correct horse battery"}}); s != http.StatusSeeOther {
		t.Fatalf("second sign-in = %d", s)
	}
	csrf := csrfOf(t, d.open(t, "/app/settings"))
	change := func(current, password, repeat string) (int, string, string) {
		return d.post("/app/settings/password", url.Values{"csrf": {csrf}, "current": {current}, "password": {password}, "repeat": {repeat}})
	}
	if s, _, page := change("wrong password!", "a brand new secret", "a brand new secret"); s != http.StatusBadRequest || !strings.Contains(page, "current password is not right") {
		t.Errorf("a wrong current password = %d", s)
	}
	if s, _, page := change("correct horse battery", "a brand new secret", "a brand new secreT"); s != http.StatusBadRequest || !strings.Contains(page, "differ") {
		t.Errorf("two different new passwords = %d", s)
	}
	if s, _, page := change("correct horse battery", "short", "short"); s != http.StatusBadRequest || !strings.Contains(page, "at least 10") {
		t.Errorf("a short new password = %d", s)
	}
	s, loc, _ := change("correct horse battery", "a brand new secret", "a brand new secret")
	if s != http.StatusSeeOther || !strings.Contains(loc, "done=password") {
		t.Fatalf("change = %d → %s", s, loc)
	}
	if page := d.open(t, "/app/settings?done=password"); !strings.Contains(page, "Password changed") {
		t.Error("this browser was signed out, or no note")
	}
	if s, loc, _ := other.get("/app/settings"); s != http.StatusSeeOther || !strings.Contains(loc, "/login") {
		t.Errorf("the other browser's session survived: %d → %s", s, loc)
	}
	fresh := newBrowser(t, d.base)
	if s, _, _ := fresh.post("/login", url.Values{"email": {"dana@example.com"}, "password": {"correct horse battery"}}); s != http.StatusUnauthorized {
		t.Errorf("the old password = %d, want 401", s)
	}
	if s, _, _ := fresh.post("/login", url.Values{"email": {"dana@example.com"}, "password": {"a brand new secret"}}); s != http.StatusSeeOther {
		t.Errorf("the new password = %d, want 303", s)
	}
}
