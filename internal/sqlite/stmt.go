package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// stmtCache keeps the writer's statements prepared: parsing SQL was a
// quarter of CreateDecision's CPU time. The writer has one connection, so
// each statement is prepared once.
type stmtCache struct {
	mu     sync.Mutex
	db     *sql.DB
	m      map[string]*sql.Stmt
	closed bool
}

// lookup returns the prepared statement for query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// prepare prepares queries not yet cached. It must not run inside a write
// transaction: it needs the writer's only connection.
func (c *stmtCache) prepare(queries []string) {
	for _, q := range queries {
		if c.lookup(q) != nil {
			continue
		}
		st, err := c.db.Prepare(q)
		if err != nil {
			continue // the query runs unprepared; its error shows there
		}
		c.mu.Lock()
		if _, dup := c.m[q]; dup || c.closed {
			st.Close()
		} else {
			if c.m == nil {
				c.m = map[string]*sql.Stmt{}
			}
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}

// close closes every prepared statement.
func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, st := range c.m {
		errs = append(errs, st.Close())
	}
	c.m, c.closed = nil, true
	return errors.Join(errs...)
}

// stmt returns query prepared for this transaction, or nil when it is not
// cached yet (it is prepared after the transaction ends) or this is a
// read transaction.
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if tx.stmts == nil {
		return nil
	}
	st := tx.stmts.lookup(query)
	if st == nil {
		tx.unprepared = append(tx.unprepared, query)
		return nil
	}
	return tx.Tx.StmtContext(ctx, st)
}

// Rollback ends the transaction if Commit did not, then prepares the
// statements it ran unprepared, now that the writer is free.
func (tx *Tx) Rollback() error {
	err := tx.Tx.Rollback()
	if len(tx.unprepared) > 0 {
		tx.stmts.prepare(tx.unprepared)
		tx.unprepared = nil
	}
	return err
}

// ExecContext runs a statement in the transaction, prepared when cached.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st := tx.stmt(ctx, query)
	if st == nil {
		return tx.Tx.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// QueryContext runs a query in the transaction, prepared when cached.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st := tx.stmt(ctx, query)
	if st == nil {
		return tx.Tx.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query in the transaction, prepared when cached.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st := tx.stmt(ctx, query)
	if st == nil {
		return tx.Tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}
