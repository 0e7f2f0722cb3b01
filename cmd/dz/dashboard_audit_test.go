package main

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/delegatezero/dz/internal/audit"
)

// checkPublicPage opens a decision's public audit page in the tab and
// checks that no value the page withholds shows in its text: every field
// that the founder's full record has and the public record withholds
// (entity internals such as MRR and notes, the caller's context, other
// customers' cases, confidence) is listed as withheld, and none of its
// words or amounts appear — unless a field the page does show holds them
// too, or it is part of a field's name, which the record publishes by
// design. It returns the names of the withheld fields.
func checkPublicPage(t *testing.T, d *demoServer, b *tab, decisionID, publicURL, name string) []string {
	t.Helper()
	var full, public audit.Bundle
	d.getJSON(t, "/api/v1/decisions/"+decisionID+"/proof", &full)
	d.getJSON(t, publicURL+"?format=json", &public)
	b.open(publicURL)
	b.screenshot(name)
	page := eval[string](b, allText)
	listed := eval[[]string](b, `Array.from(document.querySelectorAll('.withheld li .hash:first-child')).map(el => el.textContent.trim())`)

	shown := map[string]bool{}
	var withheld []string
	hiddenValues := map[string][]string{}
	for i, f := range full.Record.Fields {
		if i >= len(public.Record.Fields) || public.Record.Fields[i].Name != f.Name {
			t.Fatalf("%s: the public record's fields differ from the founder's at %d (%s)", name, i, f.Name)
		}
		shown[f.Name] = true // names are public: the page lists what it withholds
		if f.Redacted() {
			continue // erased for everyone
		}
		if public.Record.Fields[i].Redacted() {
			withheld = append(withheld, f.Name)
			hiddenValues[f.Name] = leaves(t, f.Value)
			continue
		}
		for _, v := range leaves(t, f.Value) {
			shown[v] = true
		}
	}
	if len(withheld) == 0 {
		t.Fatalf("%s: the public record withholds nothing; the check needs a withheld field", name)
	}
	if strings.Join(listed, "\n") != strings.Join(withheld, "\n") {
		t.Errorf("%s: the page lists as withheld\n%v\nthe public record withholds\n%v", name, listed, withheld)
	}
	for _, field := range withheld {
		for _, v := range hiddenValues[field] {
			if !shown[v] && !visibleElsewhere(v, shown) && (appears(page, v) || appears(page, jsonText(v))) {
				t.Errorf("%s: the public page shows %q from the withheld field %s", name, v, field)
			}
		}
	}
	return withheld
}

// allText is JavaScript returning every text node of the page, spaced,
// including what is collapsed or hidden: a withheld value must not be in
// the page at all, shown or not.
const allText = `(() => { const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), out = [];
  while (w.nextNode()) out.push(w.currentNode.nodeValue); return out.join(' '); })()`

// jsonText is a string as it reads inside JSON text, quotes and line
// breaks escaped, as a page listing a field's raw value would show it.
func jsonText(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// leaves are the distinctive values in a field's JSON: strings of ten
// characters or more, and numbers of 100 or more, which could not turn up
// on a page by chance.
func leaves(t *testing.T, raw string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("a record field is not JSON: %v: %s", err, raw)
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			if s := strings.TrimSpace(v); len(s) >= 10 {
				out = append(out, s)
			}
		case float64:
			if v >= 100 || v <= -100 {
				out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// visibleElsewhere reports whether a withheld value is part of a value the
// page shows anyway (an amount the reply states, say).
func visibleElsewhere(v string, shown map[string]bool) bool {
	for s := range shown {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

// appears reports whether a value is in the page's text: a string as it
// is, a number on its own (not inside a longer number or word), with or
// without thousands separators and zero cents.
func appears(page, v string) bool {
	if _, err := strconv.ParseFloat(v, 64); err != nil {
		return strings.Contains(page, v)
	}
	forms := []string{regexp.QuoteMeta(v)}
	if n, err := strconv.Atoi(v); err == nil && n >= 1000 {
		forms = append(forms, regexp.QuoteMeta(thousands(n)))
	}
	return regexp.MustCompile(`(^|[^\w.,])(` + strings.Join(forms, "|") + `)(\.0+)?($|[^\w.,]|[.,](\D|$))`).MatchString(page)
}

// thousands writes n with comma separators: 28800 → 28,800.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func TestAppearsFindsAValueOnItsOwn(t *testing.T) {
	for _, tc := range []struct {
		name, page, v string
		want          bool
	}{
		{"amount with a currency", "MRR $290 a month", "290", true},
		{"amount with cents", "refund $290.00 today", "290", true},
		{"thousands separator", "at risk: 28,800 a year", "28800", true},
		{"at the end of a sentence", "the total was 3480.", "3480", true},
		{"inside a longer number", "uptime 99.290 percent", "290", false},
		{"inside a hash", "committed: a290f1…", "290", false},
		{"other decimals", "score 290.5", "290", false},
		{"a string", "notes: Legal reviews every renewal.", "Legal reviews every renewal", true},
		{"absent", "nothing here", "Legal reviews", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := appears(tc.page, tc.v); got != tc.want {
				t.Errorf("appears(%q, %q) = %v, want %v", tc.page, tc.v, got, tc.want)
			}
		})
	}
}
