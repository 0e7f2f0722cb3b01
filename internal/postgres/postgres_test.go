package postgres_test

import (
	"testing"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/pgtest"
	"github.com/delegatezero/dz/internal/postgres"
	"github.com/delegatezero/dz/internal/storetest"
)

// open returns a store on a fresh database that closes with the test.
func open(t *testing.T) dz.Store {
	t.Helper()
	db, err := postgres.Open(t.Context(), pgtest.FreshDatabase(t), nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) { storetest.Run(t, open) }

// TestReopen checks that a second Open finds the migrations applied.
func TestReopen(t *testing.T) {
	dsn := pgtest.FreshDatabase(t)
	for range 2 {
		db, err := postgres.Open(t.Context(), dsn, nil)
		if err != nil {
			t.Fatalf("open: %v", err)
		}
		db.Close()
	}
}

// BenchmarkCreateDecision stores one decision and one job per transaction.
func BenchmarkCreateDecision(b *testing.B) {
	db, err := postgres.Open(b.Context(), pgtest.FreshDatabase(b), nil)
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	defer db.Close()
	storetest.BenchCreateDecision(b, db)
}

// BenchmarkCreateDecisionParallel is the same with concurrent callers.
func BenchmarkCreateDecisionParallel(b *testing.B) {
	db, err := postgres.Open(b.Context(), pgtest.FreshDatabase(b), nil)
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	defer db.Close()
	storetest.BenchCreateDecisionParallel(b, db)
}
