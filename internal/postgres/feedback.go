package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
)

// AddFeedback records feedback on a decision of the same workspace and
// enqueues jobs with it, in one transaction; it fills fb.ID and
// fb.CreatedAt. ENOTFOUND for a decision not in fb.WorkspaceID, EINVALID
// for a bad kind or outcome.
func (db *DB) AddFeedback(ctx context.Context, fb *dz.Feedback, jobs []dz.Job) error {
	if err := dz.ValidateFeedback(fb); err != nil {
		return err
	}
	if !dz.StorableText(fb.DecisionID) {
		return dz.Errorf(dz.ENOTFOUND, "decision %q does not exist", fb.DecisionID)
	}
	var id int64
	var created time.Time
	err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		if _, err := tx.decisionWhere(ctx, `workspace_id = $1 AND id = $2`, fb.WorkspaceID, fb.DecisionID); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO feedback (workspace_id, decision_id, kind, note, outcome, response, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, fb.WorkspaceID, fb.DecisionID, fb.Kind, fb.Note,
			string(fb.Outcome), fb.Response, tx.now).Scan(&id)
		if err != nil {
			return fmt.Errorf("postgres: add feedback on %s: %w", fb.DecisionID, err)
		}
		created = tx.now
		return tx.enqueue(ctx, fb.WorkspaceID, jobs)
	})
	if err == nil {
		fb.ID, fb.CreatedAt = id, created
	}
	return err
}

// Feedback lists a decision's feedback, oldest first; ENOTFOUND when the
// decision is not in the workspace.
func (db *DB) Feedback(ctx context.Context, workspaceID int64, decisionID string) ([]*dz.Feedback, error) {
	if _, err := db.Decision(ctx, workspaceID, decisionID); err != nil {
		return nil, err
	}
	rows, err := db.pool.Query(ctx, `SELECT id, workspace_id, decision_id, kind, note, outcome, response, created_at
		FROM feedback WHERE workspace_id = $1 AND decision_id = $2 ORDER BY id`, workspaceID, decisionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: feedback on %s: %w", decisionID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.Feedback, error) {
		fb := &dz.Feedback{}
		var outcome string
		err := r.Scan(&fb.ID, &fb.WorkspaceID, &fb.DecisionID, &fb.Kind, &fb.Note, &outcome, &fb.Response, &fb.CreatedAt)
		fb.Outcome, fb.CreatedAt = dz.Outcome(outcome), utc(fb.CreatedAt)
		return fb, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: feedback on %s: %w", decisionID, err)
	}
	return out, nil
}
