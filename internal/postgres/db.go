// Package postgres is the dz.Store for running at scale: several stateless
// `dz serve` processes share one PostgreSQL database through pgx.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DB is a dz.Store on a PostgreSQL database.
type DB struct {
	pool *pgxpool.Pool
	now  func() time.Time
}

var _ dz.Store = (*DB)(nil)

// Open connects to the database at url and applies the embedded
// migrations. now is the clock for every timestamp; nil means time.Now.
func Open(ctx context.Context, url string, now func() time.Time) (*DB, error) {
	if now == nil {
		now = time.Now
	}
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	db := &DB{pool: pool, now: now}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return db, nil
}

// Close closes the connection pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Tx is a transaction with the one instant its writes are stamped with.
type Tx struct {
	pgx.Tx
	now time.Time
}

// maxAttempts bounds the retries of a transaction that failed to serialize.
const maxAttempts = 8

// tx runs fn in a transaction at the given isolation level and commits it.
// A serialization failure (40001) or deadlock (40P01) reruns fn in a new
// transaction, so fn must only set its results on success.
func (db *DB) tx(ctx context.Context, iso pgx.TxIsoLevel, fn func(*Tx) error) error {
	var err error
	for range maxAttempts {
		if err = db.tryTx(ctx, iso, fn); !retryable(err) {
			return err
		}
	}
	return fmt.Errorf("postgres: gave up after %d serialization failures: %w", maxAttempts, err)
}

// tryTx is one attempt of tx: begin, defer rollback, fn, commit.
func (db *DB) tryTx(ctx context.Context, iso pgx.TxIsoLevel, fn func(*Tx) error) error {
	ptx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: iso})
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer ptx.Rollback(context.WithoutCancel(ctx))
	if err := fn(&Tx{Tx: ptx, now: db.now().UTC().Truncate(time.Microsecond)}); err != nil {
		return err
	}
	if err := ptx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// sqlState returns the SQLSTATE of a PostgreSQL error in err's chain, or "".
func sqlState(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// retryable reports a serialization failure or a deadlock.
func retryable(err error) bool {
	s := sqlState(err)
	return s == "40001" || s == "40P01"
}

// isUnique reports a unique or primary key violation.
func isUnique(err error) bool { return sqlState(err) == "23505" }

// constraint names the unique constraint err violated, or "".
func constraint(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return pe.ConstraintName
	}
	return ""
}

// utc normalizes a time read back from PostgreSQL.
func utc(t time.Time) time.Time { return t.UTC() }

// requireWorkspace returns ENOTFOUND unless the workspace exists.
func (tx *Tx) requireWorkspace(ctx context.Context, id int64) error {
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM workspaces WHERE id = $1)`, id).Scan(&ok)
	if err != nil {
		return fmt.Errorf("postgres: find workspace %d: %w", id, err)
	}
	if !ok {
		return dz.Errorf(dz.ENOTFOUND, "workspace %d does not exist", id)
	}
	return nil
}
