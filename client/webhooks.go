package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/delegatezero/dz"
)

// CreateWebhook registers an endpoint for events (none: every event):
// POST /api/v1/webhooks. The answer's Secret is the signing secret,
// shown this once; keep it to verify DZ-Signature (webhook.Verify).
func (c *Client) CreateWebhook(ctx context.Context, endpointURL string, events []string) (*dz.WebhookEndpoint, error) {
	in := struct {
		URL    string   `json:"url"`
		Events []string `json:"events,omitempty"`
	}{endpointURL, events}
	var ep dz.WebhookEndpoint
	if err := c.do(ctx, http.MethodPost, "/api/v1/webhooks", in, &ep); err != nil {
		return nil, err
	}
	return &ep, nil
}

// Webhooks lists the workspace's endpoints, without secrets: GET /api/v1/webhooks.
func (c *Client) Webhooks(ctx context.Context) ([]*dz.WebhookEndpoint, error) {
	var out struct {
		Data []*dz.WebhookEndpoint `json:"data"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/v1/webhooks", nil, &out); err != nil {
		return nil, err
	}
	return out.Data, nil
}

// DeleteWebhook removes an endpoint and its delivery log: DELETE /api/v1/webhooks/{id}.
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, "/api/v1/webhooks/"+url.PathEscape(id), nil, nil)
}

// DeliveryPage is one page of an endpoint's delivery log.
type DeliveryPage struct {
	Data       []*dz.WebhookDelivery `json:"data"`
	NextCursor string                `json:"next_cursor,omitempty"`
}

// WebhookDeliveries reads an endpoint's delivery log, newest attempt
// first: GET /api/v1/webhooks/{id}/deliveries. Pass the previous page's
// NextCursor as cursor for the next page.
func (c *Client) WebhookDeliveries(ctx context.Context, id, cursor string, limit int) (*DeliveryPage, error) {
	q := url.Values{}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", fmt.Sprint(limit))
	}
	var p DeliveryPage
	if err := c.do(ctx, http.MethodGet, "/api/v1/webhooks/"+url.PathEscape(id)+"/deliveries?"+q.Encode(), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}
