package storetest

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/delegatezero/dz"
)

// entry returns a context entry whose body and hash follow v.
func entry(typ dz.ContextType, id string, v int) dz.ContextEntry {
	return dz.ContextEntry{
		Type: typ, ID: id, Hash: fmt.Sprintf("sha256:%s-%d", id, v),
		Body: json.RawMessage(fmt.Sprintf(`{"id": %q, "v": %d}`, id, v)),
	}
}

// tombstone returns a deletion of an entry.
func tombstone(typ dz.ContextType, id string) dz.ContextEntry {
	return dz.ContextEntry{Type: typ, ID: id, Deleted: true}
}

// testContext covers versioning: unchanged hashes add nothing, changes add
// the next version, tombstones hide entries, old versions stay readable.
func testContext(t *testing.T, open opener) {
	s := open(t)
	ws := workspace(t, s, "acme")
	steps := []struct {
		name    string
		entries []dz.ContextEntry
		wantNew int
		live    []string // type/id@version of Context after the step, in order
	}{
		{"first load", []dz.ContextEntry{entry(dz.TypePolicy, "refunds", 1), entry(dz.TypeEntity, "globex", 1), entry(dz.TypeEntity, "acme", 1), entry(dz.TypeSettings, "settings", 1)},
			4, []string{"entity/acme@1", "entity/globex@1", "policy/refunds@1", "settings/settings@1"}},
		{"same hashes", []dz.ContextEntry{entry(dz.TypePolicy, "refunds", 1), entry(dz.TypeEntity, "acme", 1)},
			0, []string{"entity/acme@1", "entity/globex@1", "policy/refunds@1", "settings/settings@1"}},
		{"one changed", []dz.ContextEntry{entry(dz.TypePolicy, "refunds", 2), entry(dz.TypeEntity, "acme", 1)},
			1, []string{"entity/acme@1", "entity/globex@1", "policy/refunds@2", "settings/settings@1"}},
		{"ids sort bytewise", []dz.ContextEntry{entry(dz.TypeEntity, "acme_b", 1), entry(dz.TypeEntity, "acme-b", 1), entry(dz.TypeEntity, "Zeta", 1)},
			3, []string{"entity/Zeta@1", "entity/acme@1", "entity/acme-b@1", "entity/acme_b@1", "entity/globex@1", "policy/refunds@2", "settings/settings@1"}},
		{"tombstone", []dz.ContextEntry{tombstone(dz.TypeEntity, "globex"), tombstone(dz.TypeEntity, "acme_b"), tombstone(dz.TypeEntity, "acme-b"), tombstone(dz.TypeEntity, "Zeta")},
			4, []string{"entity/acme@1", "policy/refunds@2", "settings/settings@1"}},
		{"tombstone again", []dz.ContextEntry{tombstone(dz.TypeEntity, "globex"), tombstone(dz.TypeEntity, "never-was")},
			0, []string{"entity/acme@1", "policy/refunds@2", "settings/settings@1"}},
		{"revived with an old hash", []dz.ContextEntry{entry(dz.TypeEntity, "globex", 1)},
			1, []string{"entity/acme@1", "entity/globex@3", "policy/refunds@2", "settings/settings@1"}},
		{"twice in one batch", []dz.ContextEntry{entry(dz.TypeSource, "faq", 1), entry(dz.TypeSource, "faq", 2), entry(dz.TypeSource, "faq", 2)},
			2, []string{"entity/acme@1", "entity/globex@3", "policy/refunds@2", "settings/settings@1", "source/faq@2"}},
	}
	other := workspace(t, s, "globex")
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			before, err := s.ContextRevision(ctx(t), ws.ID)
			must(t, err)
			n, err := s.PutContext(ctx(t), ws.ID, st.entries)
			must(t, err)
			if n != st.wantNew {
				t.Errorf("PutContext new = %d, want %d", n, st.wantNew)
			}
			after, err := s.ContextRevision(ctx(t), ws.ID)
			must(t, err)
			if changed := after != before; changed != (n > 0) {
				t.Errorf("revision %d → %d after %d new versions: it must change exactly when a version is stored", before, after, n)
			}
			if rev, err := s.ContextRevision(ctx(t), other.ID); err != nil || rev != 0 {
				t.Errorf("another workspace's revision = %d, %v; want 0", rev, err)
			}
			got, err := s.Context(ctx(t), ws.ID)
			must(t, err)
			var live []string
			for _, e := range got {
				live = append(live, fmt.Sprintf("%s/%s@%d", e.Type, e.ID, e.Version))
				if e.WorkspaceID != ws.ID || e.Deleted || e.CreatedAt.IsZero() {
					t.Errorf("live entry %+v", e)
				}
			}
			sameJSON(t, "live entries", live, st.live)
		})
	}
	t.Run("old versions", func(t *testing.T) { testContextVersions(t, s, ws.ID) })
	t.Run("bad entries", func(t *testing.T) { testContextInvalid(t, s, ws.ID) })
	t.Run("concurrent puts", func(t *testing.T) { testConcurrentPuts(t, open(t)) })
}

// testConcurrentPuts changes one entry from several goroutines at once:
// every change must become its own version, numbered without gaps.
func testConcurrentPuts(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			added, err := s.PutContext(ctx(t), ws.ID, []dz.ContextEntry{entry(dz.TypePolicy, "race", i)})
			if err == nil && added != 1 {
				err = fmt.Errorf("put %d added %d versions", i, added)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for _, err := range errs {
		must(t, err)
	}
	hashes := map[string]bool{}
	for v := 1; v <= n; v++ {
		e, err := s.ContextVersion(ctx(t), ws.ID, dz.TypePolicy, "race", v)
		must(t, err)
		hashes[e.Hash] = true
	}
	if len(hashes) != n {
		t.Fatalf("%d distinct hashes in versions 1..%d", len(hashes), n)
	}
	_, err := s.ContextVersion(ctx(t), ws.ID, dz.TypePolicy, "race", n+1)
	wantCode(t, err, dz.ENOTFOUND)
}

// testContextVersions reads back old versions, tombstones included.
func testContextVersions(t *testing.T, s dz.Store, wsID int64) {
	cases := []struct {
		name    string
		typ     dz.ContextType
		id      string
		version int
		want    *dz.ContextEntry // nil: ENOTFOUND
	}{
		{"first version", dz.TypePolicy, "refunds", 1, &dz.ContextEntry{Version: 1, Hash: "sha256:refunds-1", Body: json.RawMessage(`{"id":"refunds","v":1}`)}},
		{"second version", dz.TypePolicy, "refunds", 2, &dz.ContextEntry{Version: 2, Hash: "sha256:refunds-2", Body: json.RawMessage(`{"id":"refunds","v":2}`)}},
		{"tombstone", dz.TypeEntity, "globex", 2, &dz.ContextEntry{Version: 2, Deleted: true}},
		{"no such version", dz.TypePolicy, "refunds", 3, nil},
		{"version zero", dz.TypePolicy, "refunds", 0, nil},
		{"other type", dz.TypeEntity, "refunds", 1, nil},
		{"unknown id", dz.TypePolicy, "nothing", 1, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.ContextVersion(ctx(t), wsID, tc.typ, tc.id, tc.version)
			if tc.want == nil {
				wantCode(t, err, dz.ENOTFOUND)
				return
			}
			must(t, err)
			if got.Type != tc.typ || got.ID != tc.id || got.Version != tc.want.Version || got.Deleted != tc.want.Deleted || got.WorkspaceID != wsID {
				t.Fatalf("ContextVersion = %+v, want %+v", got, tc.want)
			}
			if !tc.want.Deleted {
				if got.Hash != tc.want.Hash {
					t.Fatalf("hash = %q, want %q", got.Hash, tc.want.Hash)
				}
				sameJSON(t, "body", got.Body, tc.want.Body)
			}
		})
	}
}

// testContextInvalid checks that a bad entry stores nothing of its batch.
func testContextInvalid(t *testing.T, s dz.Store, wsID int64) {
	before, err := s.Context(ctx(t), wsID)
	must(t, err)
	good := entry(dz.TypePlaybook, "late", 1)
	cases := []struct {
		name string
		bad  dz.ContextEntry
	}{
		{"unknown type", dz.ContextEntry{Type: "widget", ID: "w", Hash: "h", Body: json.RawMessage(`{}`)}},
		{"no id", dz.ContextEntry{Type: dz.TypeEntity, Hash: "h", Body: json.RawMessage(`{}`)}},
		{"no hash", dz.ContextEntry{Type: dz.TypeEntity, ID: "x", Body: json.RawMessage(`{}`)}},
		{"body not json", dz.ContextEntry{Type: dz.TypeEntity, ID: "x", Hash: "h", Body: json.RawMessage(`{nope`)}},
		{"no body", dz.ContextEntry{Type: dz.TypeEntity, ID: "x", Hash: "h"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.PutContext(ctx(t), wsID, []dz.ContextEntry{good, tc.bad})
			wantCode(t, err, dz.EINVALID)
			after, err := s.Context(ctx(t), wsID)
			must(t, err)
			sameJSON(t, "context after a failed put", after, before)
		})
	}
	t.Run("unknown workspace", func(t *testing.T) {
		_, err := s.PutContext(ctx(t), wsID+1000, []dz.ContextEntry{good})
		wantCode(t, err, dz.ENOTFOUND)
	})
}
