package postgres

import (
	"context"
	"encoding/json"
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
	actions, err := json.Marshal(nonNilActions(fb.Actions))
	if err != nil {
		return fmt.Errorf("postgres: encode feedback actions: %w", err)
	}
	var id int64
	var created time.Time
	err = db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		if _, err := tx.decisionWhere(ctx, `workspace_id = $1 AND id = $2`, fb.WorkspaceID, fb.DecisionID); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO feedback (workspace_id, decision_id, kind, note, outcome, response, actions, precedent, as_proposed, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`, fb.WorkspaceID, fb.DecisionID, fb.Kind, fb.Note,
			string(fb.Outcome), fb.Response, string(actions), fb.Precedent, boolInt(fb.AsProposed), tx.now).Scan(&id)
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
	rows, err := db.pool.Query(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = $1 AND decision_id = $2 ORDER BY id`, workspaceID, decisionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: feedback on %s: %w", decisionID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.Feedback, error) { return scanFeedback(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: feedback on %s: %w", decisionID, err)
	}
	return out, nil
}

// WorkspaceFeedback lists a workspace's feedback newest first.
func (db *DB) WorkspaceFeedback(ctx context.Context, f dz.FeedbackFilter) ([]*dz.Feedback, error) {
	kinds := f.Kinds
	if len(kinds) == 0 {
		kinds = dz.FeedbackKinds
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	rows, err := db.pool.Query(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = $1 AND kind = ANY($2)
		ORDER BY id DESC LIMIT $3`, f.WorkspaceID, kinds, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: list feedback: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.Feedback, error) { return scanFeedback(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list feedback: %w", err)
	}
	return out, nil
}

const feedbackColumns = `id, workspace_id, decision_id, kind, note, outcome, response, actions, precedent, as_proposed, created_at`

func scanFeedback(r pgx.Row) (*dz.Feedback, error) {
	fb := &dz.Feedback{}
	var outcome, actions string
	var asProposed int
	if err := r.Scan(&fb.ID, &fb.WorkspaceID, &fb.DecisionID, &fb.Kind, &fb.Note, &outcome, &fb.Response, &actions, &fb.Precedent, &asProposed, &fb.CreatedAt); err != nil {
		return nil, err
	}
	fb.AsProposed = asProposed == 1
	fb.Outcome, fb.CreatedAt = dz.Outcome(outcome), utc(fb.CreatedAt)
	if err := json.Unmarshal([]byte(actions), &fb.Actions); err != nil {
		return nil, fmt.Errorf("feedback %d actions: %w", fb.ID, err)
	}
	if len(fb.Actions) == 0 {
		fb.Actions = nil
	}
	return fb, nil
}

func nonNilActions(a []dz.Action) []dz.Action {
	if a == nil {
		return []dz.Action{}
	}
	return a
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AutonomyCounts counts a workspace's completed decisions by intent, risk
// level and outcome, with their reviews.
func (db *DB) AutonomyCounts(ctx context.Context, workspaceID int64) ([]dz.AutonomyCount, error) {
	rows, err := db.pool.Query(ctx, dz.AutonomyQuery("$1"), workspaceID)
	if err != nil {
		return nil, fmt.Errorf("postgres: count autonomy: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dz.AutonomyCount, error) {
		var c dz.AutonomyCount
		var outcome string
		err := r.Scan(&c.Intent, &c.RiskLevel, &outcome, &c.Decisions, &c.Reviewed, &c.Approved, &c.Resolved, &c.AsProposed)
		c.Outcome = dz.Outcome(outcome)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: count autonomy: %w", err)
	}
	return out, nil
}
