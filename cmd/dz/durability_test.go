package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/client"
	"github.com/google/go-cmp/cmp"
)

// Durability: decisions go to a real `dz serve` from several goroutines, the
// process is SIGKILLed mid-load and restarted on the same data. Every
// acknowledged decision must be there, complete, with its trace; every
// stored decision must read back whole (list == get); and retrying every
// request sent, acknowledged or not, must store each exactly once.
func TestDurabilityAfterSIGKILL(t *testing.T) {
	bin := buildDZ(t)
	for _, tc := range []struct {
		name  string
		store func(t *testing.T) []string
	}{
		{name: "sqlite", store: func(t *testing.T) []string { return []string{"--data", filepath.Join(t.TempDir(), "data")} }},
		{name: "postgres", store: func(t *testing.T) []string { return []string{"--database-url", freshDatabase(t)} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storeArgs := tc.store(t)
			first := startServe(t, bin, storeArgs...)
			inbox := countStored(t, first) // the demo's sample requests
			sent, acked := loadUntilKilled(t, first, 8, 300)
			second := startServe(t, bin, storeArgs...)
			checkAcked(t, second, acked)
			retrySent(t, second, sent, acked)
			checkStored(t, second, inbox+len(sent))
		})
	}
}

// durabilityRequest is the n-th request a worker sends: varied customers
// and intents, each with its own request_id.
func durabilityRequest(worker, n int) *dz.Request {
	reqs := benchRequests()
	req := &reqs[(worker+n)%len(reqs)]
	req.RequestID = fmt.Sprintf("durability-%d-%d", worker, n)
	return req
}

// loadUntilKilled sends decisions from workers goroutines and SIGKILLs the
// server once at least ackTarget were acknowledged, while requests are in
// flight. It returns every request sent and the acknowledged answers by
// request_id.
func loadUntilKilled(t *testing.T, p *process, workers, ackTarget int) (sent map[string]*dz.Request, acked map[string]*dz.Decision) {
	t.Helper()
	sent, acked = map[string]*dz.Request{}, map[string]*dz.Decision{}
	var mu sync.Mutex
	var killed atomic.Bool
	enough := make(chan struct{})
	var once sync.Once
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	hc := &http.Client{Timeout: 20 * time.Second}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for n := 0; !killed.Load() && ctx.Err() == nil; n++ {
				req := durabilityRequest(w, n)
				mu.Lock()
				sent[req.RequestID] = req
				mu.Unlock()
				status, dec, err := postDecision(ctx, hc, p.base, p.key, req)
				switch {
				case killed.Load():
					return // an answer or an error after the kill proves nothing
				case err != nil || status != http.StatusCreated:
					t.Errorf("before the kill: %s: status %d, %v", req.RequestID, status, err)
					return
				}
				mu.Lock()
				acked[req.RequestID] = dec
				if len(acked) >= ackTarget {
					once.Do(func() { close(enough) })
				}
				mu.Unlock()
			}
		})
	}
	select {
	case <-enough:
	case <-ctx.Done():
		t.Errorf("only %d decisions acknowledged before the deadline", len(acked))
	}
	killed.Store(true)
	p.kill(t)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	t.Logf("killed with %d acknowledged, %d sent", len(acked), len(sent))
	return sent, acked
}

// checkAcked reads every acknowledged decision back from the restarted
// server: the same decision, complete, with its trace.
func checkAcked(t *testing.T, p *process, acked map[string]*dz.Decision) {
	t.Helper()
	c := client.New(p.base, p.key)
	for rid, want := range acked {
		got, err := c.Decision(t.Context(), want.ID)
		if err != nil {
			t.Errorf("%s: acknowledged decision %s lost after SIGKILL: %v", rid, want.ID, err)
			continue
		}
		if got.Status != dz.StatusComplete || got.Trace == nil {
			t.Errorf("%s: decision %s is %q with trace %v", rid, got.ID, got.Status, got.Trace != nil)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: decision %s differs from its acknowledgement (-ack +now):\n%s", rid, want.ID, diff)
		}
	}
}

// retrySent sends every request again with its request_id, as a client
// that lost its answer would: acknowledged ones come back unchanged with
// 200, lost ones are decided now (201) or were stored after all (200).
func retrySent(t *testing.T, p *process, sent map[string]*dz.Request, acked map[string]*dz.Decision) {
	t.Helper()
	hc := &http.Client{Timeout: 20 * time.Second}
	lostStored := 0
	for rid, req := range sent {
		status, dec, err := postDecision(t.Context(), hc, p.base, p.key, req)
		if err != nil {
			t.Errorf("retry %s: %v", rid, err)
			continue
		}
		want, ok := acked[rid]
		if !ok && status == http.StatusOK {
			lostStored++
		}
		switch {
		case ok && (status != http.StatusOK || dec.ID != want.ID):
			t.Errorf("retry of acknowledged %s: status %d, id %s; want 200 with %s", rid, status, dec.ID, want.ID)
		case !ok && status != http.StatusOK && status != http.StatusCreated:
			t.Errorf("retry of unacknowledged %s: status %d", rid, status)
		}
	}
	t.Logf("of %d requests unanswered at the kill, %d had been stored", len(sent)-len(acked), lostStored)
}

// checkStored lists every stored decision and reads each one: all
// complete, each with its trace, the list's copy equal to the decision
// without its trace, and exactly want of them.
func checkStored(t *testing.T, p *process, want int) {
	t.Helper()
	c := client.New(p.base, p.key)
	seen := map[string]bool{}
	for cursor := ""; ; {
		page, err := c.Decisions(t.Context(), "", cursor, 200)
		if err != nil {
			t.Fatalf("list decisions: %v", err)
		}
		for _, listed := range page.Data {
			if seen[listed.ID] {
				t.Errorf("decision %s listed twice", listed.ID)
			}
			seen[listed.ID] = true
			got, err := c.Decision(t.Context(), listed.ID)
			if err != nil {
				t.Errorf("listed decision %s cannot be read: %v", listed.ID, err)
				continue
			}
			if got.Status != dz.StatusComplete || got.Trace == nil || got.Response == "" {
				t.Errorf("decision %s is half-written: status %q, trace %v, response %q", got.ID, got.Status, got.Trace != nil, got.Response)
			}
			got.Trace = nil
			if diff := cmp.Diff(&listed, got); diff != "" {
				t.Errorf("decision %s: list and get differ (-list +get):\n%s", listed.ID, diff)
			}
		}
		if cursor = page.NextCursor; cursor == "" {
			break
		}
	}
	if len(seen) != want {
		t.Errorf("%d decisions stored, want %d: the demo inbox's and one per request_id sent", len(seen), want)
	}
}

// countStored returns how many decisions p's workspace holds.
func countStored(t *testing.T, p *process) int {
	t.Helper()
	return listedDecisions(t, client.New(p.base, p.key))
}

// listedDecisions pages through every decision c can list and counts them.
func listedDecisions(t *testing.T, c *client.Client) int {
	t.Helper()
	n := 0
	for cursor := ""; ; {
		page, err := c.Decisions(t.Context(), "", cursor, 200)
		if err != nil {
			t.Fatalf("list decisions: %v", err)
		}
		n += len(page.Data)
		if cursor = page.NextCursor; cursor == "" {
			return n
		}
	}
}
