package storetest

import (
	"testing"

	"github.com/delegatezero/dz"
)

// testKeys covers key creation, lookup by hash, listing and revocation.
func testKeys(t *testing.T, open opener) {
	s := open(t)
	ws := workspace(t, s, "acme")
	key := &dz.APIKey{ID: "dzk_0001", WorkspaceID: ws.ID, Name: "zapier", Profiles: []string{"support", "billing"}}
	must(t, s.CreateKey(ctx(t), key, "hash-1"))

	t.Run("lookup by hash", func(t *testing.T) {
		got, err := s.KeyByHash(ctx(t), "hash-1")
		must(t, err)
		if got.ID != key.ID || got.WorkspaceID != ws.ID || got.Name != "zapier" || got.CreatedAt.IsZero() || got.RevokedAt != nil {
			t.Fatalf("KeyByHash = %+v", got)
		}
		sameJSON(t, "profiles", got.Profiles, key.Profiles)
	})
	t.Run("unknown hash", func(t *testing.T) {
		_, err := s.KeyByHash(ctx(t), "hash-x")
		wantCode(t, err, dz.ENOTFOUND)
	})
	bad := []struct {
		name string
		key  *dz.APIKey
		hash string
		code string
	}{
		{"same id", &dz.APIKey{ID: "dzk_0001", WorkspaceID: ws.ID}, "hash-2", dz.ECONFLICT},
		{"same hash", &dz.APIKey{ID: "dzk_0002", WorkspaceID: ws.ID}, "hash-1", dz.ECONFLICT},
		{"no id", &dz.APIKey{WorkspaceID: ws.ID}, "hash-3", dz.EINVALID},
		{"no hash", &dz.APIKey{ID: "dzk_0003", WorkspaceID: ws.ID}, "", dz.EINVALID},
		{"unknown workspace", &dz.APIKey{ID: "dzk_0004", WorkspaceID: ws.ID + 1000}, "hash-4", dz.ENOTFOUND},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, s.CreateKey(ctx(t), tc.key, tc.hash), tc.code)
		})
	}
	t.Run("list and revoke", func(t *testing.T) {
		must(t, s.CreateKey(ctx(t), &dz.APIKey{ID: "dzk_0005", WorkspaceID: ws.ID, Name: "cli"}, "hash-5"))
		must(t, s.RevokeKey(ctx(t), ws.ID, "dzk_0001"))
		_, err := s.KeyByHash(ctx(t), "hash-1")
		wantCode(t, err, dz.ENOTFOUND)
		if _, err := s.KeyByHash(ctx(t), "hash-5"); err != nil {
			t.Fatalf("the other key stopped working: %v", err)
		}
		keys, err := s.ListKeys(ctx(t), ws.ID)
		must(t, err)
		if len(keys) != 2 || keys[0].ID != "dzk_0001" || keys[1].ID != "dzk_0005" {
			t.Fatalf("ListKeys = %+v, want dzk_0001 then dzk_0005", keys)
		}
		if keys[0].RevokedAt == nil || keys[1].RevokedAt != nil {
			t.Fatalf("revoked_at = %v, %v; want only the first set", keys[0].RevokedAt, keys[1].RevokedAt)
		}
		must(t, s.RevokeKey(ctx(t), ws.ID, "dzk_0001")) // revoking twice is harmless
		wantCode(t, s.RevokeKey(ctx(t), ws.ID, "dzk_none"), dz.ENOTFOUND)
	})
}
