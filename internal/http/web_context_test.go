package http_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// upload sends a multipart form: fields, and files as name → (filename, content).
func (d *dashboard) upload(t *testing.T, path string, fields map[string]string, files map[string][2]string) (int, string, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for k, f := range files {
		fw, _ := mw.CreateFormFile(k, f[0])
		_, _ = io.WriteString(fw, f[1])
	}
	mw.Close()
	req, _ := http.NewRequest("POST", d.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := d.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// versions is how many versions an entry has in the store.
func (d *dashboard) versions(t *testing.T, typ dz.ContextType, id string) []dz.ContextEntry {
	t.Helper()
	ws, _ := d.store.WorkspaceBySlug(t.Context(), "acme")
	vs, err := d.store.ContextVersions(t.Context(), ws.ID, typ, id)
	if dz.ErrorCode(err) == dz.ENOTFOUND {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

func TestContextPagesRenderForAMember(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	for _, c := range []struct{ path, want string }{
		{"/app/context", `href="/app/context/entity/brightline"`},
		{"/app/context?type=policy", `<a href="/app/context?type=policy" aria-current="page">Policies`},
		{"/app/context?q=brightline", `<td><a href="/app/context/entity/brightline">brightline</a></td>`},
		{"/app/context/entity/brightline", "Brightline Logistics"},
		{"/app/context/entity/brightline/history", "History of entity brightline"},
		{"/app/context/entity/brightline/delete", "Delete entity brightline?"},
		{"/app/context/new?type=policy", `<label for="text">`},
		{"/app/context/import", `<label for="archive">`},
	} {
		page := d.open(t, c.path)
		if !strings.Contains(page, c.want) {
			t.Errorf("GET %s lacks %q", c.path, c.want)
		}
	}
	if s, _, _ := d.get("/app/context/entity/nosuch"); s != http.StatusNotFound {
		t.Errorf("an unknown entry = %d, want 404", s)
	}
	if s, _, _ := d.get("/app/context/settings/settings"); s != http.StatusNotFound {
		t.Errorf("the settings as a context entry = %d, want 404 (they have their own page)", s)
	}
}

func TestContextPolicyShowsEachRuleAndSearchScores(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/context?type=policy")
	_, rest, ok := strings.Cut(page, `<a href="/app/context/policy/`)
	if !ok {
		t.Fatal("no policy listed")
	}
	id, _, _ := strings.Cut(rest, `"`)
	page = d.open(t, "/app/context/policy/"+id)
	if strings.Count(page, "<tr><td>") < 1 || !strings.Contains(page, "<h2>Rules</h2>") {
		t.Errorf("policy %s does not list its rules", id)
	}
	page = d.open(t, "/app/context?q=Brightline+Logistics")
	if !strings.Contains(page, `<td class="score">`) || !strings.Contains(page, "/app/context/entity/brightline") {
		t.Error("the search shows no scored hit for Brightline")
	}
}

func TestContextEditWithBadConditionStoresNothing(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/context/new?type=policy")
	form := url.Values{"csrf": {csrfOf(t, page)}, "type": {"policy"}, "text": {"id: night-refunds\ntitle: Night refunds\nrules:\n  - id: r1\n    when: facts.amount >\n    effect: hard_stop\n    message: no\n"}}
	s, _, page := d.post("/app/context/new", form)
	if s != http.StatusUnprocessableEntity || !strings.Contains(page, "line 5, column 11:") || !strings.Contains(page, "when does not compile") {
		t.Fatalf("a bad condition = %d, want 422 with the problem at 5:11:\n%s", s, page)
	}
	if !strings.Contains(page, "facts.amount &gt;") {
		t.Error("the text sent is not kept in the form")
	}
	if vs := d.versions(t, dz.TypePolicy, "night-refunds"); len(vs) != 0 {
		t.Errorf("a policy with problems was stored: %d versions", len(vs))
	}

	page = d.open(t, "/app/context/entity/brightline")
	text := textareaOf(t, page)
	bad := strings.Replace(text, "name: Brightline Logistics", "name: Brightline Logistics\nplna: Pro", 1)
	s, _, page = d.post("/app/context/entity/brightline", url.Values{"csrf": {csrfOf(t, page)}, "base": {inputValue(page, "base")}, "text": {bad}})
	if s != http.StatusUnprocessableEntity || !strings.Contains(page, `unknown key &#34;plna&#34;`) {
		t.Fatalf("an unknown key = %d:\n%s", s, page)
	}
	if vs := d.versions(t, dz.TypeEntity, "brightline"); len(vs) != 1 {
		t.Errorf("a bad edit stored a version: %d versions", len(vs))
	}
}

func TestContextGoodEditMakesVersionTwoWithADiff(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/context/entity/brightline")
	text := textareaOf(t, page)
	if !strings.Contains(text, "id: brightline\n") {
		t.Fatalf("the edit form does not hold the entity's YAML:\n%s", text)
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "base": {inputValue(page, "base")}, "text": {text}}
	if s, loc, _ := d.post("/app/context/entity/brightline", form); s != http.StatusSeeOther || !strings.HasSuffix(loc, "done=same") {
		t.Fatalf("saving unchanged text = %d → %s, want no new version", s, loc)
	}
	form.Set("text", strings.Replace(text, "\nmrr: 290\n", "\nmrr: 310\n", 1))
	s, loc, _ := d.post("/app/context/entity/brightline", form)
	if s != http.StatusSeeOther || loc != "/app/context/entity/brightline?done=saved" {
		t.Fatalf("a good edit = %d → %s", s, loc)
	}
	if vs := d.versions(t, dz.TypeEntity, "brightline"); len(vs) != 2 || vs[1].Version != 2 {
		t.Fatalf("after the edit: %d versions", len(vs))
	}
	page = d.open(t, loc)
	if !strings.Contains(page, "Version 2") || !strings.Contains(page, "310") {
		t.Error("the entry page does not show version 2")
	}
	page = d.open(t, "/app/context/entity/brightline/history")
	if !strings.Contains(page, "<del>− mrr: 290</del>") || !strings.Contains(page, "<ins>+ mrr: 310</ins>") || !strings.Contains(page, "2 lines changed") {
		t.Errorf("the history does not show the diff:\n%s", page)
	}
	if page = d.open(t, "/app/context/entity/brightline/history?v=1"); !strings.Contains(page, "+ id: brightline") {
		t.Error("version 1 is not shown as all added")
	}

	// A second browser's save from the old version is a conflict, and keeps its text.
	form.Set("text", strings.Replace(text, "\nmrr: 290\n", "\nmrr: 333\n", 1))
	if s, _, page := d.post("/app/context/entity/brightline", form); s != http.StatusConflict || !strings.Contains(page, "mrr: 333") {
		t.Errorf("a save over a newer version = %d, want 409 with the text kept", s)
	}
}

func TestContextCreateAndDelete(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/context/new?type=source")
	form := url.Values{"csrf": {csrfOf(t, page)}, "type": {"source"}, "text": {textareaOf(t, page)}}
	s, loc, _ := d.post("/app/context/new", form)
	if s != http.StatusSeeOther || loc != "/app/context/source/new-source?done=created" {
		t.Fatalf("creating the example source = %d → %s", s, loc)
	}
	if s, _, page := d.post("/app/context/new", form); s != http.StatusUnprocessableEntity || !strings.Contains(page, "there is already a source") {
		t.Errorf("creating it twice = %d", s)
	}
	page = d.open(t, "/app/context/source/new-source/delete")
	if s, loc, _ := d.post("/app/context/source/new-source/delete", url.Values{"csrf": {csrfOf(t, page)}}); s != http.StatusSeeOther || loc != "/app/context?type=source&done=deleted" {
		t.Fatalf("delete = %d → %s", s, loc)
	}
	if vs := d.versions(t, dz.TypeSource, "new-source"); len(vs) != 2 || !vs[1].Deleted {
		t.Errorf("after delete: %+v", vs)
	}
	if page := d.open(t, "/app/context/source/new-source"); !strings.Contains(page, "This entry was deleted") {
		t.Error("a deleted entry's page does not say so")
	}
}

func TestContextCSVImportIsAllOrNothing(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/context/import")
	csrf := csrfOf(t, page)
	bad := "id,name,plan,mrr\nzeta,Zeta Co,Starter,49\nyotta,Yotta,Scale,lots\n"
	s, _, page := d.upload(t, "/app/context/import/csv", map[string]string{"csrf": csrf}, map[string][2]string{"file": {"customers.csv", bad}})
	if s != http.StatusUnprocessableEntity || !strings.Contains(page, "customers.csv:3:") || !strings.Contains(page, "Nothing was imported") {
		t.Fatalf("a CSV with a bad row = %d, want 422 naming line 3:\n%s", s, page)
	}
	if vs := d.versions(t, dz.TypeEntity, "zeta"); len(vs) != 0 {
		t.Errorf("the good row of a bad CSV was imported")
	}
	good := "id,name,plan,mrr,emails\nzeta,Zeta Co,Starter,49,a@zeta.example;b@zeta.example\nbrightline,Brightline Logistics,Operator,290,\n"
	s, loc, _ := d.upload(t, "/app/context/import/csv", map[string]string{"csrf": csrf, "csv": good}, nil)
	if s != http.StatusSeeOther || !strings.Contains(loc, "done=csv&entries=2") {
		t.Fatalf("pasted good CSV = %d → %s", s, loc)
	}
	if vs := d.versions(t, dz.TypeEntity, "zeta"); len(vs) != 1 {
		t.Errorf("zeta was not imported")
	}
	if s, _, _ := d.upload(t, "/app/context/import/csv", map[string]string{"csv": good}, nil); s != http.StatusForbidden {
		t.Errorf("an upload without the CSRF token = %d, want 403", s)
	}
}

func TestContextArchiveImportListsProblems(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/context/import")
	csrf := csrfOf(t, page)
	dir := t.TempDir()
	for name, body := range map[string]string{"dz.yaml": "name: Acme\ntone: sarcastic\n", "policies/p.yaml": "id: p\ntitle: P\nrules:\n  - id: r\n    when: facts.x >\n    effect: hard_stop\n    message: m\n"} {
		_ = os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, _, page := d.upload(t, "/app/context/import/archive", map[string]string{"csrf": csrf}, map[string][2]string{"archive": {"ws.tar.gz", string(tarGz(t, dir, nil))}})
	if s != http.StatusUnprocessableEntity || !strings.Contains(page, "dz.yaml:2:7:") || !strings.Contains(page, "policies/p.yaml:5:") {
		t.Fatalf("a broken archive = %d, want both problems listed:\n%s", s, page)
	}
	oneMore := func(name string, b []byte) []byte {
		if name == "sources/sla-terms.md" {
			return append(b, "\nOne more line.\n"...)
		}
		return b
	}
	s, loc, _ := d.upload(t, "/app/context/import/archive", map[string]string{"csrf": csrf}, map[string][2]string{"archive": {"ws.tar.gz", string(tarGz(t, "../../examples/acme-saas", oneMore))}})
	if s != http.StatusSeeOther || !strings.Contains(loc, "changed=1") {
		t.Fatalf("the demo folder with one source changed = %d → %s, want one change", s, loc)
	}
	if page := d.open(t, loc); !strings.Contains(page, "1 of them changed") {
		t.Error("the import's result is not shown")
	}
}

func TestContextEscapesEntryText(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	page := d.open(t, "/app/context/new?type=entity")
	text := "id: evil\nname: \"<script>alert(1)</script>\"\nnotes: \"<img src=x onerror=alert(2)>\"\n"
	if s, _, _ := d.post("/app/context/new", url.Values{"csrf": {csrfOf(t, page)}, "type": {"entity"}, "text": {text}}); s != http.StatusSeeOther {
		t.Fatalf("create = %d", s)
	}
	for _, path := range []string{"/app/context/entity/evil", "/app/context?type=entity", "/app/context?q=evil", "/app/context/entity/evil/history"} {
		page := d.open(t, path)
		if strings.Contains(page, "<script>alert") || strings.Contains(page, "<img src=x") {
			t.Errorf("%s shows the entry's HTML unescaped", path)
		}
		if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s does not show the name escaped", path)
		}
	}
}

// textareaOf reads the text of the page's textarea named text.
func textareaOf(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `name="text"`)
	if !ok {
		t.Fatal("no text area on the page")
	}
	_, rest, _ = strings.Cut(rest, ">")
	text, _, _ := strings.Cut(rest, "</textarea>")
	return htmlUnescape(text)
}

// inputValue reads the value of the page's input named name.
func inputValue(page, name string) string {
	_, rest, _ := strings.Cut(page, `name="`+name+`" value="`)
	v, _, _ := strings.Cut(rest, `"`)
	return v
}

func htmlUnescape(s string) string {
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(s)
}
