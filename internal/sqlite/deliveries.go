package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/delegatezero/dz"
)

// AddDelivery records one delivery attempt and fills d.ID (and CreatedAt
// when zero). ENOTFOUND when the endpoint is not in d.WorkspaceID.
func (db *DB) AddDelivery(ctx context.Context, d *dz.WebhookDelivery) error {
	if err := dz.CheckText("webhook delivery", d.EndpointID, d.EventID, d.Event); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	created := d.CreatedAt.UTC().Truncate(time.Microsecond)
	if d.CreatedAt.IsZero() {
		created = tx.now
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO webhook_deliveries
		(workspace_id, endpoint_id, event_id, event, attempt, status_code, error, duration_us, created_at)
		SELECT workspace_id, id, ?, ?, ?, ?, ?, ?, ? FROM webhook_endpoints WHERE workspace_id = ? AND id = ?
		RETURNING id`, d.EventID, d.Event, d.Attempt, d.StatusCode, dz.CleanText(d.Error),
		int64(math.Round(d.DurationMS*1000)), micros(created), d.WorkspaceID, d.EndpointID).Scan(&id)
	if err != nil {
		return missingEndpoint(err, d.EndpointID, "sqlite: add delivery")
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: add delivery: %w", err)
	}
	d.ID, d.CreatedAt, d.Error = id, created, dz.CleanText(d.Error)
	return nil
}

// missingEndpoint turns "no row" into ENOTFOUND and wraps anything else.
func missingEndpoint(err error, id, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", id)
	}
	return fmt.Errorf("%s: %w", what, err)
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
	tx, err := db.read(ctx)
	if err != nil {
		return nil, "", err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM webhook_endpoints WHERE workspace_id = ? AND id = ?`,
		f.WorkspaceID, f.EndpointID).Scan(&n); err != nil {
		return nil, "", fmt.Errorf("sqlite: deliveries: %w", err)
	}
	if n == 0 {
		return nil, "", dz.Errorf(dz.ENOTFOUND, "webhook endpoint %q does not exist", f.EndpointID)
	}
	limit := dz.PageSize(f.Limit)
	rows, err := tx.QueryContext(ctx, `SELECT id, workspace_id, endpoint_id, event_id, event, attempt, status_code, error, duration_us, created_at
		FROM webhook_deliveries WHERE workspace_id = ? AND endpoint_id = ? AND id < ? ORDER BY id DESC LIMIT ?`,
		f.WorkspaceID, f.EndpointID, before, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: deliveries: %w", err)
	}
	out, err := collect(rows, "deliveries", func(r rowScanner) (*dz.WebhookDelivery, error) {
		d := &dz.WebhookDelivery{}
		var us, created int64
		err := r.Scan(&d.ID, &d.WorkspaceID, &d.EndpointID, &d.EventID, &d.Event, &d.Attempt, &d.StatusCode, &d.Error, &us, &created)
		d.DurationMS, d.CreatedAt = float64(us)/1000, fromMicros(created)
		return d, err
	})
	if err != nil {
		return nil, "", err
	}
	if len(out) <= limit {
		return out, "", nil
	}
	return out[:limit], dz.DeliveryCursor(out[limit-1].ID), nil
}
