package http_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// attack is markup that would run if a page wrote it unescaped; tag marks
// which input it came in by, so the test can see that the input reached
// the page.
func attack(tag string) string {
	return fmt.Sprintf(`<script>alert('%s')</script>"><img src=x onerror=alert('%s')>`, tag, tag)
}

// rawMarkup finds markup from an attack that reached a page unescaped.
var rawMarkup = regexp.MustCompile(`(?i)<script|<img|onerror=alert\('[a-z-]+'\)>|javascript:`)

// Every string a customer (or the caller's system) can put into a decision
// reaches the pages escaped: the request, its context data, facts,
// metadata and request_id, the entity's name and contact through a
// context import, the founder's template text and feedback note.
func TestAuditPagesEscapeEveryInput(t *testing.T) {
	f := newFixture(t)
	archive := tarGz(t, "../../examples/acme-saas", func(name string, b []byte) []byte {
		switch name {
		case "entities/key-accounts.yaml":
			b = bytes.Replace(b, []byte("name: Brightline Logistics"), []byte("name: "+yamlString(attack("entity-name"))), 1)
			b = bytes.Replace(b, []byte("contact: Dana Reyes"), []byte("contact: "+yamlString(attack("contact"))), 1)
		case "templates/closing.md":
			b = append(b, []byte("\n"+attack("template")+"\n")...)
		case "dz.yaml":
			b = append(b, []byte("\naudit:\n  show: [\"*\", \"*/*\", \"*/*/*\"]\n")...) // the public page shows every field
		}
		return b
	})
	if s, got := f.post(t, "/api/v1/context/import", f.key, archive); s != http.StatusOK {
		t.Fatalf("import = %d %v", s, got)
	}
	body, _ := json.Marshal(map[string]any{
		"request": "Refund the $290 from October 1 please, the October 14 outage hurt us. " + attack("message"),
		"context": map[string]any{"entity": "brightline", "source": attack("source"), "type": attack("type"),
			"data": attack("data"), "facts": map[string]any{"ticket_note": attack("fact")}},
		"metadata":   map[string]any{"ticket": attack("metadata"), attack("metakey"): "x"},
		"request_id": attack("request-id"),
	})
	dec := f.decide(t, string(body))
	id := dec["id"].(string)
	if s, fb := f.call(t, "POST", "/api/v1/decisions/"+id+"/feedback", f.key,
		fmt.Sprintf(`{"kind": "edit", "response": %q, "note": %q}`, attack("edited-reply"), attack("feedback"))); s != http.StatusCreated {
		t.Fatalf("feedback = %d %v", s, fb)
	}

	_, _, public := fetch(t, f.publicURL(dec))
	_, _, founder := fetch(t, f.url+"/app/decisions/"+id, "Authorization: Bearer "+f.key)
	pages := map[string]struct {
		html string
		tags []string
	}{
		"public":  {public, []string{"message", "source", "type", "data", "fact", "metadata", "metakey", "request-id", "entity-name", "contact", "template"}},
		"founder": {founder, []string{"message", "source", "type", "data", "fact", "metadata", "metakey", "request-id", "entity-name", "contact", "template", "feedback"}},
	}
	for name, p := range pages {
		if !strings.Contains(p.html, `id="reply"`) {
			t.Fatalf("the %s page did not render:\n%s", name, p.html)
		}
		for _, tag := range p.tags {
			if !strings.Contains(p.html, "alert(&#39;"+tag+"&#39;)") {
				t.Errorf("the %s page does not show the %s input at all: the test cannot tell whether it is escaped", name, tag)
			}
		}
		if m := rawMarkup.FindAllStringIndex(p.html, -1); len(m) > 0 {
			for _, at := range m {
				t.Errorf("the %s page has raw markup from an input: …%s…", name, p.html[max(0, at[0]-80):min(len(p.html), at[1]+40)])
			}
		}
	}
}

// yamlString quotes s for a YAML value.
func yamlString(s string) string {
	b, _ := json.Marshal(s) // a JSON string is a YAML double-quoted scalar
	return string(b)
}
