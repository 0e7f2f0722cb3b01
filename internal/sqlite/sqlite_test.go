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

// TestReopen checks that migrations run once and data survives a reopen.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dz.db")
	db, err := sqlite.Open(path, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	if _, err := db.CreateWorkspace(t.Context(), "acme", "Acme"); err != nil {
		t.Fatalf("create: %v", err)
	}
	db.Close()
	db, err = sqlite.Open(path, nil)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	if _, err := db.WorkspaceBySlug(t.Context(), "acme"); err != nil {
		t.Fatalf("after reopen: %v", err)
	}
}

// BenchmarkCreateDecision stores one decision and one job per transaction.
func BenchmarkCreateDecision(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "dz.db"), nil)
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	defer db.Close()
	storetest.BenchCreateDecision(b, db)
}

// BenchmarkCreateDecisionParallel is the same with concurrent callers.
func BenchmarkCreateDecisionParallel(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "dz.db"), nil)
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	defer db.Close()
	storetest.BenchCreateDecisionParallel(b, db)
}

// BenchmarkCreateDecisionAudit compares storing decisions with and
// without their audit records.
func BenchmarkCreateDecisionAudit(b *testing.B) {
	db, err := sqlite.Open(filepath.Join(b.TempDir(), "dz.db"), nil)
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	defer db.Close()
	storetest.BenchCreateDecisionAudit(b, db)
}
