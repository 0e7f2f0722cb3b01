// Package client is a Go client for DelegateZero's HTTP API. It speaks in
// the root package's types, so a program can switch between deciding
// in-process and deciding through a server: both are dz.Deciders.
//
//	c := client.New("http://127.0.0.1:8080", os.Getenv("DZ_KEY"))
//	dec, err := c.Decide(ctx, &dz.Request{Request: "Please refund my last invoice"})
//
// Errors from the server come back as *dz.Error with the server's code.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// Client calls one server with one API key. It is safe for concurrent use.
type Client struct {
	BaseURL string
	Key     string
	HTTP    *http.Client
}

// New returns a client for the server at baseURL.
func New(baseURL, key string) *Client {
	return &Client{BaseURL: strings.TrimRight(baseURL, "/"), Key: key, HTTP: &http.Client{Timeout: 60 * time.Second}}
}

var _ dz.Decider = (*Client)(nil)

// Decide asks the server for a decision: POST /api/v1/decisions.
func (c *Client) Decide(ctx context.Context, req *dz.Request) (*dz.Decision, error) {
	var d dz.Decision
	if err := c.do(ctx, http.MethodPost, "/api/v1/decisions", req, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// Decision fetches one decision: GET /api/v1/decisions/{id}.
func (c *Client) Decision(ctx context.Context, id string) (*dz.Decision, error) {
	var d dz.Decision
	if err := c.do(ctx, http.MethodGet, "/api/v1/decisions/"+url.PathEscape(id), nil, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// DecisionPage is one page of a decision list.
type DecisionPage struct {
	Data       []dz.Decision `json:"data"`
	NextCursor string        `json:"next_cursor,omitempty"`
}

// Decisions lists decisions newest first: GET /api/v1/decisions. Pass the
// previous page's NextCursor as cursor for the next page.
func (c *Client) Decisions(ctx context.Context, outcome dz.Outcome, cursor string, limit int) (*DecisionPage, error) {
	q := url.Values{}
	if outcome != "" {
		q.Set("outcome", string(outcome))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	if limit > 0 {
		q.Set("limit", fmt.Sprint(limit))
	}
	var p DecisionPage
	if err := c.do(ctx, http.MethodGet, "/api/v1/decisions?"+q.Encode(), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// problem is the server's RFC 9457 error body.
type problem struct {
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, body)
	if err != nil {
		return fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.Key)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return fmt.Errorf("%s %s: read response: %w", method, path, err)
	}
	if resp.StatusCode >= 400 {
		var p problem
		if json.Unmarshal(raw, &p) == nil && p.Code != "" {
			return &dz.Error{Code: p.Code, Message: p.Detail}
		}
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, bytes.TrimSpace(raw))
	}
	if out == nil { // e.g. 204 No Content
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("%s %s: decode response: %w", method, path, err)
	}
	return nil
}
