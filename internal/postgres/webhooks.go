package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
)

// CreateWebhook stores an endpoint with its secret, stamping CreatedAt.
// EINVALID without an id, URL or secret, ENOTFOUND for an unknown
// workspace, ECONFLICT when the id is taken.
func (db *DB) CreateWebhook(ctx context.Context, ep *dz.WebhookEndpoint) error {
	events, err := dz.ValidateWebhookEndpoint(ep)
	if err != nil {
		return err
	}
	return db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO webhook_endpoints (id, workspace_id, url, events, secret, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, ep.ID, ep.WorkspaceID, ep.URL, events, ep.Secret, tx.now)
		switch {
		case isUnique(err):
			return dz.Errorf(dz.ECONFLICT, "a webhook endpoint with id %q exists", ep.ID)
		case sqlState(err) == "23503":
			return dz.Errorf(dz.ENOTFOUND, "workspace %d does not exist", ep.WorkspaceID)
		case err != nil:
			return fmt.Errorf("postgres: create webhook %q: %w", ep.ID, err)
		}
		ep.CreatedAt = tx.now
		return nil
	})
}

// webhookColumns are the columns scanWebhook reads, in order.
const webhookColumns = `id, workspace_id, url, events, secret, created_at`

// scanWebhook reads one webhook_endpoints row.
func scanWebhook(row pgx.Row) (*dz.WebhookEndpoint, error) {
	ep := &dz.WebhookEndpoint{}
	var events string
	if err := row.Scan(&ep.ID, &ep.WorkspaceID, &ep.URL, &events, &ep.Secret, &ep.CreatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(events), &ep.Events); err != nil {
		return nil, fmt.Errorf("webhook %s events: %w", ep.ID, err)
	}
	ep.CreatedAt = utc(ep.CreatedAt)
	return ep, nil
}

// Webhooks lists a workspace's endpoints oldest first, secrets included.
func (db *DB) Webhooks(ctx context.Context, workspaceID int64) ([]*dz.WebhookEndpoint, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+webhookColumns+` FROM webhook_endpoints
		WHERE workspace_id = $1 ORDER BY created_at, id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list webhooks: %w", err)
	}
	eps, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.WebhookEndpoint, error) { return scanWebhook(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list webhooks: %w", err)
	}
	return eps, nil
}

// Webhook returns one endpoint with its secret; ENOTFOUND for an unknown
// id or another workspace's.
func (db *DB) Webhook(ctx context.Context, workspaceID int64, id string) (*dz.WebhookEndpoint, error) {
	if !dz.StorableText(id) {
		return nil, dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", id)
	}
	row := db.pool.QueryRow(ctx, `SELECT `+webhookColumns+` FROM webhook_endpoints
		WHERE workspace_id = $1 AND id = $2`, workspaceID, id)
	ep, err := scanWebhook(row)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", id)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: webhook %q: %w", id, err)
	}
	return ep, nil
}

// DeleteWebhook removes an endpoint and its delivery log in one
// transaction; ENOTFOUND for an unknown id or another workspace's. Jobs
// still queued for it find it gone and stop.
func (db *DB) DeleteWebhook(ctx context.Context, workspaceID int64, id string) error {
	if !dz.StorableText(id) {
		return dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", id)
	}
	return db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		// Lock the endpoint first: an AddDelivery in flight (FOR SHARE)
		// then commits before the log is cleared, or finds nothing after.
		if _, err := tx.Exec(ctx, `SELECT 1 FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, workspaceID, id); err != nil {
			return fmt.Errorf("postgres: lock webhook %q: %w", id, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM webhook_deliveries WHERE workspace_id = $1 AND endpoint_id = $2`, workspaceID, id); err != nil {
			return fmt.Errorf("postgres: delete webhook %q deliveries: %w", id, err)
		}
		tag, err := tx.Exec(ctx, `DELETE FROM webhook_endpoints WHERE workspace_id = $1 AND id = $2`, workspaceID, id)
		if err != nil {
			return fmt.Errorf("postgres: delete webhook %q: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", id)
		}
		return nil
	})
}
