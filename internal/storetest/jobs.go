package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// testJobs covers idempotent enqueue, leases, retries and concurrent claims.
func testJobs(t *testing.T, open opener) {
	t.Run("enqueue is idempotent", func(t *testing.T) { testEnqueue(t, open(t)) })
	t.Run("lease and finish", func(t *testing.T) { testFinish(t, open(t)) })
	t.Run("concurrent claimers", func(t *testing.T) { testConcurrentClaims(t, open(t)) })
}

// testEnqueue enqueues one key several ways and counts what is claimable.
func testEnqueue(t *testing.T, s dz.Store) {
	a, b := workspace(t, s, "acme"), workspace(t, s, "globex")
	later := job("later")
	later.RunAt = time.Now().Add(time.Hour)
	other := job("k")
	other.Kind = "decide"
	batches := []struct {
		ws   int64
		id   string
		jobs []dz.Job
	}{
		{a.ID, "dec_1", []dz.Job{job("k"), job("k"), later, other}},
		{a.ID, "dec_2", []dz.Job{job("k")}},
		{b.ID, "dec_3", []dz.Job{job("k")}},
	}
	for _, bt := range batches {
		_, _, err := s.CreateDecision(ctx(t), decision(bt.ws, bt.id, ""), bt.jobs)
		must(t, err)
	}
	counts, err := s.JobCounts(ctx(t))
	must(t, err)
	sameJSON(t, "job counts", counts, map[string]int{"webhook": 3, "decide": 1}) // later counts: it is not done
	jobs, err := s.ClaimJobs(ctx(t), "webhook", 100, time.Hour)
	must(t, err)
	var got []string
	for _, j := range jobs {
		got = append(got, fmt.Sprintf("%d/%s", j.WorkspaceID, j.Key))
		if j.Attempts != 1 || j.Done || j.ID == 0 {
			t.Errorf("claimed job %+v", j)
		}
		sameJSON(t, "payload", j.Payload, job(j.Key).Payload)
	}
	sameJSON(t, "claimed", got, []string{fmt.Sprintf("%d/k", a.ID), fmt.Sprintf("%d/k", b.ID)})
	decide, err := s.ClaimJobs(ctx(t), "decide", 100, time.Hour)
	must(t, err)
	if len(decide) != 1 || decide[0].Key != "k" {
		t.Fatalf("decide jobs = %+v", decide)
	}
	none, err := s.ClaimJobs(ctx(t), "webhook", 0, time.Hour)
	must(t, err)
	if len(none) != 0 {
		t.Fatalf("ClaimJobs(0) returned %d jobs", len(none))
	}
}

// testFinish claims a job, fails it, claims it again and finishes it.
func testFinish(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	_, _, err := s.CreateDecision(ctx(t), decision(ws.ID, "dec_1", ""), []dz.Job{job("k")})
	must(t, err)
	first := claimOne(t, s)
	if again, err := s.ClaimJobs(ctx(t), "webhook", 10, time.Hour); err != nil || len(again) != 0 {
		t.Fatalf("a leased job was claimed again: %v %v", again, err)
	}
	must(t, s.FinishJob(ctx(t), first.ID, errors.New("HTTP 502"), time.Now().Add(-time.Second)))
	retry := claimOne(t, s)
	if retry.ID != first.ID || retry.Attempts != 2 || retry.LastError != "HTTP 502" {
		t.Fatalf("retried job = %+v", retry)
	}
	must(t, s.FinishJob(ctx(t), retry.ID, errors.New("HTTP 503"), time.Now().Add(time.Hour)))
	if early, err := s.ClaimJobs(ctx(t), "webhook", 10, time.Hour); err != nil || len(early) != 0 {
		t.Fatalf("a job was claimed before its retry time: %v %v", early, err)
	}
	must(t, s.FinishJob(ctx(t), retry.ID, nil, time.Time{}))
	if counts, err := s.JobCounts(ctx(t)); err != nil || len(counts) != 0 {
		t.Fatalf("job counts after the only job is done = %v, %v; want none", counts, err)
	}
	wantCode(t, s.FinishJob(ctx(t), retry.ID+1000, nil, time.Time{}), dz.ENOTFOUND)
	_, _, err = s.CreateDecision(ctx(t), decision(ws.ID, "dec_2", ""), []dz.Job{job("k")})
	must(t, err)
	if done, err := s.ClaimJobs(ctx(t), "webhook", 10, time.Hour); err != nil || len(done) != 0 {
		t.Fatalf("a finished job came back, or its key was enqueued again: %v %v", done, err)
	}
}

// claimOne claims exactly one webhook job with a short lease.
func claimOne(t *testing.T, s dz.Store) *dz.Job {
	t.Helper()
	jobs, err := s.ClaimJobs(ctx(t), "webhook", 10, time.Hour)
	must(t, err)
	if len(jobs) != 1 {
		t.Fatalf("claimed %d jobs, want 1", len(jobs))
	}
	return jobs[0]
}

// testConcurrentClaims lets claimers race over many jobs; each job must be
// handed out exactly once.
func testConcurrentClaims(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	const total = 60
	for i := range total / 6 {
		var jobs []dz.Job
		for k := range 6 {
			jobs = append(jobs, job(fmt.Sprintf("j%d-%d", i, k)))
		}
		_, _, err := s.CreateDecision(ctx(t), decision(ws.ID, fmt.Sprintf("dec_%d", i), ""), jobs)
		must(t, err)
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			for {
				jobs, err := s.ClaimJobs(ctx(t), "webhook", 3, time.Hour)
				if err != nil || len(jobs) == 0 {
					errs <- err
					return
				}
				mu.Lock()
				for _, j := range jobs {
					seen[j.ID]++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		must(t, err)
	}
	if len(seen) != total {
		t.Fatalf("%d distinct jobs claimed, want %d", len(seen), total)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("job %d was claimed %d times", id, n)
		}
	}
}
