package sqlite

import (
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
	// Let the checkpointer copy what opening wrote, then measure.
	deadline := time.Now().Add(5 * time.Second)
	for before := int64(-1); ; time.Sleep(10 * checkpointEvery) {
		if s := size(); s == before || time.Now().After(deadline) {
			break
		} else {
			before = s
		}
	}
	before := size()
	for i := range 200 { // about 50 pages: far below writerCheckpointPages
		if _, err := db.CreateWorkspace(t.Context(), "ws-"+string(rune('a'+i%26))+string(rune('a'+i/26)), "A workspace with a long enough name to fill a page sooner"); err != nil {
			t.Fatal(err)
		}
	}
	for size() <= before {
		if time.Now().After(deadline.Add(5 * time.Second)) {
			t.Fatalf("the database file is still %d bytes: the writes stayed in the WAL", before)
		}
		time.Sleep(checkpointEvery)
	}
}
