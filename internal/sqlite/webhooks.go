package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/delegatezero/dz"
)

// CreateWebhook stores an endpoint with its secret, stamping CreatedAt.
// EINVALID without an id, URL or secret, ENOTFOUND for an unknown
// workspace, ECONFLICT when the id is taken.
func (db *DB) CreateWebhook(ctx context.Context, ep *dz.WebhookEndpoint) error {
	events, err := dz.ValidateWebhookEndpoint(ep)
	if err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.requireWorkspace(ctx, ep.WorkspaceID); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret, created_at)
		VALUES (?, ?, ?, ?, ?, ?)`, ep.ID, ep.WorkspaceID, ep.URL, events, ep.Secret, micros(tx.now))
	if isUnique(err) {
		return dz.Errorf(dz.ECONFLICT, "a webhook endpoint with id %q exists", ep.ID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: create webhook %q: %w", ep.ID, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: create webhook %q: %w", ep.ID, err)
	}
	ep.CreatedAt = tx.now
	return nil
}

// webhookColumns are the columns scanWebhook reads, in order.
const webhookColumns = `id, workspace_id, url, events, secret, created_at`

// scanWebhook reads one webhook_endpoints row.
func scanWebhook(row rowScanner) (*dz.WebhookEndpoint, error) {
	ep := &dz.WebhookEndpoint{}
	var events string
	var created int64
	if err := row.Scan(&ep.ID, &ep.WorkspaceID, &ep.URL, &events, &ep.Secret, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(events), &ep.Events); err != nil {
		return nil, fmt.Errorf("webhook %s events: %w", ep.ID, err)
	}
	ep.CreatedAt = fromMicros(created)
	return ep, nil
}

// Webhooks lists a workspace's endpoints oldest first, secrets included.
func (db *DB) Webhooks(ctx context.Context, workspaceID int64) ([]*dz.WebhookEndpoint, error) {
	rows, err := db.hotQuery(ctx, `SELECT `+webhookColumns+` FROM webhook_endpoints
		WHERE workspace_id = ? ORDER BY created_at, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list webhooks: %w", err)
	}
	return collect(rows, "list webhooks", scanWebhook)
}

// Webhook returns one endpoint with its secret; ENOTFOUND for an unknown
// id or another workspace's.
func (db *DB) Webhook(ctx context.Context, workspaceID int64, id string) (*dz.WebhookEndpoint, error) {
	row := db.r.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhook_endpoints
		WHERE workspace_id = ? AND id = ?`, workspaceID, id)
	ep, err := scanWebhook(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: webhook %q: %w", id, err)
	}
	return ep, nil
}

// DeleteWebhook removes an endpoint and its delivery log in one
// transaction; ENOTFOUND for an unknown id or another workspace's. Jobs
// still queued for it find it gone and stop.
func (db *DB) DeleteWebhook(ctx context.Context, workspaceID int64, id string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM webhook_deliveries WHERE workspace_id = ? AND endpoint_id = ?`, workspaceID, id); err != nil {
		return fmt.Errorf("sqlite: delete webhook %q deliveries: %w", id, err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM webhook_endpoints WHERE workspace_id = ? AND id = ?`, workspaceID, id)
	if err != nil {
		return fmt.Errorf("sqlite: delete webhook %q: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", id)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: delete webhook %q: %w", id, err)
	}
	return nil
}
