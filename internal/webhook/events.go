// Package webhook delivers a workspace's events to the URLs it registered:
// the jobs a decision or a review enqueues in its own transaction, the
// signature a receiver checks (DZ-Signature, see docs/webhooks.md), the
// guard that keeps deliveries off private networks, and the worker that
// posts, retries with exponential backoff and keeps the delivery log.
package webhook

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/delegatezero/dz"
)

// The events an endpoint can receive.
const (
	EventCreated   = "decision.created"   // every recorded decision
	EventExecuted  = "decision.executed"  // a complete decision, by its outcome …
	EventDrafted   = "decision.drafted"   //
	EventEscalated = "decision.escalated" //
	EventRefused   = "decision.refused"   //
	EventReviewed  = "decision.reviewed"  // feedback on a decision
)

// Events lists every event, in the order the docs give them.
var Events = []string{EventCreated, EventExecuted, EventDrafted, EventEscalated, EventRefused, EventReviewed}

// JobKind is the kind of the delivery jobs in the store's queue.
const JobKind = "webhook"

// Event is the body POSTed to an endpoint.
type Event struct {
	ID        string          `json:"id"` // the same for every endpoint and every retry
	Event     string          `json:"event"`
	CreatedAt time.Time       `json:"created_at"`
	Data      json.RawMessage `json:"data"`
}

// payload is a delivery job's payload: which endpoint gets which body. The
// body is fixed at enqueue time, so every retry sends the same bytes.
type payload struct {
	EndpointID string          `json:"endpoint_id"`
	EventID    string          `json:"event_id"`
	Event      string          `json:"event"`
	Body       json.RawMessage `json:"body"`
}

// OutcomeEvent names the event of a complete decision with this outcome.
func OutcomeEvent(o dz.Outcome) string {
	switch o {
	case dz.OutcomeExecute:
		return EventExecuted
	case dz.OutcomeDraft:
		return EventDrafted
	case dz.OutcomeEscalate:
		return EventEscalated
	case dz.OutcomeRefuse:
		return EventRefused
	}
	return ""
}

// DecisionData is a decision as events carry it: without its trace, which
// a receiver can GET from /api/v1/decisions/{id}.
func DecisionData(d *dz.Decision) dz.Decision {
	out := *d
	out.Trace = nil
	return out
}

// DecisionJobs are the deliveries a newly recorded decision causes:
// decision.created, and its outcome's event once it is complete.
func DecisionJobs(endpoints []*dz.WebhookEndpoint, d *dz.Decision, now time.Time) ([]dz.Job, error) {
	data := DecisionData(d)
	jobs, err := Jobs(endpoints, EventCreated, data, now)
	if err != nil || d.Status != dz.StatusComplete || OutcomeEvent(d.Decision) == "" {
		return jobs, err
	}
	more, err := Jobs(endpoints, OutcomeEvent(d.Decision), data, now)
	return append(jobs, more...), err
}

// Jobs returns one delivery job per endpoint that subscribes to event,
// for the store to write in the same transaction as what caused it. The
// event id is a hash of event, time and data, and each job's key is the
// event id and the endpoint's: enqueueing the same event twice is a no-op.
func Jobs(endpoints []*dz.WebhookEndpoint, event string, data any, now time.Time) ([]dz.Job, error) {
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, fmt.Errorf("webhook: encode %s data: %w", event, err)
	}
	now = now.UTC().Truncate(time.Microsecond)
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%s", event, now.UnixMicro(), raw))
	ev := Event{ID: "evt_" + hex.EncodeToString(sum[:16]), Event: event, CreatedAt: now, Data: raw}
	body, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("webhook: encode %s: %w", event, err)
	}
	var jobs []dz.Job
	for _, ep := range endpoints {
		if len(ep.Events) > 0 && !slices.Contains(ep.Events, event) {
			continue
		}
		p, err := json.Marshal(payload{EndpointID: ep.ID, EventID: ev.ID, Event: event, Body: body})
		if err != nil {
			return nil, fmt.Errorf("webhook: encode job: %w", err)
		}
		jobs = append(jobs, dz.Job{WorkspaceID: ep.WorkspaceID, Kind: JobKind, Key: ev.ID + "." + ep.ID, Payload: p})
	}
	return jobs, nil
}

// NewEndpoint returns an endpoint with a fresh id and signing secret.
// EINVALID for an unknown event; an empty list means every event. The URL
// is not checked here: see Guard.CheckURL.
func NewEndpoint(workspaceID int64, url string, events []string) (*dz.WebhookEndpoint, error) {
	evs := []string{}
	for _, e := range events {
		if !slices.Contains(Events, e) {
			return nil, dz.Errorf(dz.EINVALID, "event %q is not one of %v", e, Events)
		}
		if !slices.Contains(evs, e) {
			evs = append(evs, e)
		}
	}
	return &dz.WebhookEndpoint{ID: "whk_" + randomHex(6), WorkspaceID: workspaceID, URL: url, Events: evs,
		Secret: "whsec_" + randomHex(32)}, nil
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return hex.EncodeToString(b)
}
