// Package pgtest gives tests a fresh PostgreSQL database on the server
// named by DZ_TEST_POSTGRES (default: the local server, trust auth). When
// no server answers, a test skips locally but fails when CI=true, where
// the database is expected.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ServerURL is the PostgreSQL server tests create databases on.
func ServerURL() string {
	if u := os.Getenv("DZ_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://root@127.0.0.1:5432/postgres?sslmode=disable"
}

// FreshDatabase creates an empty database, dropped (with its connections)
// when the test ends, and returns its URL.
func FreshDatabase(tb testing.TB) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, ServerURL())
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
	tb.Cleanup(func() { drop(tb, name) })
	u, err := url.Parse(ServerURL())
	if err != nil {
		tb.Fatalf("DZ_TEST_POSTGRES: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// drop removes a test database, closing what still uses it.
func drop(tb testing.TB, name string) {
	ctx := context.Background()
	admin, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		tb.Errorf("drop %s: %v", name, err)
		return
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		tb.Errorf("drop %s: %v", name, err)
	}
}
