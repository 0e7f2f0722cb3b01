package workspace

import (
	"strings"
	"testing"
)

// checkProblems fails when a problem does not name the file or say what is wrong.
func checkProblems(t *testing.T, c *collector, file string) {
	t.Helper()
	for _, p := range c.list {
		if p.Pos.File != file || p.Message == "" || p.Pos.Line < 0 || p.Pos.Col < 0 {
			t.Fatalf("malformed problem %#v", p)
		}
	}
	_ = c.err()
}

// seedFiles adds the valid fixture's files with the given suffix as seeds.
func seedFiles(f *testing.F, suffix string) {
	f.Helper()
	for name, body := range baseFiles {
		if strings.HasSuffix(name, suffix) {
			f.Add([]byte(body))
		}
	}
}

func FuzzSettings(f *testing.F) {
	seedFiles(f, "dz.yaml")
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &collector{}
		parseSettings(c, "dz.yaml", src)
		checkProblems(t, c, "dz.yaml")
	})
}

func FuzzPolicyYAML(f *testing.F) {
	seedFiles(f, "refunds.yaml")
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &collector{}
		p := parsePolicy(c, "p.yaml", src)
		checkProblems(t, c, "p.yaml")
		if p != nil && len(c.list) == 0 && p.ID == "" {
			t.Fatalf("policy without an id passed validation: %+v", p)
		}
	})
}

func FuzzEntityYAML(f *testing.F) {
	seedFiles(f, "acme.yaml")
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &collector{}
		for _, e := range parseEntityYAML(c, "e.yaml", src) {
			if e == nil {
				t.Fatal("nil entity")
			}
		}
		checkProblems(t, c, "e.yaml")
	})
}

func FuzzEntityCSV(f *testing.F) {
	f.Add([]byte("id,name,mrr,emails,data.seats\nx,X,10,a@b.example;c@d.example,3\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &collector{}
		ents := parseEntityCSV(c, "e.csv", src)
		checkProblems(t, c, "e.csv")
		for _, e := range ents {
			if len(c.list) == 0 && (e.ID == "" || e.Name == "") {
				t.Fatalf("entity without id or name passed validation: %+v", e)
			}
		}
	})
}

func FuzzFrontMatter(f *testing.F) {
	f.Add([]byte("---\nid: p\ntitle: P\n---\n1. Step\n"))
	f.Add([]byte("---\nid: t\npart: body\n---\n{{if .Refund}}{{.Refund.Amount}}{{end}}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &collector{}
		parsePlaybook(c, "p.md", src)
		parseTemplate(c, "p.md", src)
		parseTextSource(c, "p.md", src)
		checkProblems(t, c, "p.md")
	})
}

func FuzzTests(f *testing.F) {
	f.Add([]byte("- name: t\n  request: hi\n  expect: {outcome: draft, actions: [{type: refund, ranges: {amount: [1, 2]}}]}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &collector{}
		parseTests(c, "t.yaml", src)
		checkProblems(t, c, "t.yaml")
	})
}

func FuzzPrecedentYAML(f *testing.F) {
	seedFiles(f, "p.yaml")
	f.Add([]byte("- {id: a, date: 2025-01-02, intent: refund, summary: s, resolution: partial, facts: {amount: 10}, actions: [{type: refund, params: {percent: 50}}]}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &collector{}
		ps := parsePrecedents(c, "p.yaml", src)
		checkProblems(t, c, "p.yaml")
		for _, p := range ps {
			if p == nil || len(c.list) == 0 && (p.ID == "" || p.Intent == "" || p.Resolution == "") {
				t.Fatalf("precedent without id, intent or resolution passed validation: %+v", p)
			}
		}
	})
}

func FuzzSourceYAML(f *testing.F) {
	f.Add([]byte("id: inc\ntitle: Incidents\nkind: incidents\nincidents:\n  - {id: i1, start: 2025-04-12T14:00:00Z, end: 2025-04-12T15:00:00Z, affects: [Operator], data_loss: true}\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		c := &collector{}
		s := parseSourceYAML(c, "s.yaml", src)
		checkProblems(t, c, "s.yaml")
		if s == nil || len(c.list) > 0 {
			return
		}
		for _, in := range s.Incidents {
			if in.End.Before(in.Start) {
				t.Fatalf("incident ending before it starts passed validation: %+v", in)
			}
		}
	})
}

func TestAliasBombIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("id: x\nname: X\ndata:\n  a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n")
	for i := 1; i < 9; i++ {
		b.WriteString("  a" + string(rune('0'+i)) + ": &a" + string(rune('0'+i)) + " [")
		for j := range 10 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*a" + string(rune('0'+i-1)))
		}
		b.WriteString("]\n")
	}
	c := &collector{}
	parseEntityYAML(c, "e.yaml", []byte(b.String()))
	if len(c.list) == 0 || !strings.Contains(c.list[0].Message, "expands to too many values") {
		t.Errorf("a 10^9-value alias bomb was not stopped: %v", c.list)
	}
}
