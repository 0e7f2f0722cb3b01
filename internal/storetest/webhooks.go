package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// testWebhooks covers endpoints, the delivery log and their isolation.
func testWebhooks(t *testing.T, open opener) {
	t.Run("endpoints", func(t *testing.T) { testEndpoints(t, open(t)) })
	t.Run("deliveries", func(t *testing.T) { testDeliveries(t, open(t)) })
	t.Run("isolation", func(t *testing.T) { testWebhookIsolation(t, open(t)) })
}

// endpoint returns an endpoint ready to store.
func endpoint(wsID int64, id string, events ...string) *dz.WebhookEndpoint {
	return &dz.WebhookEndpoint{ID: id, WorkspaceID: wsID, URL: "https://hooks.example.com/" + id, Events: events, Secret: "whsec_" + id}
}

// testEndpoints creates, reads, lists and deletes endpoints.
func testEndpoints(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	first := endpoint(ws.ID, "whk_1", "decision.created", "decision.escalated")
	must(t, s.CreateWebhook(ctx(t), first))
	if first.CreatedAt.IsZero() {
		t.Fatalf("CreatedAt not stamped")
	}
	must(t, s.CreateWebhook(ctx(t), endpoint(ws.ID, "whk_2")))
	bad := []struct {
		name string
		ep   *dz.WebhookEndpoint
		code string
	}{
		{"same id", endpoint(ws.ID, "whk_1"), dz.ECONFLICT},
		{"no id", endpoint(ws.ID, ""), dz.EINVALID},
		{"no url", &dz.WebhookEndpoint{ID: "whk_3", WorkspaceID: ws.ID, Secret: "s"}, dz.EINVALID},
		{"no secret", &dz.WebhookEndpoint{ID: "whk_4", WorkspaceID: ws.ID, URL: "https://x"}, dz.EINVALID},
		{"NUL in an event", endpoint(ws.ID, "whk_5", "a\x00b"), dz.EINVALID},
		{"unknown workspace", endpoint(ws.ID+1000, "whk_6"), dz.ENOTFOUND},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, s.CreateWebhook(ctx(t), tc.ep), tc.code) })
	}
	got, err := s.Webhook(ctx(t), ws.ID, "whk_1")
	must(t, err)
	sameJSON(t, "endpoint", got, first)
	list, err := s.Webhooks(ctx(t), ws.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != "whk_1" || list[1].ID != "whk_2" || list[1].Secret != "whsec_whk_2" || len(list[1].Events) != 0 {
		t.Fatalf("Webhooks = %+v, want whk_1 then whk_2 with its secret and no filter", list)
	}
	must(t, s.DeleteWebhook(ctx(t), ws.ID, "whk_1"))
	wantCode(t, s.DeleteWebhook(ctx(t), ws.ID, "whk_1"), dz.ENOTFOUND)
	_, err = s.Webhook(ctx(t), ws.ID, "whk_1")
	wantCode(t, err, dz.ENOTFOUND)
	_, err = s.Webhook(ctx(t), ws.ID, "a\xffb")
	wantCode(t, err, dz.ENOTFOUND)
	if list, err = s.Webhooks(ctx(t), ws.ID); err != nil || len(list) != 1 {
		t.Fatalf("after delete: %d endpoints, %v", len(list), err)
	}
}

// delivery returns an attempt to record.
func delivery(wsID int64, endpointID string, attempt, status int) *dz.WebhookDelivery {
	return &dz.WebhookDelivery{WorkspaceID: wsID, EndpointID: endpointID, EventID: "evt_1", Event: "decision.created",
		Attempt: attempt, StatusCode: status, DurationMS: 12.345, CreatedAt: base.Add(time.Duration(attempt) * time.Minute)}
}

// testDeliveries records attempts, pages through them and deletes them
// with their endpoint.
func testDeliveries(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	must(t, s.CreateWebhook(ctx(t), endpoint(ws.ID, "whk_1")))
	must(t, s.CreateWebhook(ctx(t), endpoint(ws.ID, "whk_2")))
	var all []*dz.WebhookDelivery
	for i := 1; i <= 5; i++ {
		d := delivery(ws.ID, "whk_1", i, 500)
		if i == 5 {
			d.StatusCode, d.Error = 0, "dial: connection refused\x00"
		}
		must(t, s.AddDelivery(ctx(t), d))
		all = append([]*dz.WebhookDelivery{d}, all...)
	}
	must(t, s.AddDelivery(ctx(t), delivery(ws.ID, "whk_2", 1, 200)))
	if all[0].Error != "dial: connection refused\uFFFD" {
		t.Fatalf("error text = %q", all[0].Error)
	}
	page1, next, err := s.Deliveries(ctx(t), dz.DeliveryFilter{WorkspaceID: ws.ID, EndpointID: "whk_1", Limit: 3})
	must(t, err)
	page2, end, err := s.Deliveries(ctx(t), dz.DeliveryFilter{WorkspaceID: ws.ID, EndpointID: "whk_1", Limit: 3, Cursor: next})
	must(t, err)
	if next == "" || end != "" {
		t.Fatalf("cursors %q then %q, want one page after the first", next, end)
	}
	sameJSON(t, "delivery log", append(page1, page2...), all)
	_, _, err = s.Deliveries(ctx(t), dz.DeliveryFilter{WorkspaceID: ws.ID, EndpointID: "whk_1", Cursor: "!"})
	wantCode(t, err, dz.EINVALID)
	_, _, err = s.Deliveries(ctx(t), dz.DeliveryFilter{WorkspaceID: ws.ID, EndpointID: "whk_9"})
	wantCode(t, err, dz.ENOTFOUND)
	wantCode(t, s.AddDelivery(ctx(t), delivery(ws.ID, "whk_9", 1, 200)), dz.ENOTFOUND)
	wantCode(t, s.AddDelivery(ctx(t), &dz.WebhookDelivery{WorkspaceID: ws.ID, EndpointID: "whk_1", Event: "a\xff"}), dz.EINVALID)

	must(t, s.DeleteWebhook(ctx(t), ws.ID, "whk_1"))
	wantCode(t, s.AddDelivery(ctx(t), delivery(ws.ID, "whk_1", 6, 200)), dz.ENOTFOUND)
	must(t, s.CreateWebhook(ctx(t), endpoint(ws.ID, "whk_1")))
	if log, _, err := s.Deliveries(ctx(t), dz.DeliveryFilter{WorkspaceID: ws.ID, EndpointID: "whk_1"}); err != nil || len(log) != 0 {
		t.Fatalf("a deleted endpoint's log came back: %d, %v", len(log), err)
	}
	if log, _, err := s.Deliveries(ctx(t), dz.DeliveryFilter{WorkspaceID: ws.ID, EndpointID: "whk_2"}); err != nil || len(log) != 1 {
		t.Fatalf("the other endpoint's log: %d, %v", len(log), err)
	}
}

// testWebhookIsolation gives every webhook method workspace B's id and
// workspace A's endpoint: nothing of A may be seen or changed.
func testWebhookIsolation(t *testing.T, s dz.Store) {
	a, b := workspace(t, s, "acme"), workspace(t, s, "globex")
	must(t, s.CreateWebhook(ctx(t), endpoint(a.ID, "whk_a")))
	must(t, s.AddDelivery(ctx(t), delivery(a.ID, "whk_a", 1, 200)))
	snapshot := webhookSnapshot(t, s, a.ID)
	probes := []struct {
		name string
		do   func() error
		code string
	}{
		{"Webhook", func() error { _, err := s.Webhook(ctx(t), b.ID, "whk_a"); return err }, dz.ENOTFOUND},
		{"Webhooks", func() error { return wantEmpty(s.Webhooks(ctx(t), b.ID)) }, ""},
		{"DeleteWebhook", func() error { return s.DeleteWebhook(ctx(t), b.ID, "whk_a") }, dz.ENOTFOUND},
		{"CreateWebhook same id", func() error { return s.CreateWebhook(ctx(t), endpoint(b.ID, "whk_a")) }, dz.ECONFLICT},
		{"AddDelivery", func() error { return s.AddDelivery(ctx(t), delivery(b.ID, "whk_a", 2, 500)) }, dz.ENOTFOUND},
		{"Deliveries", func() error {
			_, _, err := s.Deliveries(ctx(t), dz.DeliveryFilter{WorkspaceID: b.ID, EndpointID: "whk_a"})
			return err
		}, dz.ENOTFOUND},
	}
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) {
			wantCode(t, p.do(), p.code)
			sameJSON(t, "workspace A", webhookSnapshot(t, s, a.ID), snapshot)
		})
	}
}

// webhookSnapshot is every endpoint and delivery workspace A holds.
func webhookSnapshot(t *testing.T, s dz.Store, wsID int64) map[string]any {
	t.Helper()
	eps, err := s.Webhooks(ctx(t), wsID)
	must(t, err)
	out := map[string]any{"endpoints": eps}
	for _, ep := range eps {
		log, _, err := s.Deliveries(ctx(t), dz.DeliveryFilter{WorkspaceID: wsID, EndpointID: ep.ID})
		must(t, err)
		out[fmt.Sprint("log ", ep.ID)] = log
	}
	return out
}
