package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/delegatezero/dz"
)

// AddFeedback records feedback on a decision of the same workspace and
// enqueues jobs with it, in one transaction; it fills fb.ID and
// fb.CreatedAt. ENOTFOUND for a decision not in fb.WorkspaceID, EINVALID
// for a bad kind or outcome.
func (db *DB) AddFeedback(ctx context.Context, fb *dz.Feedback, jobs []dz.Job) error {
	if err := dz.ValidateFeedback(fb); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.decisionWhere(ctx, `workspace_id = ? AND id = ?`, fb.WorkspaceID, fb.DecisionID); err != nil {
		return err
	}
	actions, err := json.Marshal(nonNilActions(fb.Actions))
	if err != nil {
		return fmt.Errorf("sqlite: encode feedback actions: %w", err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO feedback (workspace_id, decision_id, kind, note, outcome, response, actions, precedent, as_proposed, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, fb.WorkspaceID, fb.DecisionID, fb.Kind, fb.Note, fb.Outcome, fb.Response,
		string(actions), fb.Precedent, fb.AsProposed, micros(tx.now)).Scan(&id)
	if err != nil {
		return fmt.Errorf("sqlite: add feedback on %s: %w", fb.DecisionID, err)
	}
	if err := tx.enqueue(ctx, fb.WorkspaceID, jobs); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: add feedback on %s: %w", fb.DecisionID, err)
	}
	fb.ID, fb.CreatedAt = id, tx.now
	return nil
}

// Feedback lists a decision's feedback, oldest first; ENOTFOUND when the
// decision is not in the workspace.
func (db *DB) Feedback(ctx context.Context, workspaceID int64, decisionID string) ([]*dz.Feedback, error) {
	tx, err := db.read(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if _, err := tx.decisionWhere(ctx, `workspace_id = ? AND id = ?`, workspaceID, decisionID); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE workspace_id = ? AND decision_id = ? ORDER BY id`, workspaceID, decisionID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: feedback on %s: %w", decisionID, err)
	}
	return collect(rows, "feedback on "+decisionID, scanFeedback)
}

// WorkspaceFeedback lists a workspace's feedback newest first.
func (db *DB) WorkspaceFeedback(ctx context.Context, f dz.FeedbackFilter) ([]*dz.Feedback, error) {
	where, args := "workspace_id = ?", []any{f.WorkspaceID}
	if len(f.Kinds) > 0 {
		where += " AND kind IN (?" + strings.Repeat(", ?", len(f.Kinds)-1) + ")"
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+feedbackColumns+` FROM feedback WHERE `+where+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list feedback: %w", err)
	}
	return collect(rows, "feedback", scanFeedback)
}

const feedbackColumns = `id, workspace_id, decision_id, kind, note, outcome, response, actions, precedent, as_proposed, created_at`

func scanFeedback(r rowScanner) (*dz.Feedback, error) {
	fb := &dz.Feedback{}
	var created int64
	var actions string
	if err := r.Scan(&fb.ID, &fb.WorkspaceID, &fb.DecisionID, &fb.Kind, &fb.Note, &fb.Outcome, &fb.Response, &actions, &fb.Precedent, &fb.AsProposed, &created); err != nil {
		return nil, err
	}
	fb.CreatedAt = fromMicros(created)
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

// AutonomyCounts counts a workspace's completed decisions by intent, risk
// level and outcome, with their reviews, in one pass over the index.
func (db *DB) AutonomyCounts(ctx context.Context, workspaceID int64) ([]dz.AutonomyCount, error) {
	rows, err := db.r.QueryContext(ctx, dz.AutonomyQuery("?1"), workspaceID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: count autonomy: %w", err)
	}
	return collect(rows, "autonomy", func(r rowScanner) (dz.AutonomyCount, error) {
		var c dz.AutonomyCount
		err := r.Scan(&c.Intent, &c.RiskLevel, &c.Outcome, &c.Decisions, &c.Reviewed, &c.Approved, &c.Resolved, &c.AsProposed)
		return c, err
	})
}
