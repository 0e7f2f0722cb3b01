package storetest

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// testWorkspaces covers slug rules, conflicts and lookup by slug.
func testWorkspaces(t *testing.T, open opener) {
	s := open(t)
	cases := []struct {
		name, slug, code string
	}{
		{"plain", "acme", ""},
		{"digits and dash", "acme-2", ""},
		{"one letter", "a", ""},
		{"longest", strings.Repeat("a", 63), ""},
		{"taken", "acme", dz.ECONFLICT},
		{"empty", "", dz.EINVALID},
		{"upper case", "Acme", dz.EINVALID},
		{"space", "acme corp", dz.EINVALID},
		{"underscore", "acme_x", dz.EINVALID},
		{"non-ascii", "acmé", dz.EINVALID},
		{"leading dash", "-acme", dz.EINVALID},
		{"too long", strings.Repeat("a", 64), dz.EINVALID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ws, err := s.CreateWorkspace(ctx(t), tc.slug, "Acme Inc")
			wantCode(t, err, tc.code)
			if err != nil {
				return
			}
			if ws.ID == 0 || ws.Slug != tc.slug || ws.Name != "Acme Inc" || ws.CreatedAt.IsZero() {
				t.Fatalf("created %+v", ws)
			}
			got, err := s.WorkspaceBySlug(ctx(t), tc.slug)
			must(t, err)
			if got.ID != ws.ID || got.Slug != ws.Slug || got.Name != ws.Name || !got.CreatedAt.Equal(ws.CreatedAt) {
				t.Fatalf("by slug = %+v, want %+v", got, ws)
			}
		})
	}
	t.Run("unknown slug", func(t *testing.T) {
		_, err := s.WorkspaceBySlug(ctx(t), "nobody")
		wantCode(t, err, dz.ENOTFOUND)
	})
	t.Run("distinct ids", func(t *testing.T) {
		a, b := workspace(t, s, "first"), workspace(t, s, "second")
		if a.ID == b.ID {
			t.Fatalf("two workspaces share id %d", a.ID)
		}
	})
}
