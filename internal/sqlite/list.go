package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/delegatezero/dz"
)

// Decisions lists a workspace's decisions newest first (ties by id,
// descending), filtered by f; next is the cursor of the following page,
// "" at the end. EINVALID for a cursor this store did not give out.
func (db *DB) Decisions(ctx context.Context, f dz.DecisionFilter) ([]*dz.DecisionRecord, string, error) {
	where, args := []string{"workspace_id = ?"}, []any{f.WorkspaceID}
	add := func(cond string, vals ...any) { where, args = append(where, cond), append(args, vals...) }
	if f.Outcome != "" {
		add("outcome = ?", f.Outcome)
	}
	if f.Status != "" {
		add("status = ?", f.Status)
	}
	if f.Entity != "" {
		add("entity = ?", f.Entity)
	}
	if f.Intent != "" {
		add("intent = ?", f.Intent)
	}
	if f.Unreviewed {
		add("NOT EXISTS (SELECT 1 FROM feedback fb WHERE fb.workspace_id = decisions.workspace_id AND fb.decision_id = decisions.id)")
	}
	if words := strings.Fields(f.Query); len(words) > 0 {
		cond := "EXISTS (SELECT 1 FROM decision_words w WHERE w.workspace_id = decisions.workspace_id AND w.decision_id = decisions.id"
		var likes []any
		for _, word := range words {
			cond += " AND w.words LIKE ? ESCAPE '\\'"
			likes = append(likes, "%"+likeEscape(strings.ToLower(word))+"%")
		}
		add(cond+")", likes...)
	}
	if !f.Since.IsZero() {
		add("created_at >= ?", micros(f.Since))
	}
	if !f.Until.IsZero() {
		add("created_at < ?", micros(f.Until))
	}
	if f.Cursor != "" {
		us, id, err := dz.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		add("(created_at < ? OR created_at = ? AND id < ?)", us, us, id)
	}
	limit := dz.PageSize(f.Limit)
	// The list leaves out each trace, most of a record's bytes: lists are
	// for scanning, and GET one decision for its trace.
	rows, err := db.r.QueryContext(ctx, `SELECT workspace_id, json_remove(body, '$.trace'), created_at, updated_at FROM decisions
		WHERE `+strings.Join(where, " AND ")+` ORDER BY created_at DESC, id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: list decisions: %w", err)
	}
	recs, err := collect(rows, "list decisions", scanDecision)
	if err != nil {
		return nil, "", err
	}
	if len(recs) <= limit {
		return recs, "", nil
	}
	last := recs[limit-1]
	return recs[:limit], dz.EncodeCursor(last.CreatedAt, last.ID), nil
}

// likeEscape makes a word match itself in a LIKE pattern.
func likeEscape(word string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(word)
}
