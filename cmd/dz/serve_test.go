package main

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
)

// serve starts `dz serve --demo` in-process on a free port and returns its
// address and the demo key. The demo is the copy built into dz: the tests
// run in cmd/dz, where no examples/acme-saas folder is in reach.
func serve(t *testing.T, data string) (addr, key string) {
	t.Helper()
	addr, printed := serveInProcess(t, "--data", data, "--addr", "127.0.0.1:0", "--demo")
	key = demoKey.FindString(printed)
	if key == "" {
		t.Fatalf("--demo printed no key:\n%s", printed)
	}
	return addr, key
}

// serveInProcess runs `dz serve ARGS` in this process until the test
// ends, and returns the address it listens on and what it printed by
// then. The server must shut down cleanly.
func serveInProcess(t *testing.T, args ...string) (addr, printed string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out bytes.Buffer
	ready := make(chan string, 1)
	cmd := &serveCmd{stdout: &out, stderr: io.Discard, ready: func(a string) { ready <- a }}
	done := make(chan error, 1)
	go func() { done <- cmd.Run(ctx, args) }()
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not start in 60 s")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve did not shut down cleanly: %v", err)
		}
	})
	return addr, out.String()
}

func TestServeDemoAndDecideThroughIt(t *testing.T) {
	data := t.TempDir()
	addr, key := serve(t, data)
	code, out, errOut := runDZ(t, "decide", "--server", "http://"+addr, "--key", key, "--json", "--entity", "brightline",
		"I want a refund of the $290 you charged on October 1, your outage on October 14 broke our status page.")
	if code != 0 || !strings.Contains(out, `"status": "complete"`) || !strings.Contains(out, `"audit_url": "http://`+addr) {
		t.Fatalf("decide --server: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, _, errOut := runDZ(t, "decide", "--server", "http://"+addr, "--key", "dzk_nope", "refund"); code == 0 || !strings.Contains(errOut, "unknown or revoked") {
		t.Errorf("a bad key: exit %d, stderr %q", code, errOut)
	}
}

func TestKeysCreateListRevoke(t *testing.T) {
	data := t.TempDir()
	code, secret, errOut := runDZ(t, "keys", "create", "--data", data, "--workspace", "acme", "--name", "help-desk")
	secret = strings.TrimSpace(secret)
	if code != 0 || !regexp.MustCompile(`^dzk_[0-9a-f]+_[0-9a-f]+$`).MatchString(secret) {
		t.Fatalf("keys create: exit %d, stdout %q (want only the key), stderr %q", code, secret, errOut)
	}
	id := secret[:strings.LastIndex(secret, "_")]
	if _, list, _ := runDZ(t, "keys", "list", "--data", data, "--workspace", "acme"); !strings.Contains(list, id) || !strings.Contains(list, "active") {
		t.Fatalf("keys list:\n%s", list)
	}
	if code, _, errOut := runDZ(t, "keys", "revoke", "--data", data, "--workspace", "acme", id); code != 0 {
		t.Fatalf("keys revoke: exit %d: %s", code, errOut)
	}
	if _, list, _ := runDZ(t, "keys", "list", "--data", data, "--workspace", "acme"); !strings.Contains(list, "revoked") {
		t.Errorf("after revoke:\n%s", list)
	}
	if code, _, _ := runDZ(t, "keys", "revoke", "--data", data, "--workspace", "acme", "dzk_nothere"); code == 0 {
		t.Error("revoking an unknown key succeeded")
	}
}
