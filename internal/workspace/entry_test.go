package workspace

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// TestFormatEntryRoundTrips writes every entry of the example workspaces
// as its file and reads it back: the same hash, so an unchanged edit is not
// a new version.
func TestFormatEntryRoundTrips(t *testing.T) {
	for _, dir := range []string{"acme-saas", "airline", "retail"} {
		ws, err := LoadDir("../../examples/" + dir)
		if err != nil {
			t.Fatal(err)
		}
		entries, err := Entries(ws)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			text, err := FormatEntry(e)
			if err != nil {
				t.Fatalf("%s: format %s %s: %v", dir, e.Type, e.ID, err)
			}
			got, err := ParseEntry(e.Type, string(e.Type), text, ws)
			if err != nil {
				t.Errorf("%s: %s %s does not read back:\n%v\n%s", dir, e.Type, e.ID, err, text)
				continue
			}
			if got.Hash != e.Hash || got.ID != e.ID {
				t.Errorf("%s: %s %s reads back as %s %s, want hash %s:\n%s", dir, e.Type, e.ID, got.ID, got.Hash, e.Hash, text)
			}
		}
	}
}

func TestFormatEntryWritesTheFolderFormat(t *testing.T) {
	ws, err := LoadDir("../../examples/acme-saas")
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := Entries(ws)
	find := func(typ dz.ContextType, id string) string {
		for _, e := range entries {
			if e.Type == typ && e.ID == id {
				b, err := FormatEntry(e)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
		t.Fatalf("no %s %s", typ, id)
		return ""
	}
	for _, c := range []struct {
		name, text string
		want       []string
	}{
		{"entity", find(dz.TypeEntity, "brightline"), []string{"id: brightline\n", "mrr: 290\n", "started: 20"}},
		{"policy", find(dz.TypePolicy, entries[slices.IndexFunc(entries, func(e dz.ContextEntry) bool { return e.Type == dz.TypePolicy })].ID), []string{"rules:\n  - id: ", "effect: "}},
		{"playbook", find(dz.TypePlaybook, ws.Playbooks[0].ID), []string{"---\nid: ", "\n---\n", "\n1. "}},
		{"template", find(dz.TypeTemplate, ws.Templates[0].ID), []string{"---\nid: ", "part: "}},
	} {
		for _, w := range c.want {
			if !strings.Contains(c.text, w) {
				t.Errorf("%s lacks %q:\n%s", c.name, w, c.text)
			}
		}
		if strings.Contains(c.text, "hash") || strings.Contains(c.text, "pos:") {
			t.Errorf("%s shows the hash or position:\n%s", c.name, c.text)
		}
	}
}

func TestParseEntryReportsProblemsWithLineAndColumn(t *testing.T) {
	ws, err := LoadDir("../../examples/acme-saas")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		typ  dz.ContextType
		text string
		want string // "line:col: part of the message"
	}{
		{"bad CEL", dz.TypePolicy, "id: p\ntitle: P\nrules:\n  - id: r\n    when: facts.amount >\n    effect: hard_stop\n    message: no\n", "5:11: when does not compile"},
		{"unknown key", dz.TypeEntity, "id: x\nname: X\nplna: Pro\n", "3:1: unknown key \"plna\""},
		{"missing entity", dz.TypePrecedent, "id: p-new\ndate: 2025-01-01\nentity: nortwind\nintent: refund\nsummary: S\nresolution: approved\n", "3:9: precedent p-new names entity \"nortwind\""},
		{"two entities", dz.TypeEntity, "- {id: a, name: A}\n- {id: b, name: B}\n", "1:1: the text holds 2 entries"},
		{"no front matter", dz.TypeTemplate, "Hello {{.FirstName}}", "1:1: the file has no front matter"},
		{"bad template body", dz.TypeTemplate, "---\nid: t\npart: body\n---\nHi {{.Nope}}\n", "5: the template body cannot be rendered"},
		{"settings", dz.TypeSettings, "name: A\ntone: sarcastic\n", "2:7: tone \"sarcastic\" is not valid"},
		{"empty", dz.TypePolicy, "", "the file is empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseEntry(c.typ, "x", []byte(c.text), ws)
			var ps dz.Problems
			if !errors.As(err, &ps) {
				t.Fatalf("err = %v, want problems", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("problems:\n%v\nwant %q", err, c.want)
			}
		})
	}
}

func TestParseEntryReadsEachType(t *testing.T) {
	ws, err := LoadDir("../../examples/acme-saas")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		typ  dz.ContextType
		text string
		id   string
	}{
		{dz.TypeEntity, "id: initech2\nname: Initech\nplan: Starter\nmrr: 49\n", "initech2"},
		{dz.TypePrecedent, "id: p-x\ndate: 2025-01-01\nentity: brightline\nintent: refund\nsummary: S\nresolution: approved\n", "p-x"},
		{dz.TypeSource, "---\nid: s-x\ntitle: Notes\n---\nSome text.\n", "s-x"},
		{dz.TypeSource, "id: inc-x\ntitle: Log\nkind: incidents\nincidents:\n  - {id: i1, start: 2025-01-01T00:00:00Z, end: 2025-01-01T01:00:00Z}\n", "inc-x"},
		{dz.TypePlaybook, "---\nid: pb\ntitle: T\n---\n1. One\n2. Two\n", "pb"},
	} {
		e, err := ParseEntry(c.typ, "x", []byte(c.text), ws)
		if err != nil {
			t.Errorf("%s: %v", c.typ, err)
			continue
		}
		if e.Type != c.typ || e.ID != c.id || !strings.HasPrefix(e.Hash, "sha256:") || len(e.Body) == 0 {
			t.Errorf("%s = %+v", c.typ, e)
		}
	}
}

func TestParseEntityCSV(t *testing.T) {
	ws, err := LoadDir("../../examples/acme-saas")
	if err != nil {
		t.Fatal(err)
	}
	good := "id,name,plan,mrr,emails,data.seats\nzeta,Zeta Co,Starter,49,a@zeta.example;b@zeta.example,3\nyotta,Yotta,Scale,990,,\n"
	entries, err := ParseEntityCSV("customers.csv", []byte(good), ws)
	if err != nil || len(entries) != 2 || entries[0].Type != dz.TypeEntity {
		t.Fatalf("good CSV = %d entries, %v", len(entries), err)
	}
	bad := "id,name,mrr\nok1,One,10\nok2,Two,lots\nok3,Three,30\n"
	entries, err = ParseEntityCSV("customers.csv", []byte(bad), ws)
	if err == nil || entries != nil {
		t.Fatalf("a bad row gave %d entries, err %v", len(entries), err)
	}
	if !strings.Contains(err.Error(), "customers.csv:3:") {
		t.Errorf("the problem does not name line 3:\n%v", err)
	}
	if _, err := ParseEntityCSV("c.csv", []byte("id,name\n"), ws); err == nil {
		t.Error("a header without rows was accepted")
	}
	if _, err := ParseEntityCSV("c.csv", []byte("id,name\na,A\na,B\n"), ws); err == nil || !strings.Contains(err.Error(), "used twice") {
		t.Errorf("a repeated id = %v", err)
	}
}
