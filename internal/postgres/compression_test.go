package postgres_test

import (
	"testing"

	"github.com/delegatezero/dz/internal/pgtest"
	"github.com/delegatezero/dz/internal/postgres"
	"github.com/jackc/pgx/v5"
)

// The large JSON columns are not compressed with pglz, whose CPU cost
// bounded throughput: lz4 where the server has it, otherwise stored
// uncompressed.
func TestLargeColumnsAvoidPglz(t *testing.T) {
	dsn := pgtest.FreshDatabase(t)
	db, err := postgres.Open(t.Context(), dsn, nil)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	db.Close()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	for _, col := range [][2]string{{"decisions", "body"}, {"decisions", "search"}, {"audit_records", "fields"}} {
		var storage, compression string
		err := conn.QueryRow(t.Context(), `SELECT attstorage::text, attcompression::text FROM pg_attribute
			WHERE attrelid = $1::regclass AND attname = $2`, col[0], col[1]).Scan(&storage, &compression)
		if err != nil {
			t.Fatal(err)
		}
		if compression != "l" && storage != "e" {
			t.Errorf("%s.%s: storage %q, compression %q; want lz4 (l) or external storage (e)", col[0], col[1], storage, compression)
		}
	}
}
