package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/delegatezero/dz"
)

// CreateDecision stores a decision and its jobs in one transaction. A
// request_id already used in the workspace returns the stored decision
// with created=false when the request hash matches and ECONFLICT when it
// does not; the retry's jobs are not enqueued. The single writer makes
// concurrent duplicates queue, so exactly one is stored. A zero CreatedAt
// takes the transaction's time.
func (db *DB) CreateDecision(ctx context.Context, rec *dz.DecisionRecord, jobs []dz.Job) (*dz.DecisionRecord, bool, error) {
	if err := dz.ValidateDecisionRecord(rec); err != nil {
		return nil, false, err
	}
	row, err := db.encodeDecision(rec)
	if err != nil {
		return nil, false, err
	}
	return db.create(ctx, row, jobs) // written with whatever else is waiting: batch.go
}

// decisionRow is a new decision as CreateDecision writes it, encoded
// before the write transaction begins: the single writer's turn is the
// store's bottleneck, so it is spent writing, not encoding.
type decisionRow struct {
	rec    *dz.DecisionRecord
	stored *dz.DecisionRecord // rec stamped with its times
	body   string             // stored as JSON
	words  string             // dz.SearchText
	audit  *encodedAudit      // nil without an audit record
}

// encodeDecision stamps a copy of rec with its times (a zero CreatedAt
// takes the store's clock; a new decision was last updated when created)
// and encodes it, and its audit record, for insertDecision.
func (db *DB) encodeDecision(rec *dz.DecisionRecord) (*decisionRow, error) {
	stored := *rec
	stored.CreatedAt = rec.CreatedAt.UTC().Truncate(time.Microsecond)
	if rec.CreatedAt.IsZero() {
		stored.CreatedAt = db.now().UTC().Truncate(time.Microsecond)
	}
	stored.UpdatedAt = stored.CreatedAt
	body, err := dz.EncodeDecisionRecord(&stored)
	if err != nil {
		return nil, fmt.Errorf("sqlite: encode decision %s: %w", rec.ID, err)
	}
	a, err := encodeAudit(rec.Audit)
	if err != nil {
		return nil, err
	}
	return &decisionRow{rec: rec, stored: &stored, body: string(body), words: dz.SearchText(rec), audit: a}, nil
}

// insertDecision writes a new decision's row and its searchable words.
func (tx *Tx) insertDecision(ctx context.Context, row *decisionRow) error {
	rec, stored := row.rec, row.stored
	var requestID sql.NullString
	if rid := rec.Request.RequestID; rid != "" {
		requestID = sql.NullString{String: rid, Valid: true}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO decisions (workspace_id, id, status, outcome, entity, intent, risk_level, request_id, request_hash, body, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, rec.WorkspaceID, rec.ID, rec.Status, rec.Decision.Decision, rec.Entity, rec.Intent, rec.RiskLevel,
		requestID, rec.RequestHash, row.body, micros(stored.CreatedAt), micros(stored.UpdatedAt))
	if isUnique(err) {
		return dz.Errorf(dz.ECONFLICT, "decision %s already exists", rec.ID)
	}
	if isForeignKey(err) { // the workspace is gone: cheaper than checking first, inside the writer's turn
		return dz.Errorf(dz.ENOTFOUND, "workspace %d does not exist", rec.WorkspaceID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: insert decision %s: %w", rec.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO decision_words (workspace_id, decision_id, words) VALUES (?, ?, ?)`,
		rec.WorkspaceID, rec.ID, row.words); err != nil {
		return fmt.Errorf("sqlite: insert decision %s's words: %w", rec.ID, err)
	}
	return nil
}

// UpdateDecision replaces a stored decision (an async one completing) and
// enqueues jobs, in one transaction. Its created_at, request_id and
// request hash stay as first stored. ENOTFOUND if absent.
func (db *DB) UpdateDecision(ctx context.Context, rec *dz.DecisionRecord, jobs []dz.Job) error {
	if err := dz.ValidateDecisionRecord(rec); err != nil {
		return err
	}
	a, err := encodeAudit(rec.Audit)
	if err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	prev, err := tx.decisionWhere(ctx, `workspace_id = ? AND id = ?`, rec.WorkspaceID, rec.ID)
	if err != nil {
		return err
	}
	next := *rec
	next.Request.RequestID, next.RequestHash = prev.Request.RequestID, prev.RequestHash
	next.CreatedAt, next.UpdatedAt = prev.CreatedAt, tx.now
	body, err := json.Marshal(&next)
	if err != nil {
		return fmt.Errorf("sqlite: encode decision %s: %w", rec.ID, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE decisions SET status = ?, outcome = ?, entity = ?, intent = ?, risk_level = ?, body = ?, updated_at = ?
		WHERE workspace_id = ? AND id = ?`, next.Status, next.Decision.Decision, next.Entity, next.Intent, next.RiskLevel, string(body), micros(tx.now), rec.WorkspaceID, rec.ID)
	if err != nil {
		return fmt.Errorf("sqlite: update decision %s: %w", rec.ID, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE decision_words SET words = ? WHERE workspace_id = ? AND decision_id = ?`,
		dz.SearchText(&next), rec.WorkspaceID, rec.ID); err != nil {
		return fmt.Errorf("sqlite: update decision %s's words: %w", rec.ID, err)
	}
	if a != nil {
		if err := tx.appendAudit(ctx, a); err != nil {
			return err
		}
	}
	if err := tx.enqueue(ctx, rec.WorkspaceID, jobs); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: update decision %s: %w", rec.ID, err)
	}
	return nil
}

// Decision returns ENOTFOUND for an unknown id or another workspace's.
func (db *DB) Decision(ctx context.Context, workspaceID int64, id string) (*dz.DecisionRecord, error) {
	tx, err := db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return tx.decisionWhere(ctx, `workspace_id = ? AND id = ?`, workspaceID, id)
}

// decisionWhere reads the one decision matching where; ENOTFOUND if none.
func (tx *Tx) decisionWhere(ctx context.Context, where string, args ...any) (*dz.DecisionRecord, error) {
	row := tx.QueryRowContext(ctx, `SELECT workspace_id, body, created_at, updated_at FROM decisions WHERE `+where, args...)
	rec, err := scanDecision(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "decision %v does not exist", args[len(args)-1])
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read decision: %w", err)
	}
	return rec, nil
}

// scanDecision reads workspace_id, body, created_at, updated_at; the
// columns win over the body's copies.
func scanDecision(row rowScanner) (*dz.DecisionRecord, error) {
	rec := &dz.DecisionRecord{}
	var wsID, created, updated int64
	var body string
	if err := row.Scan(&wsID, &body, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), rec); err != nil {
		return nil, fmt.Errorf("decode decision: %w", err)
	}
	rec.WorkspaceID, rec.CreatedAt, rec.UpdatedAt = wsID, fromMicros(created), fromMicros(updated)
	return rec, nil
}
