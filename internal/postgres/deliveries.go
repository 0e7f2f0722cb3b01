package postgres

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
)

// AddDelivery records one delivery attempt and fills d.ID (and CreatedAt
// when zero). ENOTFOUND when the endpoint is not in d.WorkspaceID. The
// insert selects the endpoint row, so a concurrent delete either waits
// for it or leaves nothing to insert.
func (db *DB) AddDelivery(ctx context.Context, d *dz.WebhookDelivery) error {
	if err := dz.CheckText("webhook delivery", d.EndpointID, d.EventID, d.Event); err != nil {
		return err
	}
	msg := dz.CleanText(d.Error)
	var id int64
	var created time.Time
	err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		created = d.CreatedAt.UTC().Truncate(time.Microsecond)
		if d.CreatedAt.IsZero() {
			created = tx.now
		}
		err := tx.QueryRow(ctx, `INSERT INTO webhook_deliveries
			(workspace_id, endpoint_id, event_id, event, attempt, status_code, error, duration_us, created_at)
			SELECT workspace_id, id, $1, $2, $3, $4, $5, $6, $7 FROM webhook_endpoints
			WHERE workspace_id = $8 AND id = $9 FOR SHARE
			RETURNING id`, d.EventID, d.Event, d.Attempt, d.StatusCode, msg,
			int64(math.Round(d.DurationMS*1000)), created, d.WorkspaceID, d.EndpointID).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", d.EndpointID)
		}
		if err != nil {
			return fmt.Errorf("postgres: add delivery: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.ID, d.CreatedAt, d.Error = id, created, msg
	return nil
}

// Deliveries lists an endpoint's attempts newest first, a page at a time.
// ENOTFOUND for an endpoint not in the workspace, EINVALID for a bad cursor.
func (db *DB) Deliveries(ctx context.Context, f dz.DeliveryFilter) ([]*dz.WebhookDelivery, string, error) {
	before := int64(math.MaxInt64)
	if f.Cursor != "" {
		var err error
		if before, err = dz.ParseDeliveryCursor(f.Cursor); err != nil {
			return nil, "", err
		}
	}
	if _, err := db.Webhook(ctx, f.WorkspaceID, f.EndpointID); err != nil {
		return nil, "", err
	}
	limit := dz.PageSize(f.Limit)
	rows, err := db.pool.Query(ctx, `SELECT id, workspace_id, endpoint_id, event_id, event, attempt, status_code, error, duration_us, created_at
		FROM webhook_deliveries WHERE workspace_id = $1 AND endpoint_id = $2 AND id < $3 ORDER BY id DESC LIMIT $4`,
		f.WorkspaceID, f.EndpointID, before, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: deliveries: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.WebhookDelivery, error) {
		d := &dz.WebhookDelivery{}
		var us int64
		err := r.Scan(&d.ID, &d.WorkspaceID, &d.EndpointID, &d.EventID, &d.Event, &d.Attempt, &d.StatusCode, &d.Error, &us, &d.CreatedAt)
		d.DurationMS, d.CreatedAt = float64(us)/1000, utc(d.CreatedAt)
		return d, err
	})
	if err != nil {
		return nil, "", fmt.Errorf("postgres: deliveries: %w", err)
	}
	if len(out) <= limit {
		return out, "", nil
	}
	return out[:limit], dz.DeliveryCursor(out[limit-1].ID), nil
}
