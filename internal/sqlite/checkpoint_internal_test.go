package sqlite

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Writes reach the database file without the writer checkpointing: the
// background checkpointer copies them from the WAL long before the
// writer's own threshold.
func TestCheckpointerCopiesWritesIntoTheDatabaseFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dz.db")
	db, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	// Let the checkpointer copy what opening wrote: the size settles.
	before := size()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		time.Sleep(10 * checkpointEvery)
		s := size()
		if s == before {
			break
		}
		before = s
	}
	for i := range 200 { // about 50 pages: far below writerCheckpointPages
		if _, err := db.CreateWorkspace(t.Context(), fmt.Sprintf("ws-%03d", i), "A workspace with a long enough name to fill a page sooner"); err != nil {
			t.Fatal(err)
		}
	}
	for deadline := time.Now().Add(5 * time.Second); size() <= before; time.Sleep(checkpointEvery) {
		if time.Now().After(deadline) {
			t.Fatalf("the database file is still %d bytes: the writes stayed in the WAL", before)
		}
	}
}
