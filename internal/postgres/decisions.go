package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
)

// CreateDecision stores a decision and its jobs in one transaction. A
// request_id already used in the workspace returns the stored decision
// with created=false when the request hash matches and ECONFLICT when it
// does not; the retry's jobs are not enqueued. Concurrent duplicates are
// settled by the unique index on (workspace_id, request_id): the INSERT
// waits for the first transaction and then does nothing. A zero CreatedAt
// takes the transaction's time.
func (db *DB) CreateDecision(ctx context.Context, rec *dz.DecisionRecord, jobs []dz.Job) (*dz.DecisionRecord, bool, error) {
	if err := dz.ValidateDecisionRecord(rec); err != nil {
		return nil, false, err
	}
	var stored *dz.DecisionRecord
	var created bool
	err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		s, err := tx.insertDecision(ctx, rec)
		if err != nil {
			return err
		}
		if s == nil {
			stored, created, err = tx.previousDecision(ctx, rec)
			return err
		}
		stored, created = s, true
		if err := tx.enqueue(ctx, rec.WorkspaceID, jobs); err != nil {
			return err
		}
		return tx.recordAudit(ctx, rec) // last: it holds the log's lock until the commit
	})
	if err != nil {
		return nil, false, err
	}
	return stored, created, nil
}

// previousDecision answers a retry of a request_id already stored.
func (tx *Tx) previousDecision(ctx context.Context, rec *dz.DecisionRecord) (*dz.DecisionRecord, bool, error) {
	prev, err := tx.decisionWhere(ctx, `workspace_id = $1 AND request_id = $2`, rec.WorkspaceID, rec.Request.RequestID)
	if err != nil {
		return nil, false, err
	}
	if prev.RequestHash != rec.RequestHash {
		return nil, false, dz.Errorf(dz.ECONFLICT, "request_id %q was already used for a different request", rec.Request.RequestID)
	}
	return prev, false, nil
}

// insertDecision writes a copy of rec stamped with its times; it returns
// nil, nil when the request_id is taken.
func (tx *Tx) insertDecision(ctx context.Context, rec *dz.DecisionRecord) (*dz.DecisionRecord, error) {
	stored := *rec
	stored.CreatedAt = rec.CreatedAt.UTC().Truncate(time.Microsecond)
	if rec.CreatedAt.IsZero() {
		stored.CreatedAt = tx.now
	}
	stored.UpdatedAt = tx.now
	body, err := dz.EncodeDecisionRecord(&stored)
	if err != nil {
		return nil, fmt.Errorf("postgres: encode decision %s: %w", rec.ID, err)
	}
	var requestID *string
	if rid := rec.Request.RequestID; rid != "" {
		requestID = &rid
	}
	tag, err := tx.Exec(ctx, `INSERT INTO decisions (workspace_id, id, status, outcome, entity, intent, search, risk_level, request_id, request_hash, body, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (workspace_id, request_id) WHERE request_id IS NOT NULL DO NOTHING`,
		rec.WorkspaceID, rec.ID, rec.Status, string(rec.Decision.Decision), rec.Entity, rec.Intent, dz.SearchText(rec), rec.RiskLevel,
		requestID, rec.RequestHash, string(body), stored.CreatedAt, stored.UpdatedAt)
	if isUnique(err) {
		return nil, dz.Errorf(dz.ECONFLICT, "decision %s already exists", rec.ID)
	}
	if sqlState(err) == "23503" { // foreign key: saves a round trip checking first
		return nil, dz.Errorf(dz.ENOTFOUND, "workspace %d does not exist", rec.WorkspaceID)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: insert decision %s: %w", rec.ID, err)
	}
	if tag.RowsAffected() == 0 {
		return nil, nil
	}
	return &stored, nil
}

// UpdateDecision replaces a stored decision (an async one completing) and
// enqueues jobs, in one transaction. Its created_at, request_id and
// request hash stay as first stored. ENOTFOUND if absent.
func (db *DB) UpdateDecision(ctx context.Context, rec *dz.DecisionRecord, jobs []dz.Job) error {
	if err := dz.ValidateDecisionRecord(rec); err != nil {
		return err
	}
	return db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		prev, err := tx.decisionWhere(ctx, `workspace_id = $1 AND id = $2 FOR UPDATE`, rec.WorkspaceID, rec.ID)
		if err != nil {
			return err
		}
		next := *rec
		next.Request.RequestID, next.RequestHash = prev.Request.RequestID, prev.RequestHash
		next.CreatedAt, next.UpdatedAt = prev.CreatedAt, tx.now
		body, err := json.Marshal(&next)
		if err != nil {
			return fmt.Errorf("postgres: encode decision %s: %w", rec.ID, err)
		}
		_, err = tx.Exec(ctx, `UPDATE decisions SET status = $1, outcome = $2, entity = $3, intent = $4, search = $5, risk_level = $6, body = $7, updated_at = $8
			WHERE workspace_id = $9 AND id = $10`, next.Status, string(next.Decision.Decision), next.Entity, next.Intent, dz.SearchText(&next),
			next.RiskLevel, string(body), tx.now, rec.WorkspaceID, rec.ID)
		if err != nil {
			return fmt.Errorf("postgres: update decision %s: %w", rec.ID, err)
		}
		if err := tx.enqueue(ctx, rec.WorkspaceID, jobs); err != nil {
			return err
		}
		if rec.Audit != nil {
			return tx.appendAudit(ctx, rec.Audit) // last: it holds the log's lock until the commit
		}
		return nil
	})
}

// Decision returns ENOTFOUND for an unknown id or another workspace's.
func (db *DB) Decision(ctx context.Context, workspaceID int64, id string) (*dz.DecisionRecord, error) {
	if !dz.StorableText(id) {
		return nil, dz.Errorf(dz.ENOTFOUND, "decision %q does not exist", id)
	}
	return decisionWhere(ctx, db.pool, `workspace_id = $1 AND id = $2`, workspaceID, id)
}

// decisionWhere reads the one decision matching where in the transaction.
func (tx *Tx) decisionWhere(ctx context.Context, where string, args ...any) (*dz.DecisionRecord, error) {
	return decisionWhere(ctx, tx.Tx, where, args...)
}

// querier is a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// decisionWhere reads the one decision matching where; ENOTFOUND if none.
func decisionWhere(ctx context.Context, q querier, where string, args ...any) (*dz.DecisionRecord, error) {
	row := q.QueryRow(ctx, `SELECT workspace_id, body, created_at, updated_at FROM decisions WHERE `+where, args...)
	rec, err := scanDecision(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "decision %v does not exist", args[len(args)-1])
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read decision: %w", err)
	}
	return rec, nil
}

// scanDecision reads workspace_id, body, created_at, updated_at; the
// columns win over the body's copies.
func scanDecision(row pgx.Row) (*dz.DecisionRecord, error) {
	rec := &dz.DecisionRecord{}
	var wsID int64
	var body string
	var created, updated time.Time
	if err := row.Scan(&wsID, &body, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), rec); err != nil {
		return nil, fmt.Errorf("decode decision: %w", err)
	}
	rec.WorkspaceID, rec.CreatedAt, rec.UpdatedAt = wsID, utc(created), utc(updated)
	return rec, nil
}
