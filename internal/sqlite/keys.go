package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/delegatezero/dz"
)

// CreateKey stores a key whose secret hashes to secretHash, stamping its
// CreatedAt. EINVALID without an id or hash, ENOTFOUND for an unknown
// workspace, ECONFLICT when the id or hash is taken.
func (db *DB) CreateKey(ctx context.Context, key *dz.APIKey, secretHash string) error {
	profiles, err := dz.ValidateAPIKey(key, secretHash)
	if err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.requireWorkspace(ctx, key.WorkspaceID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO api_keys (id, workspace_id, name, profiles, secret_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, key.ID, key.WorkspaceID, key.Name, profiles, secretHash, micros(tx.now))
	if isUnique(err) {
		return dz.Errorf(dz.ECONFLICT, "an API key with id %q or the same secret exists", key.ID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: create key %q: %w", key.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: create key %q: %w", key.ID, err)
	}
	key.CreatedAt, key.RevokedAt = tx.now, nil
	return nil
}

// keyColumns are the columns scanKey reads, in order.
const keyColumns = `id, workspace_id, name, profiles, created_at, revoked_at`

// scanKey reads one api_keys row.
func scanKey(row rowScanner) (*dz.APIKey, error) {
	k := &dz.APIKey{}
	var profiles string
	var created int64
	var revoked sql.NullInt64
	if err := row.Scan(&k.ID, &k.WorkspaceID, &k.Name, &profiles, &created, &revoked); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(profiles), &k.Profiles); err != nil {
		return nil, fmt.Errorf("key %s profiles: %w", k.ID, err)
	}
	if len(k.Profiles) == 0 {
		k.Profiles = nil
	}
	k.CreatedAt = fromMicros(created)
	if revoked.Valid {
		at := fromMicros(revoked.Int64)
		k.RevokedAt = &at
	}
	return k, nil
}

// KeyByHash returns the live key with this secret hash; ENOTFOUND when
// there is none or it was revoked.
func (db *DB) KeyByHash(ctx context.Context, secretHash string) (*dz.APIKey, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL`, secretHash)
	k, err := scanKey(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "no such API key")
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: key by hash: %w", err)
	}
	return k, nil
}

// ListKeys returns a workspace's keys, revoked ones included, oldest first.
func (db *DB) ListKeys(ctx context.Context, workspaceID int64) ([]*dz.APIKey, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE workspace_id = ? ORDER BY created_at, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list keys: %w", err)
	}
	return collect(rows, "list keys", scanKey)
}

// RevokeKey revokes a key of the workspace; revoking twice keeps the first
// time. ENOTFOUND for an unknown key or another workspace's.
func (db *DB) RevokeKey(ctx context.Context, workspaceID int64, keyID string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE workspace_id = ? AND id = ?`,
		micros(tx.now), workspaceID, keyID)
	if err != nil {
		return fmt.Errorf("sqlite: revoke key %q: %w", keyID, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return dz.Errorf(dz.ENOTFOUND, "API key %q does not exist", keyID)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: revoke key %q: %w", keyID, err)
	}
	return nil
}
