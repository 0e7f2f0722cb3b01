package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/delegatezero/dz"
)

// Worker delivers queued webhook jobs: it claims due jobs, POSTs each
// signed body, records every attempt in the delivery log, and reschedules
// failures at BaseDelay × 2^(attempt−1), capped at MaxDelay, until
// MaxAttempts, when it gives up and logs so. Several workers, in one
// process or many, may share a store: a claimed job is leased to one.
type Worker struct {
	Store       dz.Store
	Client      *http.Client // nil: Guard{}.Client(Timeout), public addresses only
	Logger      *slog.Logger
	Now         func() time.Time // the clock signatures and retries use; nil means time.Now
	Timeout     time.Duration    // per attempt; default 10 s
	MaxAttempts int              // default 8
	BaseDelay   time.Duration    // the first retry's wait; default 30 s
	MaxDelay    time.Duration    // the longest wait; default 1 h
	Poll        time.Duration    // how often Run looks for due jobs; default 1 s
	Batch       int              // jobs claimed, and delivered concurrently, at once; default 8
	once        sync.Once
}

// defaults fills the zero fields once.
func (w *Worker) defaults() {
	w.once.Do(func() {
		w.Timeout = or(w.Timeout, 10*time.Second)
		w.BaseDelay = or(w.BaseDelay, 30*time.Second)
		w.MaxDelay = or(w.MaxDelay, time.Hour)
		w.Poll = or(w.Poll, time.Second)
		w.MaxAttempts, w.Batch = or(w.MaxAttempts, 8), or(w.Batch, 8)
		if w.Now == nil {
			w.Now = time.Now
		}
		if w.Logger == nil {
			w.Logger = slog.Default()
		}
		if w.Client == nil {
			w.Client = Guard{}.Client(w.Timeout)
		}
	})
}

// or returns v, or def when v is zero or less.
func or[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Run delivers due jobs until ctx ends. Deliveries in flight then finish
// (each within Timeout) and are recorded before Run returns.
func (w *Worker) Run(ctx context.Context) {
	w.defaults()
	for ctx.Err() == nil {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.Logger.ErrorContext(ctx, "webhook worker", "error", err)
		}
		if n == w.Batch && err == nil {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
		case <-time.After(w.Poll):
		}
	}
}

// RunOnce claims one batch of due jobs, delivers them concurrently and
// returns how many it claimed.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.defaults()
	jobs, err := w.Store.ClaimJobs(ctx, JobKind, w.Batch, w.Timeout+time.Minute)
	if err != nil {
		return 0, fmt.Errorf("webhook: claim jobs: %w", err)
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { w.deliver(context.WithoutCancel(ctx), j) })
	}
	wg.Wait()
	return len(jobs), nil
}

// Backoff is the wait before the attempt after attempt n (1, 2, …).
func (w *Worker) Backoff(n int) time.Duration {
	w.defaults()
	d := w.BaseDelay
	for i := 1; i < n && d < w.MaxDelay; i++ {
		d *= 2
	}
	return min(d, w.MaxDelay)
}

// deliver makes one attempt at a job and settles it in the store.
func (w *Worker) deliver(ctx context.Context, j *dz.Job) {
	log := w.Logger.With("job_id", j.ID, "attempt", j.Attempts)
	var p payload
	if err := json.Unmarshal(j.Payload, &p); err != nil || p.EndpointID == "" {
		log.ErrorContext(ctx, "webhook job payload unreadable: dropped", "error", err)
		w.finish(ctx, log, j.ID, nil, time.Time{})
		return
	}
	log = log.With("endpoint_id", p.EndpointID, "event_id", p.EventID, "event", p.Event)
	ep, err := w.Store.Webhook(ctx, j.WorkspaceID, p.EndpointID)
	if dz.ErrorCode(err) == dz.ENOTFOUND {
		log.InfoContext(ctx, "webhook endpoint deleted: delivery dropped")
		w.finish(ctx, log, j.ID, nil, time.Time{})
		return
	}
	if err != nil {
		w.finish(ctx, log, j.ID, err, w.Now().Add(w.Backoff(j.Attempts)))
		return
	}
	start, began := w.Now(), time.Now()
	status, failure := w.post(ctx, ep, &p, j.Attempts, start)
	d := &dz.WebhookDelivery{WorkspaceID: j.WorkspaceID, EndpointID: ep.ID, EventID: p.EventID, Event: p.Event,
		Attempt: j.Attempts, StatusCode: status, DurationMS: float64(time.Since(began).Microseconds()) / 1000, CreatedAt: start}
	if failure != nil {
		d.Error = failure.Error()
	}
	if err := w.Store.AddDelivery(ctx, d); err != nil && dz.ErrorCode(err) != dz.ENOTFOUND {
		log.ErrorContext(ctx, "webhook delivery log", "error", err)
	}
	switch {
	case failure == nil:
		w.finish(ctx, log, j.ID, nil, time.Time{})
	case j.Attempts >= w.MaxAttempts:
		log.WarnContext(ctx, "webhook delivery failed for the last time: giving up", "error", failure)
		w.finish(ctx, log, j.ID, nil, time.Time{})
	default:
		w.finish(ctx, log, j.ID, failure, start.Add(w.Backoff(j.Attempts)))
	}
}

// finish settles a job, logging a store error: the lease then expires
// and the job is tried again.
func (w *Worker) finish(ctx context.Context, log *slog.Logger, id int64, failure error, retryAt time.Time) {
	if err := w.Store.FinishJob(ctx, id, failure, retryAt); err != nil {
		log.ErrorContext(ctx, "webhook finish job", "error", err)
	}
}

// post sends the signed body once; a 2xx answer is success.
func (w *Worker) post(ctx context.Context, ep *dz.WebhookEndpoint, p *payload, attempt int, at time.Time) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, w.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(p.Body))
	if err != nil {
		return 0, fmt.Errorf("build request: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "DelegateZero-Webhooks/1")
	req.Header.Set(SignatureHeader, Sign(ep.Secret, at, p.Body))
	req.Header.Set("DZ-Event", p.Event)
	req.Header.Set("DZ-Event-Id", p.EventID)
	req.Header.Set("DZ-Attempt", strconv.Itoa(attempt))
	resp, err := w.Client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}
