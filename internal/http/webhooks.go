package http

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/webhook"
)

// webhookBody is POST /api/v1/webhooks.
type webhookBody struct {
	URL    string   `json:"url"`
	Events []string `json:"events,omitempty"` // empty: every event
}

// createWebhook registers an endpoint and answers with its signing secret,
// the only time the secret is shown.
func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	var body webhookBody
	if err := s.decode(w, r, &body); err != nil {
		return err
	}
	ep, err := s.addWebhook(r.Context(), key.WorkspaceID, body.URL, body.Events)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, ep)
}

// addWebhook registers an endpoint whose URL passes the delivery guard,
// and returns it with its signing secret.
func (s *Server) addWebhook(ctx context.Context, workspaceID int64, url string, events []string) (*dz.WebhookEndpoint, error) {
	ep, err := webhook.NewEndpoint(workspaceID, strings.TrimSpace(url), events)
	if err != nil {
		return nil, err
	}
	if err := (webhook.Guard{AllowPrivate: s.cfg.AllowPrivateWebhooks}).CheckURL(ctx, ep.URL); err != nil {
		return nil, err
	}
	if err := s.cfg.Store.CreateWebhook(ctx, ep); err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "webhook created", "endpoint_id", ep.ID)
	return ep, nil
}

// listWebhooks is GET /api/v1/webhooks: the endpoints, without secrets.
func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	eps, err := s.cfg.Store.Webhooks(r.Context(), apiKey(r.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	out := []*dz.WebhookEndpoint{}
	for _, ep := range eps {
		ep.Secret = ""
		out = append(out, ep)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"data": out})
}

// deleteWebhook is DELETE /api/v1/webhooks/{id}: the endpoint, its log and
// its pending deliveries go.
func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	if err := s.cfg.Store.DeleteWebhook(r.Context(), apiKey(r.Context()).WorkspaceID, r.PathValue("id")); err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "webhook deleted", "endpoint_id", r.PathValue("id"))
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// deliveryList is the body of GET /api/v1/webhooks/{id}/deliveries.
type deliveryList struct {
	Data       []*dz.WebhookDelivery `json:"data"`
	NextCursor string                `json:"next_cursor,omitempty"`
}

// listDeliveries is GET /api/v1/webhooks/{id}/deliveries?cursor=&limit=:
// the delivery log, newest attempt first.
func (s *Server) listDeliveries(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := dz.DeliveryFilter{WorkspaceID: apiKey(r.Context()).WorkspaceID, EndpointID: r.PathValue("id"), Cursor: q.Get("cursor")}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return dz.Errorf(dz.EINVALID, "limit=%q must be a whole number from 1 to 200", v)
		}
		f.Limit = n
	}
	ds, next, err := s.cfg.Store.Deliveries(r.Context(), f)
	if err != nil {
		return err
	}
	if ds == nil {
		ds = []*dz.WebhookDelivery{}
	}
	return writeJSON(w, http.StatusOK, deliveryList{Data: ds, NextCursor: next})
}

// decisionWebhooks are the deliveries of a decision being written, for
// the same transaction: decision.created when it is new, and its
// outcome's event (decision.executed, …) once it is complete.
func (s *Server) decisionWebhooks(ctx context.Context, rec *dz.DecisionRecord, isNew bool) ([]dz.Job, error) {
	eps, err := s.cfg.Store.Webhooks(ctx, rec.WorkspaceID)
	if err != nil || len(eps) == 0 {
		return nil, err
	}
	data, now := webhook.DecisionData(&rec.Decision), s.cfg.Now()
	var jobs []dz.Job
	if isNew {
		if jobs, err = webhook.Jobs(eps, webhook.EventCreated, data, now); err != nil {
			return nil, err
		}
	}
	if ev := webhook.OutcomeEvent(rec.Decision.Decision); rec.Status == dz.StatusComplete && ev != "" {
		more, err := webhook.Jobs(eps, ev, data, now)
		return append(jobs, more...), err
	}
	return jobs, nil
}

// reviewWebhooks are the decision.reviewed deliveries of feedback being
// recorded, for the same transaction.
func (s *Server) reviewWebhooks(ctx context.Context, fb *dz.Feedback) ([]dz.Job, error) {
	eps, err := s.cfg.Store.Webhooks(ctx, fb.WorkspaceID)
	if err != nil || len(eps) == 0 {
		return nil, err
	}
	data := struct { // the feedback as recorded, less the id it has yet to get
		DecisionID string     `json:"decision_id"`
		Kind       string     `json:"kind"`
		Note       string     `json:"note,omitempty"`
		Outcome    dz.Outcome `json:"outcome,omitempty"`
		Response   string     `json:"response,omitempty"`
	}{fb.DecisionID, fb.Kind, fb.Note, fb.Outcome, fb.Response}
	return webhook.Jobs(eps, webhook.EventReviewed, data, s.cfg.Now())
}
