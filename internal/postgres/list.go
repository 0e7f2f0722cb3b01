package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
)

// Decisions lists a workspace's decisions newest first (ties by id,
// descending), filtered by f; next is the cursor of the following page,
// "" at the end. EINVALID for a cursor this store did not give out.
func (db *DB) Decisions(ctx context.Context, f dz.DecisionFilter) ([]*dz.DecisionRecord, string, error) {
	if !dz.StorableText(string(f.Outcome), f.Status, f.Entity, f.Intent, f.Query) {
		return nil, "", nil // nothing stored can match
	}
	where, args := []string{"workspace_id = $1"}, []any{f.WorkspaceID}
	add := func(cond string, val any) {
		args = append(args, val)
		where = append(where, strings.ReplaceAll(cond, "?", fmt.Sprintf("$%d", len(args))))
	}
	if f.Outcome != "" {
		add("outcome = ?", string(f.Outcome))
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
		where = append(where, "NOT EXISTS (SELECT 1 FROM feedback fb WHERE fb.workspace_id = decisions.workspace_id AND fb.decision_id = decisions.id)")
	}
	for _, word := range strings.Fields(f.Query) {
		add(`search LIKE ? ESCAPE '\'`, "%"+likeEscape(strings.ToLower(word))+"%")
	}
	if !f.Since.IsZero() {
		add("created_at >= ?", f.Since)
	}
	if !f.Until.IsZero() {
		add("created_at < ?", f.Until)
	}
	if f.Cursor != "" {
		us, id, err := dz.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", err
		}
		add("created_at <= ?", time.UnixMicro(us).UTC())
		add("(created_at < "+fmt.Sprintf("$%d", len(args))+" OR id < ?)", id)
	}
	limit := dz.PageSize(f.Limit)
	args = append(args, limit+1)
	// The list leaves out each trace, most of a record's bytes: lists are
	// for scanning, and GET one decision for its trace.
	rows, err := db.pool.Query(ctx, `SELECT workspace_id, (body::jsonb - 'trace')::text, created_at, updated_at FROM decisions
		WHERE `+strings.Join(where, " AND ")+fmt.Sprintf(` ORDER BY created_at DESC, id DESC LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list decisions: %w", err)
	}
	recs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.DecisionRecord, error) { return scanDecision(r) })
	if err != nil {
		return nil, "", fmt.Errorf("postgres: list decisions: %w", err)
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
