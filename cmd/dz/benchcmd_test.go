package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz/client"
)

// dz bench against a real in-process server without a rate limit: every
// decision it counts as ok was stored, and the report has its lines.
func TestBenchCountsStoredDecisions(t *testing.T) {
	addr, key := serveUnlimited(t)
	c := client.New("http://"+addr, key)
	inbox := listedDecisions(t, c) // the demo's sample requests
	code, out, errOut := runDZ(t, "bench", "--server", "http://"+addr, "--key", key, "--duration", "1s", "--concurrency", "2")
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	m := regexp.MustCompile(`decisions +(\d+) ok, (\d+) failed`).FindStringSubmatch(out)
	if m == nil || m[2] != "0" || !strings.Contains(out, "p99 ") || !strings.Contains(out, "decisions/s") {
		t.Fatalf("report:\n%s", out)
	}
	ok, _ := strconv.Atoi(m[1])
	stored := listedDecisions(t, c) - inbox
	// Requests cut short when the time is up may still have been stored.
	if ok == 0 || stored < ok || stored > ok+2 {
		t.Errorf("bench counted %d ok; the server stored %d", ok, stored)
	}
}

// serveUnlimited runs `dz serve --demo --rate -1` in-process on a free port
// over a fresh SQLite folder until the test ends.
func serveUnlimited(t *testing.T) (addr, key string) {
	t.Helper()
	addr, printed := serveInProcess(t, "--data", t.TempDir(), "--addr", "127.0.0.1:0", "--rate", "-1", "--demo", "--demo-workspace", acme)
	return addr, demoKey.FindString(printed)
}

func TestBenchRefusesBadFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{name: "no key", args: []string{"bench"}, want: "--key is required"},
		{name: "zero duration", args: []string{"bench", "--key", "k", "--duration", "0s"}, want: "--duration"},
		{name: "no workers", args: []string{"bench", "--key", "k", "--concurrency", "0"}, want: "--concurrency"},
		{name: "nobody listening", args: []string{"bench", "--key", "k", "--server", "http://127.0.0.1:1", "--duration", "200ms", "--concurrency", "1"}, want: "no decision succeeded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("DZ_KEY", "")
			code, _, errOut := runDZ(t, tc.args...)
			if code == 0 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want failure mentioning %q", code, errOut, tc.want)
			}
		})
	}
}

func TestPercentile(t *testing.T) {
	ten := []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{name: "empty", sorted: nil, p: 50, want: 0},
		{name: "one", sorted: []time.Duration{7}, p: 99, want: 7},
		{name: "median of ten", sorted: ten, p: 50, want: 5},
		{name: "p90 of ten", sorted: ten, p: 90, want: 9},
		{name: "p99 of ten is the max", sorted: ten, p: 99, want: 10},
		{name: "max", sorted: ten, p: 100, want: 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tc.sorted, tc.p, got, tc.want)
			}
		})
	}
}
