package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/postgres"
	"github.com/delegatezero/dz/internal/storetest"
	"github.com/jackc/pgx/v5"
)

// serverURL is the PostgreSQL server the tests create databases on.
func serverURL() string {
	if u := os.Getenv("DZ_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://root@127.0.0.1:5432/postgres?sslmode=disable"
}

// freshDatabase creates an empty database dropped when the test ends and
// returns its URL. It skips when no server answers, unless CI=true, where
// a missing database is a failure.
func freshDatabase(tb testing.TB) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, serverURL())
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("PostgreSQL is required in CI: %v", err)
		}
		tb.Skipf("PostgreSQL not reachable (set DZ_TEST_POSTGRES): %v", err)
	}
	defer admin.Close(context.Background())
	name := "dz_test_" + hex.EncodeToString([]byte(rand.Text())[:6])
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("create database: %v", err)
	}
	tb.Cleanup(func() { dropDatabase(tb, name) })
	u, err := url.Parse(serverURL())
	if err != nil {
		tb.Fatalf("DZ_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// dropDatabase removes a test database, closing what still uses it.
func dropDatabase(tb testing.TB, name string) {
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, serverURL())
	if err != nil {
		tb.Errorf("drop %s: %v", name, err)
		return
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		tb.Errorf("drop %s: %v", name, err)
	}
}

// open returns a store on a fresh database that closes with the test.
func open(t *testing.T) dz.Store {
	t.Helper()
	db, err := postgres.Open(t.Context(), freshDatabase(t), nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestStore(t *testing.T) { storetest.Run(t, open) }

// TestReopen checks that a second Open finds the migrations applied.
func TestReopen(t *testing.T) {
	dsn := freshDatabase(t)
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
	db, err := postgres.Open(b.Context(), freshDatabase(b), nil)
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	defer db.Close()
	storetest.BenchCreateDecision(b, db)
}

// BenchmarkCreateDecisionParallel is the same with concurrent callers.
func BenchmarkCreateDecisionParallel(b *testing.B) {
	db, err := postgres.Open(b.Context(), freshDatabase(b), nil)
	if err != nil {
		b.Fatalf("open: %v", err)
	}
	defer db.Close()
	storetest.BenchCreateDecisionParallel(b, db)
}
