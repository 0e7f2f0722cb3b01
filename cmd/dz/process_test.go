package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/pgtest"
)

// buildDZ compiles the dz command into a temporary folder and returns the
// binary's path, for tests that need a real process to kill.
func buildDZ(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs real dz processes")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skipf("no go command to build dz with: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "dz")
	if out, err := exec.Command(goBin, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is a running `dz serve --demo`.
type process struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:PORT
	key  string // the demo key it printed
	log  string // file holding its stderr
}

var (
	demoURL = regexp.MustCompile(`curl -s (http://127\.0\.0\.1:\d+)/api/v1/decisions`)
	demoKey = regexp.MustCompile(`dzk_[0-9a-f]+_[0-9a-f]+`)
)

// startServe starts `dz serve --demo` on a free loopback port with the
// given store flags and waits until it has printed its URL and key. The
// process is killed when the test ends if it still runs.
func startServe(t *testing.T, bin string, storeArgs ...string) *process {
	t.Helper()
	p := &process{log: filepath.Join(t.TempDir(), "serve.log")}
	logFile, err := os.Create(p.log)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	// No rate limit: the load is the point, and many copies of one request.
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--rate", "-1", "--demo", "--demo-workspace", acme}, storeArgs...)
	p.cmd = exec.Command(bin, args...)
	p.cmd.Stderr = logFile
	stdout, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start dz serve: %v", err)
	}
	t.Cleanup(func() { p.kill(t) })
	found := make(chan struct{})
	go func() { // read stdout to the end so the process never blocks on it
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := demoURL.FindStringSubmatch(sc.Text()); m != nil {
				p.base = m[1]
			}
			if k := demoKey.FindString(sc.Text()); k != "" && p.key == "" {
				p.key = k
				close(found)
			}
		}
	}()
	select {
	case <-found:
	case <-time.After(60 * time.Second):
		t.Fatalf("dz serve printed no key in 60 s; its log:\n%s", readFile(t, p.log))
	}
	return p
}

// kill ends the process with SIGKILL, as a crash or an OOM killer would,
// and reaps it.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if t.Failed() { // a server that died or misbehaved says why in its log
		t.Logf("%s log (%s), last lines:\n%s", p.base, p.log, lastLines(readFile(t, p.log), 30))
	}
	if p.cmd.ProcessState != nil {
		return
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Logf("kill: %v", err)
	}
	_ = p.cmd.Wait() // "signal: killed" is the expected answer
}

// lastLines is the end of s, at most n lines.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, _ := os.ReadFile(path)
	return string(b)
}

// postDecision sends one decision request and returns the status and the
// decoded answer; a transport error is returned, not fatal, since killed
// servers make them.
func postDecision(ctx context.Context, c *http.Client, base, key string, req *dz.Request) (int, *dz.Decision, error) {
	body, err := json.Marshal(req)
	if err != nil {
		return 0, nil, err
	}
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/decisions", bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	hr.Header.Set("Authorization", "Bearer "+key)
	hr.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(hr)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err
	}
	var d dz.Decision
	if resp.StatusCode < 300 {
		if err := json.Unmarshal(raw, &d); err != nil {
			return resp.StatusCode, nil, err
		}
	}
	return resp.StatusCode, &d, nil
}

// freshDatabase is a PostgreSQL database for one test (internal/pgtest).
func freshDatabase(t *testing.T) string { return pgtest.FreshDatabase(t) }
