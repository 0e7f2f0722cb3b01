package main

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// Two `dz serve` processes on one PostgreSQL database get the same
// request_id at the same moment, many times: each round stores exactly one
// decision, answers 201 once and 200 to every other copy, and every answer
// carries the same id.
func TestTwoProcessesOneRequestID(t *testing.T) {
	bin := buildDZ(t)
	dbURL := freshDatabase(t)
	a := startServe(t, bin, "--database-url", dbURL)
	b := startServe(t, bin, "--database-url", dbURL) // the same workspace "demo"; a's key works on both
	inbox := countStored(t, a)                       // the demo's sample requests
	servers := []string{a.base, b.base, a.base, b.base, a.base, b.base}
	const rounds = 40
	hc := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: len(servers)}}
	for round := range rounds {
		req := benchRequests()[round%len(benchRequests())]
		req.RequestID = fmt.Sprintf("two-process-%d", round)
		statuses, ids := sendAtOnce(t, hc, servers, a.key, &req)
		created := 0
		for i, st := range statuses {
			switch {
			case st == http.StatusCreated:
				created++
			case st != http.StatusOK:
				t.Errorf("round %d, copy %d (%s): status %d", round, i, servers[i], st)
			}
			if ids[i] != ids[0] {
				t.Errorf("round %d: copy %d got decision %q, copy 0 got %q", round, i, ids[i], ids[0])
			}
		}
		if created != 1 {
			t.Errorf("round %d: %d copies answered 201 Created, want exactly 1 (statuses %v)", round, created, statuses)
		}
	}
	checkStored(t, a, inbox+rounds)
}

// sendAtOnce posts req to every server in its own goroutine, released
// together, and returns each answer's status and decision id.
func sendAtOnce(t *testing.T, hc *http.Client, servers []string, key string, req *dz.Request) ([]int, []string) {
	t.Helper()
	statuses, ids := make([]int, len(servers)), make([]string, len(servers))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, base := range servers {
		wg.Go(func() {
			<-start
			status, dec, err := postDecision(t.Context(), hc, base, key, req)
			if err != nil {
				t.Errorf("%s %s: %v", base, req.RequestID, err)
				return
			}
			statuses[i], ids[i] = status, dec.ID
		})
	}
	close(start)
	wg.Wait()
	return statuses, ids
}
