package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// testDecisions covers create, get, update, request_id idempotency and the
// atomicity of a decision with its jobs.
func testDecisions(t *testing.T, open opener) {
	t.Run("create and get", func(t *testing.T) {
		s := open(t)
		ws := workspace(t, s, "acme")
		rec := decision(ws.ID, "dec_1", "")
		stored, created, err := s.CreateDecision(ctx(t), rec, nil)
		must(t, err)
		if !created || stored.CreatedAt.IsZero() || stored.UpdatedAt.IsZero() {
			t.Fatalf("created=%v stored=%+v", created, stored)
		}
		got, err := s.Decision(ctx(t), ws.ID, "dec_1")
		must(t, err)
		sameJSON(t, "stored decision", got, stored)
		want := *rec
		want.CreatedAt, want.UpdatedAt = stored.CreatedAt, stored.UpdatedAt
		sameJSON(t, "decision read back", got, &want)
		_, err = s.Decision(ctx(t), ws.ID, "dec_2")
		wantCode(t, err, dz.ENOTFOUND)
	})
	t.Run("bad records", func(t *testing.T) { testDecisionInvalid(t, open(t)) })
	t.Run("update", func(t *testing.T) { testUpdateDecision(t, open(t)) })
	t.Run("request_id", func(t *testing.T) { testIdempotency(t, open(t)) })
	t.Run("concurrent request_id", func(t *testing.T) { testConcurrentIdempotency(t, open(t)) })
	t.Run("failure stores nothing", func(t *testing.T) { testDecisionRollback(t, open(t)) })
}

// testDecisionInvalid checks the codes of records that cannot be stored.
func testDecisionInvalid(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	_, _, err := s.CreateDecision(ctx(t), decision(ws.ID, "dec_1", ""), nil)
	must(t, err)
	cases := []struct {
		name string
		rec  *dz.DecisionRecord
		code string
	}{
		{"no id", decision(ws.ID, "", ""), dz.EINVALID},
		{"same id", decision(ws.ID, "dec_1", ""), dz.ECONFLICT},
		{"unknown workspace", decision(ws.ID+1000, "dec_2", ""), dz.ENOTFOUND},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := s.CreateDecision(ctx(t), tc.rec, nil)
			wantCode(t, err, tc.code)
		})
	}
}

// testUpdateDecision completes a pending decision and enqueues its jobs.
func testUpdateDecision(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	rec := decision(ws.ID, "dec_1", "req-1")
	rec.Status, rec.Decision.Decision = dz.StatusPending, ""
	stored, _, err := s.CreateDecision(ctx(t), rec, nil)
	must(t, err)
	done := decision(ws.ID, "dec_1", "req-1")
	done.Decision.Decision = dz.OutcomeExecute
	done.Trace = &dz.Trace{EngineVersion: "test", Confidence: []dz.Component{{Name: "policy", Value: 0.9, Weight: 1}}}
	must(t, s.UpdateDecision(ctx(t), done, []dz.Job{job("dec_1.executed")}))
	got, err := s.Decision(ctx(t), ws.ID, "dec_1")
	must(t, err)
	if got.Status != dz.StatusComplete || got.Decision.Decision != dz.OutcomeExecute || got.Trace == nil || !got.CreatedAt.Equal(stored.CreatedAt) {
		t.Fatalf("after update: status=%q outcome=%q created=%v (was %v)", got.Status, got.Decision.Decision, got.CreatedAt, stored.CreatedAt)
	}
	list, _, err := s.Decisions(ctx(t), dz.DecisionFilter{WorkspaceID: ws.ID, Outcome: dz.OutcomeExecute})
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("the outcome column was not updated: %d decisions found by outcome execute", len(list))
	}
	if list[0].Trace != nil {
		t.Error("a listed decision carries its trace; lists leave it out")
	}
	got.Trace = nil
	sameJSON(t, "the listed decision and the stored one without its trace", list[0], got)
	jobs, err := s.ClaimJobs(ctx(t), "webhook", 10, time.Hour)
	must(t, err)
	if len(jobs) != 1 || jobs[0].Key != "dec_1.executed" || jobs[0].WorkspaceID != ws.ID {
		t.Fatalf("jobs after update = %+v", jobs)
	}
	wantCode(t, s.UpdateDecision(ctx(t), decision(ws.ID, "dec_9", ""), nil), dz.ENOTFOUND)
}

// testIdempotency retries a request_id with the same and a different hash.
func testIdempotency(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	first, created, err := s.CreateDecision(ctx(t), decision(ws.ID, "dec_1", "req-1"), []dz.Job{job("a")})
	must(t, err)
	if !created {
		t.Fatal("first create reported created=false")
	}
	retry := decision(ws.ID, "dec_2", "req-1")
	retry.RequestHash = first.RequestHash
	again, created, err := s.CreateDecision(ctx(t), retry, []dz.Job{job("b")})
	must(t, err)
	if created || again.ID != "dec_1" {
		t.Fatalf("retry: created=%v id=%q, want false and dec_1", created, again.ID)
	}
	sameJSON(t, "retry's answer", again, first)
	other := decision(ws.ID, "dec_3", "req-1")
	_, _, err = s.CreateDecision(ctx(t), other, []dz.Job{job("c")})
	wantCode(t, err, dz.ECONFLICT)
	for _, id := range []string{"dec_2", "dec_3"} {
		_, err := s.Decision(ctx(t), ws.ID, id)
		wantCode(t, err, dz.ENOTFOUND)
	}
	jobs, err := s.ClaimJobs(ctx(t), "webhook", 10, time.Hour)
	must(t, err)
	if len(jobs) != 1 || jobs[0].Key != "a" {
		t.Fatalf("jobs = %+v, want only the first decision's", jobs)
	}
}

// testConcurrentIdempotency races goroutines on one request_id.
func testConcurrentIdempotency(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	const n = 8
	var wg sync.WaitGroup
	results := make([]bool, n)
	ids := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			rec := decision(ws.ID, fmt.Sprintf("dec_%d", i), "req-race")
			rec.RequestHash = "sha256:same"
			stored, created, err := s.CreateDecision(ctx(t), rec, []dz.Job{job(fmt.Sprintf("job-%d", i))})
			results[i], errs[i] = created, err
			if stored != nil {
				ids[i] = stored.ID
			}
		})
	}
	wg.Wait()
	createdCount := 0
	for i := range n {
		must(t, errs[i])
		if results[i] {
			createdCount++
		}
		if ids[i] != ids[0] {
			t.Errorf("goroutine %d got decision %q, goroutine 0 got %q", i, ids[i], ids[0])
		}
	}
	if createdCount != 1 {
		t.Fatalf("%d goroutines created a decision, want exactly 1", createdCount)
	}
	jobs, err := s.ClaimJobs(ctx(t), "webhook", 100, time.Hour)
	must(t, err)
	if len(jobs) != 1 {
		t.Fatalf("%d jobs enqueued, want the winner's 1", len(jobs))
	}
}

// testDecisionRollback makes the second job invalid and checks that
// neither the decision nor the first job was stored.
func testDecisionRollback(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	bad := dz.Job{Kind: "", Key: "k2"}
	_, _, err := s.CreateDecision(ctx(t), decision(ws.ID, "dec_1", "req-1"), []dz.Job{job("k1"), bad})
	wantCode(t, err, dz.EINVALID)
	_, err = s.Decision(ctx(t), ws.ID, "dec_1")
	wantCode(t, err, dz.ENOTFOUND)
	jobs, err := s.ClaimJobs(ctx(t), "webhook", 10, time.Hour)
	must(t, err)
	if len(jobs) != 0 {
		t.Fatalf("a failed CreateDecision left %d jobs", len(jobs))
	}
	// The request_id is still free.
	_, created, err := s.CreateDecision(ctx(t), decision(ws.ID, "dec_1", "req-1"), nil)
	must(t, err)
	if !created {
		t.Fatal("request_id of a failed decision stayed taken")
	}
}
