package postgres

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
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
			runAt = j.RunAt.UTC().Truncate(time.Microsecond)
		}
		_, err = tx.Exec(ctx, `INSERT INTO jobs (workspace_id, kind, key, payload, run_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (workspace_id, kind, key) DO NOTHING`, wsID, j.Kind, j.Key, payload, runAt)
		if err != nil {
			return fmt.Errorf("postgres: enqueue %s job %q: %w", j.Kind, j.Key, err)
		}
	}
	return nil
}

// ClaimJobs leases up to n due jobs of a kind until now+lease, counting an
// attempt, and returns them by id. FOR UPDATE SKIP LOCKED lets concurrent
// claimers, in this process or another, pass over each other's rows.
func (db *DB) ClaimJobs(ctx context.Context, kind string, n int, lease time.Duration) ([]*dz.Job, error) {
	if n <= 0 || !dz.StorableText(kind) {
		return nil, nil
	}
	var jobs []*dz.Job
	err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		rows, err := tx.Query(ctx, `UPDATE jobs SET run_at = $1, attempts = attempts + 1
			WHERE id IN (SELECT id FROM jobs WHERE kind = $2 AND NOT done AND run_at <= $3
				ORDER BY run_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
			RETURNING id, workspace_id, kind, key, payload, run_at, attempts, last_error, done`,
			tx.now.Add(lease), kind, tx.now, n)
		if err != nil {
			return fmt.Errorf("postgres: claim %s jobs: %w", kind, err)
		}
		jobs, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.Job, error) {
			j := &dz.Job{}
			var payload string
			err := r.Scan(&j.ID, &j.WorkspaceID, &j.Kind, &j.Key, &payload, &j.RunAt, &j.Attempts, &j.LastError, &j.Done)
			j.Payload, j.RunAt = []byte(payload), utc(j.RunAt)
			return j, err
		})
		if err != nil {
			return fmt.Errorf("postgres: claim %s jobs: %w", kind, err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(jobs, func(a, b *dz.Job) int { return int(a.ID - b.ID) })
	return jobs, nil
}

// FinishJob marks a job done, or, with a non-nil failure, records the
// error and schedules the next attempt at retryAt. ENOTFOUND for an
// unknown id.
func (db *DB) FinishJob(ctx context.Context, id int64, failure error, retryAt time.Time) error {
	query, args := `UPDATE jobs SET done = true, last_error = '' WHERE id = $1`, []any{id}
	if failure != nil {
		query, args = `UPDATE jobs SET last_error = $2, run_at = $3 WHERE id = $1`, []any{id, dz.CleanText(failure.Error()), retryAt}
	}
	return db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		tag, err := tx.Exec(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("postgres: finish job %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return dz.Errorf(dz.ENOTFOUND, "job %d does not exist", id)
		}
		return nil
	})
}

// JobCounts counts the jobs not yet done, by kind (the partial index on
// undone jobs keeps it cheap).
func (db *DB) JobCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.pool.Query(ctx, `SELECT kind, count(*) FROM jobs WHERE NOT done GROUP BY kind`)
	if err != nil {
		return nil, fmt.Errorf("postgres: count jobs: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, fmt.Errorf("postgres: count jobs: %w", err)
		}
		out[kind] = n
	}
	return out, rows.Err()
}
