// Package sqlite is the embedded dz.Store: one SQLite file (modernc.org/sqlite,
// pure Go) in WAL mode, so `dz serve` works on a fresh machine with nothing
// else installed.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/delegatezero/dz"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DB is a dz.Store on one SQLite file. SQLite has a single writer, so
// writes go through one connection that begins every transaction with
// BEGIN IMMEDIATE: writers queue in database/sql instead of failing with
// SQLITE_BUSY, and no transaction has to upgrade a read lock midway.
// Reads use a separate pool that WAL lets run beside the writer.
type DB struct {
	w      *sql.DB
	r      *sql.DB
	stmts  *stmtCache // the writer's prepared statements
	rstmts *stmtCache // the readers' prepared statements, for reads every decision makes
	now    func() time.Time

	creates   chan *createCall // new decisions for the group writer (batch.go)
	quit      chan struct{}    // closed by Close
	stopped   chan struct{}    // closed when the group writer has stopped
	closeOnce sync.Once

	ckpt         *sql.DB       // the background checkpointer's connection (checkpoint.go)
	dirty        chan struct{} // holds a token when the WAL has frames written since the last checkpoint
	checkpointed chan struct{} // closed when the checkpointer has stopped
}

var _ dz.Store = (*DB)(nil)

// The pragmas: WAL for readers beside the writer; synchronous(FULL) so a
// write is on disk before the commit returns (an acknowledged decision
// survives power loss and kill -9, DESIGN §6 — NORMAL may lose the last
// commits on power loss); busy_timeout for other processes on the same
// file, such as `dz keys create` while `dz serve` runs.
const pragmas = "_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"

// writerPragmas are the writer's own: WAL, BEGIN IMMEDIATE, and the
// automatic checkpoint threshold (checkpoint.go).
var writerPragmas = fmt.Sprintf("_pragma=journal_mode(WAL)&_txlock=immediate&_pragma=wal_autocheckpoint(%d)&", writerCheckpointPages)

// Open opens (creating it if needed) the SQLite file at path and applies
// the embedded migrations. now is the clock for every timestamp; nil
// means time.Now.
func Open(path string, now func() time.Time) (*DB, error) {
	if now == nil {
		now = time.Now
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("sqlite: create directory: %w", err)
	}
	w, err := sql.Open("sqlite", "file:"+path+"?"+writerPragmas+pragmas)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	db := &DB{w: w, stmts: &stmtCache{db: w}, now: now}
	if err := db.migrate(context.Background()); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	r, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)&"+pragmas)
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s for reading: %w", path, err)
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()))
	db.r, db.rstmts = r, &stmtCache{db: r}
	if db.ckpt, err = openCheckpointer(path); err != nil {
		r.Close()
		w.Close()
		return nil, err
	}
	db.creates, db.quit, db.stopped = make(chan *createCall), make(chan struct{}), make(chan struct{})
	db.dirty, db.checkpointed = make(chan struct{}, 1), make(chan struct{})
	go db.writeGroups()
	go db.checkpoints()
	return db, nil
}

// Close stops the writer and the checkpointer and closes the connection
// pools.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { close(db.quit) })
	<-db.stopped // a group being written is committed or rolled back first
	<-db.checkpointed
	return errors.Join(db.stmts.close(), db.rstmts.close(), db.r.Close(), db.ckpt.Close(), db.w.Close())
}

// hotQuery runs a fixed read that every decision makes with a statement
// prepared once for the reader pool: preparing it each time cost more
// than running it.
func (db *DB) hotQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st := db.rstmts.lookup(query)
	if st == nil {
		db.rstmts.prepare([]string{query})
		if st = db.rstmts.lookup(query); st == nil {
			return db.r.QueryContext(ctx, query, args...)
		}
	}
	return st.QueryContext(ctx, args...)
}

// Tx is a transaction with the one instant its writes are stamped with.
type Tx struct {
	*sql.Tx
	db         *DB // nil in a read transaction
	now        time.Time
	stmts      *stmtCache // nil in a read transaction
	unprepared []string   // queries to prepare once the transaction ends
}

// begin starts a write transaction (BEGIN IMMEDIATE on the writer).
func (db *DB) begin(ctx context.Context) (*Tx, error) {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin: %w", err)
	}
	return &Tx{Tx: tx, db: db, now: db.now().UTC().Truncate(time.Microsecond), stmts: db.stmts}, nil
}

// Commit commits; after a write it tells the checkpointer.
func (tx *Tx) Commit() error {
	err := tx.Tx.Commit()
	if err == nil && tx.db != nil {
		tx.db.wrote()
	}
	return err
}

// read starts a read transaction on the reader pool: one snapshot for
// methods that read more than once.
func (db *DB) read(ctx context.Context) (*Tx, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: begin read: %w", err)
	}
	return &Tx{Tx: tx, now: db.now().UTC().Truncate(time.Microsecond)}, nil
}

// isUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
func isUnique(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// isForeignKey reports whether err is a FOREIGN KEY violation.
func isForeignKey(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}

// micros and fromMicros convert times to and from the stored integers.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// requireWorkspace returns ENOTFOUND unless the workspace exists.
func (tx *Tx) requireWorkspace(ctx context.Context, id int64) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM workspaces WHERE id = ?`, id).Scan(&n)
	if err != nil {
		return fmt.Errorf("sqlite: find workspace %d: %w", id, err)
	}
	if n == 0 {
		return dz.Errorf(dz.ENOTFOUND, "workspace %d does not exist", id)
	}
	return nil
}

// rowScanner is what scan functions read from: a *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(...any) error }

// collect reads every row with scan and closes rows, like pgx.CollectRows
// does for internal/postgres; the error is wrapped with what was read.
func collect[T any](rows *sql.Rows, what string, scan func(rowScanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: %s: %w", what, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: %s: %w", what, err)
	}
	return out, nil
}
