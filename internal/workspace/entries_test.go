package workspace

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/delegatezero/dz"
)

// A workspace stored as entries and read back decides the same: nothing the
// engine reads is lost in the round trip.
func TestEntriesRoundTrip(t *testing.T) {
	ws, err := LoadDir("../../examples/acme-saas")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := Entries(ws)
	if err != nil {
		t.Fatal(err)
	}
	if want := 1 + len(ws.Entities) + len(ws.Policies) + len(ws.Precedents) + len(ws.Playbooks) + len(ws.Templates) + len(ws.Sources); len(entries) != want {
		t.Fatalf("%d entries, want %d", len(entries), want)
	}
	back, err := FromEntries(entries)
	if err != nil {
		t.Fatal(err)
	}
	ignore := func(w *dz.Workspace) *dz.Workspace { c := *w; c.Dir, c.Hash, c.Tests = "", "", nil; return &c }
	if diff := cmp.Diff(ignore(ws), ignore(back)); diff != "" {
		t.Errorf("round trip changed the workspace (-loaded +stored):\n%s", diff)
	}
	again, err := FromEntries(entries)
	if err != nil || again.Hash != back.Hash || back.Hash == "" {
		t.Errorf("hash of the same entries: %q then %q (%v)", back.Hash, again.Hash, err)
	}
}

// The same folder read under another name (an import unpacks it elsewhere)
// gives the same versions: positions are not content.
func TestEntriesIgnorePositions(t *testing.T) {
	a, err := LoadDir("../../examples/acme-saas")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load(os.DirFS("../../examples/acme-saas"), "elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	ea, _ := Entries(a)
	eb, _ := Entries(b)
	for i := range ea {
		if ea[i].Hash != eb[i].Hash {
			t.Errorf("%s %s: hash %s read as dir, %s read as elsewhere", ea[i].Type, ea[i].ID, ea[i].Hash, eb[i].Hash)
		}
	}
}
