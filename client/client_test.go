package client_test

import (
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/client"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
	"github.com/delegatezero/dz/internal/workspace"
)

// The client against a real server over a real SQLite file: decide, read
// back, list, and get server errors as *dz.Error with their codes.
func TestClient(t *testing.T) {
	now := time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	loaded, err := workspace.LoadDir("../examples/acme-saas")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := workspace.Entries(loaded)
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	ws, err := store.CreateWorkspace(ctx, "demo", "Demo")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.PutContext(ctx, ws.ID, entries); err != nil {
		t.Fatal(err)
	}
	id, secret := dz.NewKeySecret()
	if err := store.CreateKey(ctx, &dz.APIKey{ID: id, WorkspaceID: ws.ID, CreatedAt: now}, dz.HashSecret(secret)); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(dzhttp.New(dzhttp.Config{Store: store, Now: func() time.Time { return now }}).Handler())
	defer srv.Close()

	c := client.New(srv.URL, secret)
	dec, err := c.Decide(ctx, &dz.Request{Request: "Please refund my $49 from November 3", Context: dz.RequestContext{Entity: "juniper-yoga"}})
	if err != nil || dec.ID == "" || dec.Decision == "" {
		t.Fatalf("Decide = %+v, %v", dec, err)
	}
	got, err := c.Decision(ctx, dec.ID)
	if err != nil || got.ID != dec.ID || got.Trace == nil {
		t.Fatalf("Decision(%s) = %+v, %v", dec.ID, got, err)
	}
	page, err := c.Decisions(ctx, dec.Decision, "", 10)
	if err != nil || len(page.Data) != 1 {
		t.Fatalf("Decisions = %+v, %v", page, err)
	}
	if _, err := c.Decide(ctx, &dz.Request{Request: " "}); dz.ErrorCode(err) != dz.EINVALID {
		t.Errorf("empty request: %v, want EINVALID", err)
	}
	if _, err := client.New(srv.URL, "dzk_bad").Decision(ctx, dec.ID); dz.ErrorCode(err) != dz.EUNAUTHORIZED {
		t.Errorf("bad key: %v, want EUNAUTHORIZED", err)
	}
	if _, err := c.Decision(ctx, "dec_nope"); dz.ErrorCode(err) != dz.ENOTFOUND {
		t.Errorf("unknown id: %v, want ENOTFOUND", err)
	}
}
