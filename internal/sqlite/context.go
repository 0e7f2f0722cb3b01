package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/delegatezero/dz"
)

// PutContext stores, in one transaction, each entry whose hash (or
// deletion) differs from its current version as the next version, and
// returns how many were new. A tombstone of an absent or already deleted
// entry adds nothing. EINVALID for a bad entry, ENOTFOUND for an unknown
// workspace; either way nothing of the batch is stored.
func (db *DB) PutContext(ctx context.Context, workspaceID int64, entries []dz.ContextEntry) (int, error) {
	tx, err := db.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	if err := tx.requireWorkspace(ctx, workspaceID); err != nil {
		return 0, err
	}
	added := 0
	for i := range entries {
		n, err := tx.putEntry(ctx, workspaceID, &entries[i])
		if err != nil {
			return 0, err
		}
		added += n
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("sqlite: put context: %w", err)
	}
	return added, nil
}

// putEntry adds the next version of e when it changed; it returns 1 if so.
func (tx *Tx) putEntry(ctx context.Context, wsID int64, e *dz.ContextEntry) (int, error) {
	if err := dz.ValidateContextEntry(e); err != nil {
		return 0, err
	}
	var version int
	var hash string
	var deleted bool
	err := tx.QueryRowContext(ctx, `SELECT version, hash, deleted FROM context_entries
		WHERE workspace_id = ? AND type = ? AND id = ? ORDER BY version DESC LIMIT 1`, wsID, e.Type, e.ID).
		Scan(&version, &hash, &deleted)
	found := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("sqlite: current version of %s %q: %w", e.Type, e.ID, err)
	}
	if e.Deleted && (!found || deleted) || !e.Deleted && found && !deleted && hash == e.Hash {
		return 0, nil
	}
	hash, body := e.Hash, string(e.Body)
	if e.Deleted {
		hash, body = "", "null"
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO context_entries (workspace_id, type, id, version, hash, body, deleted, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, wsID, e.Type, e.ID, version+1, hash, body, e.Deleted, micros(tx.now))
	if err != nil {
		return 0, fmt.Errorf("sqlite: put %s %q: %w", e.Type, e.ID, err)
	}
	return 1, nil
}

// entryColumns are the columns scanEntry reads, in order.
const entryColumns = `workspace_id, type, id, version, hash, body, deleted, created_at`

// scanEntry reads one context_entries row.
func scanEntry(row rowScanner) (*dz.ContextEntry, error) {
	e := &dz.ContextEntry{}
	var body string
	var created int64
	if err := row.Scan(&e.WorkspaceID, &e.Type, &e.ID, &e.Version, &e.Hash, &body, &e.Deleted, &created); err != nil {
		return nil, err
	}
	e.Body, e.CreatedAt = json.RawMessage(body), fromMicros(created)
	return e, nil
}

// ContextRevision counts the workspace's stored versions: versions are
// never removed, so the count grows with every change.
func (db *DB) ContextRevision(ctx context.Context, workspaceID int64) (int64, error) {
	var n int64
	if err := db.r.QueryRowContext(ctx, `SELECT count(*) FROM context_entries WHERE workspace_id = ?`, workspaceID).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: context revision: %w", err)
	}
	return n, nil
}

// Context returns the current version of every live entry, by type then
// id (byte order).
func (db *DB) Context(ctx context.Context, workspaceID int64) ([]dz.ContextEntry, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+entryColumns+` FROM context_entries c
		WHERE workspace_id = ? AND version = (SELECT MAX(version) FROM context_entries m
			WHERE m.workspace_id = c.workspace_id AND m.type = c.type AND m.id = c.id)
		AND deleted = 0
		ORDER BY type, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: context: %w", err)
	}
	return collect(rows, "context", func(r rowScanner) (dz.ContextEntry, error) {
		e, err := scanEntry(r)
		if err != nil {
			return dz.ContextEntry{}, err
		}
		return *e, nil
	})
}

// ContextVersions returns every version of one entry, oldest first.
func (db *DB) ContextVersions(ctx context.Context, workspaceID int64, typ dz.ContextType, id string) ([]dz.ContextEntry, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+entryColumns+` FROM context_entries
		WHERE workspace_id = ? AND type = ? AND id = ? ORDER BY version`, workspaceID, typ, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: versions of %s %q: %w", typ, id, err)
	}
	all, err := collect(rows, "context versions", scanEntry)
	if err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return nil, dz.Errorf(dz.ENOTFOUND, "%s %q does not exist", typ, id)
	}
	out := make([]dz.ContextEntry, len(all))
	for i, e := range all {
		out[i] = *e
	}
	return out, nil
}

// ContextVersion returns one version of one entry, tombstones included;
// ENOTFOUND if absent.
func (db *DB) ContextVersion(ctx context.Context, workspaceID int64, typ dz.ContextType, id string, version int) (*dz.ContextEntry, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+entryColumns+` FROM context_entries
		WHERE workspace_id = ? AND type = ? AND id = ? AND version = ?`, workspaceID, typ, id, version)
	e, err := scanEntry(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "%s %q has no version %d", typ, id, version)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: %s %q version %d: %w", typ, id, version, err)
	}
	return e, nil
}
