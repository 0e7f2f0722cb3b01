package client_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/client"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
	"github.com/delegatezero/dz/internal/webhook"
	"github.com/delegatezero/dz/internal/workspace"
)

// The webhook calls against a real server over a real SQLite file, with a
// real receiver that checks every signature.
func TestClientWebhooks(t *testing.T) {
	now := time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), clock)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	secret := demoKey(t, store, now)
	srv := httptest.NewServer(dzhttp.New(dzhttp.Config{Store: store, Now: clock, AllowPrivateWebhooks: true}).Handler())
	defer srv.Close()
	ctx := t.Context()
	c := client.New(srv.URL, secret)

	var signed, forged atomic.Int32
	var hookSecret atomic.Value
	hookSecret.Store("")
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if webhook.Verify(hookSecret.Load().(string), r.Header.Get(webhook.SignatureHeader), body, now, 0) != nil {
			forged.Add(1)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		signed.Add(1)
	}))
	defer hooks.Close()

	ep, err := c.CreateWebhook(ctx, hooks.URL, []string{webhook.EventCreated})
	if err != nil || ep.Secret == "" {
		t.Fatalf("CreateWebhook = %+v, %v", ep, err)
	}
	hookSecret.Store(ep.Secret)
	if _, err := c.Decide(ctx, &dz.Request{Request: "Please refund my $49 from November 3", Context: dz.RequestContext{Entity: "juniper-yoga"}}); err != nil {
		t.Fatal(err)
	}
	w := &webhook.Worker{Store: store, Now: clock, Client: webhook.Guard{AllowPrivate: true}.Client(5 * time.Second),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if n, err := w.RunOnce(ctx); n != 1 || err != nil {
		t.Fatalf("worker: %d, %v; want the one decision.created", n, err)
	}
	if signed.Load() != 1 || forged.Load() != 0 {
		t.Fatalf("receiver: %d signed, %d unverified", signed.Load(), forged.Load())
	}
	page, err := c.WebhookDeliveries(ctx, ep.ID, "", 10)
	if err != nil || len(page.Data) != 1 || page.Data[0].StatusCode != 200 || page.Data[0].Event != webhook.EventCreated {
		t.Fatalf("WebhookDeliveries = %+v, %v", page, err)
	}
	list, err := c.Webhooks(ctx)
	if err != nil || len(list) != 1 || list[0].ID != ep.ID || list[0].Secret != "" {
		t.Fatalf("Webhooks = %+v, %v; want the endpoint without its secret", list, err)
	}
	if err := c.DeleteWebhook(ctx, ep.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WebhookDeliveries(ctx, ep.ID, "", 0); dz.ErrorCode(err) != dz.ENOTFOUND {
		t.Fatalf("deliveries of a deleted endpoint: %v, want ENOTFOUND", err)
	}
	if _, err := c.CreateWebhook(ctx, "ftp://example.com", nil); dz.ErrorCode(err) != dz.EINVALID {
		t.Fatalf("ftp URL: %v, want EINVALID", err)
	}
}

// demoKey loads the demo workspace into store and returns a key for it.
func demoKey(t *testing.T, store dz.Store, now time.Time) string {
	t.Helper()
	loaded, err := workspace.LoadDir("../examples/acme-saas")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := workspace.Entries(loaded)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := store.CreateWorkspace(t.Context(), "demo", "Demo")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.PutContext(t.Context(), ws.ID, entries); err != nil {
		t.Fatal(err)
	}
	id, secret := dz.NewKeySecret()
	if err := store.CreateKey(t.Context(), &dz.APIKey{ID: id, WorkspaceID: ws.ID, CreatedAt: now}, dz.HashSecret(secret)); err != nil {
		t.Fatal(err)
	}
	return secret
}
