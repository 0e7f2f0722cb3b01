package postgres_test

import (
	"testing"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/pgtest"
	"github.com/delegatezero/dz/internal/postgres"
	"github.com/delegatezero/dz/internal/storetest"
)

// TestAuditTwoServers appends from two stores opened on one database, as
// two `dz serve` processes sharing it: every record gets its own index,
// the tree does not fork, and both agree on one signing key.
func TestAuditTwoServers(t *testing.T) {
	dsn := pgtest.FreshDatabase(t)
	stores := make([]dz.Store, 2)
	for i := range stores {
		db, err := postgres.Open(t.Context(), dsn, nil)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		t.Cleanup(func() { db.Close() })
		stores[i] = db
	}
	storetest.AuditShared(t, stores[0], stores[1])
}
