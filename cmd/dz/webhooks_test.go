package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/client"
	"github.com/delegatezero/dz/internal/webhook"
)

// TestServeDeliversWebhooks: `dz serve --webhooks-allow-private` runs the
// delivery worker; a decision made through it reaches a local receiver
// signed, and the delivery log says so.
func TestServeDeliversWebhooks(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	ready := make(chan string, 1)
	cmd := &serveCmd{stdout: &out, stderr: io.Discard, ready: func(a string) { ready <- a }}
	done := make(chan error, 1)
	go func() {
		done <- cmd.Run(ctx, []string{"--data", t.TempDir(), "--addr", "127.0.0.1:0", "--demo", "--demo-workspace", acme, "--webhooks-allow-private"})
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	}
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve did not shut down cleanly: %v", err)
		}
	}()
	c := client.New("http://"+addr, regexp.MustCompile(`dzk_[0-9a-f]+_[0-9a-f]+`).FindString(out.String()))

	got := make(chan error, 4)
	var secret string
	hooks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		got <- webhook.Verify(secret, r.Header.Get(webhook.SignatureHeader), body, time.Now(), 0)
	}))
	defer hooks.Close()
	ep, err := c.CreateWebhook(t.Context(), hooks.URL, []string{webhook.EventCreated})
	if err != nil {
		t.Fatal(err)
	}
	secret = ep.Secret
	if _, err := c.Decide(t.Context(), &dz.Request{Request: "Please refund my $49 from November 3", Context: dz.RequestContext{Entity: "juniper-yoga"}}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-got:
		if err != nil {
			t.Fatalf("the receiver could not verify the delivery: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no delivery within 30 s")
	}
	poll, deadline := time.NewTicker(50*time.Millisecond), time.After(10*time.Second)
	defer poll.Stop()
	for { // the attempt is logged just after the receiver answers: poll the log
		select {
		case <-poll.C:
		case <-deadline:
			t.Fatal("the delivery was not logged within 10 s")
		}
		page, err := c.WebhookDeliveries(t.Context(), ep.ID, "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Data) == 1 && page.Data[0].StatusCode == 200 {
			break
		}
		if len(page.Data) > 1 {
			t.Fatalf("delivery log = %+v, want one attempt", page.Data)
		}
	}
}
