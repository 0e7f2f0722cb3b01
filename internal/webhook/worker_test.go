package webhook_test

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/webhook"
)

// setup makes a workspace with one endpoint at rc and returns its id.
func setup(t *testing.T, s dz.Store, rc *receiver, events ...string) (int64, *dz.WebhookEndpoint) {
	t.Helper()
	ws, err := s.CreateWorkspace(t.Context(), "acme", "Acme")
	if err != nil {
		t.Fatal(err)
	}
	ep, err := webhook.NewEndpoint(ws.ID, rc.URL, events)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateWebhook(t.Context(), ep); err != nil {
		t.Fatal(err)
	}
	rc.secret = ep.Secret
	return ws.ID, ep
}

// decide records a complete decision with its webhook jobs, as the HTTP
// server does: the workspace's endpoints, then one transaction.
func decide(t *testing.T, s dz.Store, clk *clock, wsID int64, id string, o dz.Outcome) {
	t.Helper()
	eps, err := s.Webhooks(t.Context(), wsID)
	if err != nil {
		t.Fatal(err)
	}
	rec := &dz.DecisionRecord{WorkspaceID: wsID, RequestHash: "h-" + id,
		Decision: dz.Decision{ID: id, Status: dz.StatusComplete, Decision: o, Response: "Hello", Trace: &dz.Trace{}}}
	jobs, err := webhook.DecisionJobs(eps, &rec.Decision, clk.Now())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.CreateDecision(t.Context(), rec, jobs); err != nil {
		t.Fatal(err)
	}
}

// worker returns a worker on s and clk that may reach loopback.
func worker(s dz.Store, clk *clock) *webhook.Worker {
	return &webhook.Worker{Store: s, Now: clk.Now, Client: webhook.Guard{AllowPrivate: true}.Client(5 * time.Second),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// runOnce runs one batch and checks how many jobs it claimed.
func runOnce(t *testing.T, w *webhook.Worker, want int) {
	t.Helper()
	n, err := w.RunOnce(t.Context())
	if err != nil || n != want {
		t.Fatalf("RunOnce = %d, %v; want %d jobs", n, err, want)
	}
}

// attempts summarizes an endpoint's delivery log, oldest first.
func attempts(t *testing.T, s dz.Store, wsID int64, epID string) []string {
	t.Helper()
	log, _, err := s.Deliveries(t.Context(), dz.DeliveryFilter{WorkspaceID: wsID, EndpointID: epID})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for i := len(log) - 1; i >= 0; i-- {
		d := log[i]
		out = append(out, fmt.Sprintf("%s #%d %d %s", d.Event, d.Attempt, d.StatusCode, d.CreatedAt.Format("15:04:05")))
	}
	return out
}

func TestDeliverSigned(t *testing.T) {
	eachStore(t, func(t *testing.T, s dz.Store, clk *clock) {
		rc := newReceiver(t, clk)
		wsID, ep := setup(t, s, rc)
		decide(t, s, clk, wsID, "dec_1", dz.OutcomeEscalate)
		w := worker(s, clk)
		runOnce(t, w, 2)
		runOnce(t, w, 0)
		got := rc.events(t)
		if len(got) != 2 {
			t.Fatalf("received %d events, want decision.created and decision.escalated", len(got))
		}
		names := map[string]bool{}
		for i, ev := range got {
			names[ev.Event] = true
			if !strings.HasPrefix(ev.ID, "evt_") || !ev.CreatedAt.Equal(clk.Now()) || !strings.Contains(string(ev.Data), `"id":"dec_1"`) ||
				strings.Contains(string(ev.Data), `"trace"`) {
				t.Errorf("event %+v: want an evt_ id, the decision's time, its data without the trace", ev)
			}
			if h := rc.headers[i]; h.Get("DZ-Event") != ev.Event || h.Get("DZ-Event-Id") != ev.ID || h.Get("DZ-Attempt") != "1" {
				t.Errorf("headers %v do not name event %s", h, ev.ID)
			}
		}
		if !names[webhook.EventCreated] || !names[webhook.EventEscalated] {
			t.Fatalf("events = %v", names)
		}
		if log := attempts(t, s, wsID, ep.ID); len(log) != 2 || !strings.Contains(log[0], " #1 200 ") {
			t.Fatalf("delivery log = %v", log)
		}
	})
}

func TestRetryWithBackoff(t *testing.T) {
	eachStore(t, func(t *testing.T, s dz.Store, clk *clock) {
		rc := newReceiver(t, clk, 500, 503)
		wsID, ep := setup(t, s, rc, webhook.EventCreated)
		decide(t, s, clk, wsID, "dec_1", dz.OutcomeDraft)
		w := worker(s, clk)
		runOnce(t, w, 1) // 500: retry in 30 s
		runOnce(t, w, 0)
		clk.Add(29 * time.Second)
		runOnce(t, w, 0)
		clk.Add(time.Second)
		runOnce(t, w, 1) // 503: retry in 60 s
		clk.Add(59 * time.Second)
		runOnce(t, w, 0)
		clk.Add(time.Second)
		runOnce(t, w, 1) // 200
		clk.Add(time.Hour)
		runOnce(t, w, 0)
		want := []string{"decision.created #1 500 15:00:00", "decision.created #2 503 15:00:30", "decision.created #3 200 15:01:30"}
		if got := attempts(t, s, wsID, ep.ID); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("delivery log = %v, want %v", got, want)
		}
		got := rc.events(t)
		if len(got) != 3 || got[0].ID != got[2].ID || rc.headers[2].Get("DZ-Attempt") != "3" {
			t.Fatalf("retries must resend the same event: %+v", got)
		}
	})
}

func TestGiveUpAfterMaxAttempts(t *testing.T) {
	eachStore(t, func(t *testing.T, s dz.Store, clk *clock) {
		rc := newReceiver(t, clk, 500, 500, 500, 500)
		wsID, ep := setup(t, s, rc, webhook.EventCreated)
		decide(t, s, clk, wsID, "dec_1", dz.OutcomeDraft)
		w := worker(s, clk)
		w.MaxAttempts, w.BaseDelay = 3, time.Second
		for range 3 {
			runOnce(t, w, 1)
			clk.Add(time.Hour)
		}
		runOnce(t, w, 0)
		if log := attempts(t, s, wsID, ep.ID); len(log) != 3 {
			t.Fatalf("delivery log = %v, want three failed attempts and no more", log)
		}
	})
}

func TestBackoffDoubles(t *testing.T) {
	w := &webhook.Worker{BaseDelay: 30 * time.Second, MaxDelay: time.Hour}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, d := range want {
		if got := w.Backoff(i + 1); got != d {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, d)
		}
	}
}

func TestDeletedEndpointDropsItsJobs(t *testing.T) {
	eachStore(t, func(t *testing.T, s dz.Store, clk *clock) {
		rc := newReceiver(t, clk)
		wsID, ep := setup(t, s, rc)
		decide(t, s, clk, wsID, "dec_1", dz.OutcomeDraft)
		if err := s.DeleteWebhook(t.Context(), wsID, ep.ID); err != nil {
			t.Fatal(err)
		}
		w := worker(s, clk)
		runOnce(t, w, 2)
		clk.Add(time.Hour)
		runOnce(t, w, 0)
		if got := rc.events(t); len(got) != 0 {
			t.Fatalf("a deleted endpoint received %d events", len(got))
		}
	})
}

// TestRefusedAtDialTime: an endpoint stored with a loopback URL (created
// while private targets were allowed, or a name that now resolves there)
// is refused by the default worker's dialer, and the log says so.
func TestRefusedAtDialTime(t *testing.T) {
	eachStore(t, func(t *testing.T, s dz.Store, clk *clock) {
		rc := newReceiver(t, clk)
		wsID, ep := setup(t, s, rc, webhook.EventCreated)
		decide(t, s, clk, wsID, "dec_1", dz.OutcomeDraft)
		w := worker(s, clk)
		w.Client = nil // the default: public addresses only
		runOnce(t, w, 1)
		log, _, err := s.Deliveries(t.Context(), dz.DeliveryFilter{WorkspaceID: wsID, EndpointID: ep.ID})
		if err != nil || len(log) != 1 || log[0].StatusCode != 0 || !strings.Contains(log[0].Error, "refusing to dial") {
			t.Fatalf("delivery log = %+v, %v; want one refused attempt", log, err)
		}
		if got := rc.events(t); len(got) != 0 {
			t.Fatalf("the loopback receiver got %d events", len(got))
		}
	})
}

// TestFailedDecisionLeavesNoJob: when the decision's transaction fails,
// its delivery jobs are not written either.
func TestFailedDecisionLeavesNoJob(t *testing.T) {
	eachStore(t, func(t *testing.T, s dz.Store, clk *clock) {
		rc := newReceiver(t, clk)
		wsID, _ := setup(t, s, rc)
		decide(t, s, clk, wsID, "dec_1", dz.OutcomeDraft)
		w := worker(s, clk)
		runOnce(t, w, 2)
		eps, _ := s.Webhooks(t.Context(), wsID)
		clk.Add(time.Minute)
		dup := &dz.DecisionRecord{WorkspaceID: wsID, RequestHash: "h", Decision: dz.Decision{ID: "dec_1", Status: dz.StatusComplete, Decision: dz.OutcomeExecute}}
		jobs, _ := webhook.DecisionJobs(eps, &dup.Decision, clk.Now())
		if _, _, err := s.CreateDecision(t.Context(), dup, jobs); dz.ErrorCode(err) != dz.ECONFLICT {
			t.Fatalf("duplicate decision id: %v, want conflict", err)
		}
		bad := &dz.DecisionRecord{WorkspaceID: wsID, RequestHash: "h", Decision: dz.Decision{ID: "dec_2", Status: dz.StatusComplete, Decision: dz.OutcomeExecute}}
		jobs, _ = webhook.DecisionJobs(eps, &bad.Decision, clk.Now())
		jobs = append(jobs, dz.Job{Kind: webhook.JobKind}) // no key: the whole transaction fails
		if _, _, err := s.CreateDecision(t.Context(), bad, jobs); dz.ErrorCode(err) != dz.EINVALID {
			t.Fatalf("invalid job: %v, want invalid", err)
		}
		if _, err := s.Decision(t.Context(), wsID, "dec_2"); dz.ErrorCode(err) != dz.ENOTFOUND {
			t.Fatalf("the failed decision was stored: %v", err)
		}
		runOnce(t, w, 0)
		if got := rc.events(t); len(got) != 2 {
			t.Fatalf("received %d events, want only dec_1's two", len(got))
		}
	})
}
