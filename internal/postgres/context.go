package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
)

// PutContext stores, in one serializable transaction (retried on
// serialization failures, so concurrent puts cannot both take the same
// version), each entry whose hash (or deletion) differs from its current
// version as the next version, and returns how many were new. A tombstone
// of an absent or deleted entry adds nothing. EINVALID for a bad entry,
// ENOTFOUND for an unknown workspace; either way nothing is stored.
func (db *DB) PutContext(ctx context.Context, workspaceID int64, entries []dz.ContextEntry) (int, error) {
	for i := range entries {
		if err := dz.ValidateContextEntry(&entries[i]); err != nil {
			return 0, err
		}
	}
	var added int
	err := db.tx(ctx, pgx.Serializable, func(tx *Tx) error {
		if err := tx.requireWorkspace(ctx, workspaceID); err != nil {
			return err
		}
		n := 0
		for i := range entries {
			k, err := tx.putEntry(ctx, workspaceID, &entries[i])
			if err != nil {
				return err
			}
			n += k
		}
		added = n
		return nil
	})
	return added, err
}

// putEntry adds the next version of e when it changed; it returns 1 if so.
func (tx *Tx) putEntry(ctx context.Context, wsID int64, e *dz.ContextEntry) (int, error) {
	var version int
	var hash string
	var deleted bool
	err := tx.QueryRow(ctx, `SELECT version, hash, deleted FROM context_entries
		WHERE workspace_id = $1 AND type = $2 AND id = $3 ORDER BY version DESC LIMIT 1`, wsID, string(e.Type), e.ID).
		Scan(&version, &hash, &deleted)
	found := err == nil
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("postgres: current version of %s %q: %w", e.Type, e.ID, err)
	}
	if e.Deleted && (!found || deleted) || !e.Deleted && found && !deleted && hash == e.Hash {
		return 0, nil
	}
	hash, body := e.Hash, string(e.Body)
	if e.Deleted {
		hash, body = "", "null"
	}
	_, err = tx.Exec(ctx, `INSERT INTO context_entries (workspace_id, type, id, version, hash, body, deleted, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, wsID, string(e.Type), e.ID, version+1, hash, body, e.Deleted, tx.now)
	if err != nil {
		return 0, fmt.Errorf("postgres: put %s %q: %w", e.Type, e.ID, err)
	}
	return 1, nil
}

// entryColumns are the columns scanEntry reads, in order.
const entryColumns = `workspace_id, type, id, version, hash, body, deleted, created_at`

// scanEntry reads one context_entries row.
func scanEntry(row pgx.Row) (*dz.ContextEntry, error) {
	e := &dz.ContextEntry{}
	var typ, body string
	if err := row.Scan(&e.WorkspaceID, &typ, &e.ID, &e.Version, &e.Hash, &body, &e.Deleted, &e.CreatedAt); err != nil {
		return nil, err
	}
	e.Type, e.Body, e.CreatedAt = dz.ContextType(typ), []byte(body), utc(e.CreatedAt)
	return e, nil
}

// ContextRevision counts the workspace's stored versions: versions are
// never removed, so the count grows with every change.
func (db *DB) ContextRevision(ctx context.Context, workspaceID int64) (int64, error) {
	var n int64
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM context_entries WHERE workspace_id = $1`, workspaceID).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: context revision: %w", err)
	}
	return n, nil
}

// Context returns the current version of every live entry, by type then
// id (byte order).
func (db *DB) Context(ctx context.Context, workspaceID int64) ([]dz.ContextEntry, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+entryColumns+` FROM (
			SELECT DISTINCT ON (type, id) `+entryColumns+` FROM context_entries
			WHERE workspace_id = $1 ORDER BY type, id, version DESC) AS current
		WHERE NOT deleted ORDER BY type, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("postgres: context: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dz.ContextEntry, error) {
		e, err := scanEntry(r)
		if err != nil {
			return dz.ContextEntry{}, err
		}
		return *e, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: context: %w", err)
	}
	return out, nil
}

// ContextVersions returns every version of one entry, oldest first.
func (db *DB) ContextVersions(ctx context.Context, workspaceID int64, typ dz.ContextType, id string) ([]dz.ContextEntry, error) {
	if !dz.StorableText(string(typ), id) {
		return nil, dz.Errorf(dz.ENOTFOUND, "%s %q does not exist", typ, id)
	}
	rows, err := db.pool.Query(ctx, `SELECT `+entryColumns+` FROM context_entries
		WHERE workspace_id = $1 AND type = $2 AND id = $3 ORDER BY version`, workspaceID, string(typ), id)
	if err != nil {
		return nil, fmt.Errorf("postgres: versions of %s %q: %w", typ, id, err)
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dz.ContextEntry, error) {
		e, err := scanEntry(r)
		if err != nil {
			return dz.ContextEntry{}, err
		}
		return *e, nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: versions of %s %q: %w", typ, id, err)
	}
	if len(all) == 0 {
		return nil, dz.Errorf(dz.ENOTFOUND, "%s %q does not exist", typ, id)
	}
	return all, nil
}

// ContextVersion returns one version of one entry, tombstones included;
// ENOTFOUND if absent.
func (db *DB) ContextVersion(ctx context.Context, workspaceID int64, typ dz.ContextType, id string, version int) (*dz.ContextEntry, error) {
	if !dz.StorableText(string(typ), id) || version < 1 || version > math.MaxInt32 {
		return nil, dz.Errorf(dz.ENOTFOUND, "%s %q has no version %d", typ, id, version)
	}
	row := db.pool.QueryRow(ctx, `SELECT `+entryColumns+` FROM context_entries
		WHERE workspace_id = $1 AND type = $2 AND id = $3 AND version = $4`, workspaceID, string(typ), id, version)
	e, err := scanEntry(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "%s %q has no version %d", typ, id, version)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: %s %q version %d: %w", typ, id, version, err)
	}
	return e, nil
}
