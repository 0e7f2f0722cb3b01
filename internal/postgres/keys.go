package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
)

// CreateKey stores a key whose secret hashes to secretHash, stamping its
// CreatedAt. EINVALID without an id or hash, ENOTFOUND for an unknown
// workspace, ECONFLICT when the id or hash is taken.
func (db *DB) CreateKey(ctx context.Context, key *dz.APIKey, secretHash string) error {
	profiles, err := dz.ValidateAPIKey(key, secretHash)
	if err != nil {
		return err
	}
	var created time.Time
	err = db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		if err := tx.requireWorkspace(ctx, key.WorkspaceID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO api_keys (id, workspace_id, name, profiles, secret_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, key.ID, key.WorkspaceID, key.Name, profiles, secretHash, tx.now)
		if isUnique(err) {
			return dz.Errorf(dz.ECONFLICT, "an API key with id %q or the same secret exists", key.ID)
		}
		if err != nil {
			return fmt.Errorf("postgres: create key %q: %w", key.ID, err)
		}
		created = tx.now
		return nil
	})
	if err == nil {
		key.CreatedAt, key.RevokedAt = created, nil
	}
	return err
}

// keyColumns are the columns scanKey reads, in order.
const keyColumns = `id, workspace_id, name, profiles, created_at, revoked_at`

// scanKey reads one api_keys row.
func scanKey(row pgx.Row) (*dz.APIKey, error) {
	k := &dz.APIKey{}
	var profiles string
	if err := row.Scan(&k.ID, &k.WorkspaceID, &k.Name, &profiles, &k.CreatedAt, &k.RevokedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(profiles), &k.Profiles); err != nil {
		return nil, fmt.Errorf("key %s profiles: %w", k.ID, err)
	}
	if len(k.Profiles) == 0 {
		k.Profiles = nil
	}
	k.CreatedAt = utc(k.CreatedAt)
	if k.RevokedAt != nil {
		at := utc(*k.RevokedAt)
		k.RevokedAt = &at
	}
	return k, nil
}

// KeyByHash returns the live key with this secret hash; ENOTFOUND when
// there is none or it was revoked.
func (db *DB) KeyByHash(ctx context.Context, secretHash string) (*dz.APIKey, error) {
	if !dz.StorableText(secretHash) {
		return nil, dz.Errorf(dz.ENOTFOUND, "no such API key")
	}
	row := db.pool.QueryRow(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL`, secretHash)
	k, err := scanKey(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "no such API key")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: key by hash: %w", err)
	}
	return k, nil
}

// ListKeys returns a workspace's keys, revoked ones included, oldest first.
func (db *DB) ListKeys(ctx context.Context, workspaceID int64) ([]*dz.APIKey, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list keys: %w", err)
	}
	keys, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.APIKey, error) { return scanKey(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list keys: %w", err)
	}
	return keys, nil
}

// RevokeKey revokes a key of the workspace; revoking twice keeps the first
// time. ENOTFOUND for an unknown key or another workspace's.
func (db *DB) RevokeKey(ctx context.Context, workspaceID int64, keyID string) error {
	if !dz.StorableText(keyID) {
		return dz.Errorf(dz.ENOTFOUND, "API key %q does not exist", keyID)
	}
	return db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, $1) WHERE workspace_id = $2 AND id = $3`,
			tx.now, workspaceID, keyID)
		if err != nil {
			return fmt.Errorf("postgres: revoke key %q: %w", keyID, err)
		}
		if tag.RowsAffected() == 0 {
			return dz.Errorf(dz.ENOTFOUND, "API key %q does not exist", keyID)
		}
		return nil
	})
}
