package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/delegatezero/dz"
)

// enqueue inserts jobs for the workspace (their own WorkspaceID is
// ignored); a job whose (workspace, kind, key) exists is skipped. A zero
// RunAt means now. The first invalid job fails the whole transaction.
func (tx *Tx) enqueue(ctx context.Context, wsID int64, jobs []dz.Job) error {
	for i := range jobs {
		j := &jobs[i]
		payload, err := dz.ValidateJob(j)
		if err != nil {
			return err
		}
		runAt := tx.now
		if !j.RunAt.IsZero() {
			runAt = j.RunAt
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO jobs (workspace_id, kind, key, payload, run_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, kind, key) DO NOTHING`, wsID, j.Kind, j.Key, payload, micros(runAt))
		if err != nil {
			return fmt.Errorf("sqlite: enqueue %s job %q: %w", j.Kind, j.Key, err)
		}
	}
	return nil
}

// ClaimJobs leases up to n due jobs of a kind until now+lease, counting an
// attempt, and returns them by id. The single writer makes each claim
// exclusive: two claimers never get the same job while its lease runs.
func (db *DB) ClaimJobs(ctx context.Context, kind string, n int, lease time.Duration) ([]*dz.Job, error) {
	if n <= 0 {
		return nil, nil
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `UPDATE jobs SET run_at = ?, attempts = attempts + 1
		WHERE id IN (SELECT id FROM jobs WHERE kind = ? AND done = 0 AND run_at <= ? ORDER BY run_at, id LIMIT ?)
		RETURNING id, workspace_id, kind, key, payload, run_at, attempts, last_error, done`,
		micros(tx.now.Add(lease)), kind, micros(tx.now), n)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim %s jobs: %w", kind, err)
	}
	defer rows.Close()
	var jobs []*dz.Job
	for rows.Next() {
		j := &dz.Job{}
		var payload string
		var runAt int64
		if err := rows.Scan(&j.ID, &j.WorkspaceID, &j.Kind, &j.Key, &payload, &runAt, &j.Attempts, &j.LastError, &j.Done); err != nil {
			return nil, fmt.Errorf("sqlite: claim %s jobs: %w", kind, err)
		}
		j.Payload, j.RunAt = json.RawMessage(payload), fromMicros(runAt)
		jobs = append(jobs, j)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: claim %s jobs: %w", kind, err)
	}
	rows.Close()
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: claim %s jobs: %w", kind, err)
	}
	slices.SortFunc(jobs, func(a, b *dz.Job) int { return int(a.ID - b.ID) })
	return jobs, nil
}

// FinishJob marks a job done, or, with a non-nil failure, records the
// error and schedules the next attempt at retryAt. ENOTFOUND for an
// unknown id.
func (db *DB) FinishJob(ctx context.Context, id int64, failure error, retryAt time.Time) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	query, args := `UPDATE jobs SET done = 1, last_error = '' WHERE id = ?`, []any{id}
	if failure != nil {
		query, args = `UPDATE jobs SET last_error = ?, run_at = ? WHERE id = ?`, []any{dz.CleanText(failure.Error()), micros(retryAt), id}
	}
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("sqlite: finish job %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return dz.Errorf(dz.ENOTFOUND, "job %d does not exist", id)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: finish job %d: %w", id, err)
	}
	return nil
}

// JobCounts counts the jobs not yet done, by kind (the partial index on
// undone jobs keeps it cheap).
func (db *DB) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT kind, count(*) FROM jobs WHERE done = 0 GROUP BY kind`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: count jobs: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, fmt.Errorf("sqlite: count jobs: %w", err)
		}
		out[kind] = n
	}
	return out, rows.Err()
}
