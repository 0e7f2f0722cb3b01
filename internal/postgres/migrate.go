package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key that keeps two servers starting
// at once from applying the same migration twice.
const migrationLock = 0x647a6d6967 // "dzmig"

// migrate applies every embedded migration not yet recorded in
// schema_migrations, each in its own transaction, in file-name order.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("list migrations: %w", err)
	}
	for _, name := range names { // Glob sorts, and names are zero-padded
		if err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error { return tx.applyMigration(ctx, name) }); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// applyMigration runs one migration file unless it was applied before.
func (tx *Tx) applyMigration(ctx context.Context, name string) error {
	base := strings.TrimPrefix(name, "migrations/")
	version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
	if err != nil {
		return fmt.Errorf("file name does not start with a number: %w", err)
	}
	script, err := migrations.ReadFile(name)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(migrationLock)); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var done bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, version).Scan(&done); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	if done {
		return nil
	}
	if _, err := tx.Exec(ctx, string(script)); err != nil {
		return fmt.Errorf("apply: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		version, base, tx.now); err != nil {
		return fmt.Errorf("record: %w", err)
	}
	return nil
}
