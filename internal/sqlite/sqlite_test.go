package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/sqlite"
	"github.com/delegatezero/dz/internal/storetest"
)

// open returns a store on a fresh file that closes with the test.
func open(t *testing.T) dz.Store {
	t.Helper()
	db, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) { storetest.Run(t, open) }
