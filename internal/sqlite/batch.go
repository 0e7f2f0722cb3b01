package sqlite

import (
	"context"
	"errors"
	"fmt"

	"github.com/delegatezero/dz"
)

// maxBatch is the most new decisions one transaction commits together.
const maxBatch = 32

// The single writer's turn limits how many decisions SQLite stores a
// second, and most of a turn is the commit: with synchronous(FULL) every
// commit waits for the disk. So new decisions are written in groups: one
// goroutine takes every decision waiting when its turn comes, writes each
// inside its own savepoint — a decision that fails leaves the others
// alone — and commits them together. Each caller is answered only after
// the commit, so an acknowledged decision is on disk as before.

// createCall is one CreateDecision waiting for the group writer.
type createCall struct {
	ctx  context.Context
	row  *decisionRow
	jobs []dz.Job
	done chan createResult // buffered: the writer never waits on a caller
}

// createResult is what the group writer answers a call with.
type createResult struct {
	stored  *dz.DecisionRecord
	created bool
	err     error
}

// errClosed answers calls after Close.
var errClosed = errors.New("sqlite: the store is closed")

// create hands a new decision to the group writer and waits for its
// answer. A caller whose context ends before the hand-over gets the
// context's error; after it, the answer comes once the group is written.
func (db *DB) create(ctx context.Context, row *decisionRow, jobs []dz.Job) (*dz.DecisionRecord, bool, error) {
	call := &createCall{ctx: ctx, row: row, jobs: jobs, done: make(chan createResult, 1)}
	select {
	case db.creates <- call:
	case <-db.quit:
		return nil, false, errClosed
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	// Once handed over, the call is answered after its group commits or
	// fails: waiting for that, rather than for ctx, means a caller never
	// gives up on a decision that is then stored.
	r := <-call.done
	return r.stored, r.created, r.err
}

// writeGroups is the group writer: it runs until Close.
func (db *DB) writeGroups() {
	defer close(db.stopped)
	for {
		var group []*createCall
		select {
		case c := <-db.creates:
			group = append(group, c)
		case <-db.quit:
			return
		}
	more:
		for len(group) < maxBatch {
			select {
			case c := <-db.creates:
				group = append(group, c)
			default:
				break more
			}
		}
		db.writeGroup(group)
	}
}

// writeGroup writes a group of new decisions in one transaction and
// answers every call.
func (db *DB) writeGroup(group []*createCall) {
	defer func() { // a panic must not leave callers waiting, nor stop the writer
		if p := recover(); p != nil {
			err := fmt.Errorf("sqlite: writing decisions failed: %v", p)
			for _, c := range group {
				select {
				case c.done <- createResult{err: err}:
				default: // already answered
				}
			}
		}
	}()
	results := make([]createResult, len(group))
	err := db.writeGroupTx(group, results)
	for i, c := range group {
		if err != nil {
			results[i] = createResult{err: err} // nothing of the group was stored
		}
		c.done <- results[i]
	}
}

// writeGroupTx runs the group's transaction, filling each call's result.
func (db *DB) writeGroupTx(group []*createCall, results []createResult) error {
	tx, err := db.begin(context.Background())
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i, c := range group {
		if err := c.ctx.Err(); err != nil {
			results[i].err = err // the caller left before its turn: not stored
			continue
		}
		// Statements do not follow the caller's cancellation once its turn
		// has come: interrupting one would roll back the whole group.
		ctx := context.WithoutCancel(c.ctx)
		if _, err := tx.ExecContext(ctx, `SAVEPOINT decision`); err != nil {
			return fmt.Errorf("sqlite: savepoint: %w", err)
		}
		r := tx.createDecision(ctx, c.row, c.jobs)
		if r.err != nil || !r.created {
			// Undo whatever the failed or retried decision wrote; the rest of the group stands.
			if _, err := tx.ExecContext(ctx, `ROLLBACK TO decision`); err != nil {
				return fmt.Errorf("sqlite: roll back to savepoint: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `RELEASE decision`); err != nil {
			return fmt.Errorf("sqlite: release savepoint: %w", err)
		}
		results[i] = r
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: create decisions: %w", err)
	}
	return nil
}

// createDecision writes one new decision inside the group's transaction:
// the stored one for a retried request_id, ECONFLICT for a reused one.
func (tx *Tx) createDecision(ctx context.Context, row *decisionRow, jobs []dz.Job) createResult {
	rec := row.rec
	if rid := rec.Request.RequestID; rid != "" {
		prev, err := tx.decisionWhere(ctx, `workspace_id = ? AND request_id = ?`, rec.WorkspaceID, rid)
		if err == nil && prev.RequestHash != rec.RequestHash {
			return createResult{err: dz.Errorf(dz.ECONFLICT, "request_id %q was already used for a different request", rid)}
		}
		if err == nil || dz.ErrorCode(err) != dz.ENOTFOUND {
			return createResult{stored: prev, err: err}
		}
	}
	if err := tx.insertDecision(ctx, row); err != nil {
		return createResult{err: err}
	}
	if err := tx.recordAudit(ctx, row); err != nil {
		return createResult{err: err}
	}
	if err := tx.enqueue(ctx, rec.WorkspaceID, jobs); err != nil {
		return createResult{err: err}
	}
	return createResult{stored: row.stored, created: true}
}
