package webhook_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/webhook"
)

func TestDecisionJobs(t *testing.T) {
	now := time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)
	eps := []*dz.WebhookEndpoint{
		{ID: "whk_all", WorkspaceID: 7},
		{ID: "whk_esc", WorkspaceID: 7, Events: []string{webhook.EventEscalated}},
		{ID: "whk_rev", WorkspaceID: 7, Events: []string{webhook.EventReviewed}},
	}
	cases := []struct {
		name   string
		status string
		o      dz.Outcome
		want   []string // event/endpoint per job
	}{
		{"complete escalation", dz.StatusComplete, dz.OutcomeEscalate,
			[]string{"decision.created/whk_all", "decision.escalated/whk_all", "decision.escalated/whk_esc"}},
		{"complete refusal", dz.StatusComplete, dz.OutcomeRefuse, []string{"decision.created/whk_all", "decision.refused/whk_all"}},
		{"pending async decision", dz.StatusPending, "", []string{"decision.created/whk_all"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := &dz.Decision{ID: "dec_1", Status: tc.status, Decision: tc.o, Trace: &dz.Trace{}}
			jobs, err := webhook.DecisionJobs(eps, d, now)
			if err != nil {
				t.Fatal(err)
			}
			again, _ := webhook.DecisionJobs(eps, d, now)
			var got []string
			for i, j := range jobs {
				var p struct {
					EndpointID string          `json:"endpoint_id"`
					Event      string          `json:"event"`
					Body       json.RawMessage `json:"body"`
				}
				if err := json.Unmarshal(j.Payload, &p); err != nil {
					t.Fatal(err)
				}
				got = append(got, p.Event+"/"+p.EndpointID)
				if j.Kind != webhook.JobKind || j.WorkspaceID != 7 || !strings.HasSuffix(j.Key, "."+p.EndpointID) || again[i].Key != j.Key {
					t.Errorf("job %+v: want a webhook job of workspace 7 keyed by event and endpoint, the same each time", j)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Fatalf("jobs = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestNewEndpoint(t *testing.T) {
	ep, err := webhook.NewEndpoint(1, "https://example.com/h", []string{webhook.EventCreated, webhook.EventCreated})
	if err != nil || !strings.HasPrefix(ep.ID, "whk_") || len(ep.Secret) != len("whsec_")+64 || len(ep.Events) != 1 {
		t.Fatalf("NewEndpoint = %+v, %v", ep, err)
	}
	other, _ := webhook.NewEndpoint(1, "https://example.com/h", nil)
	if other.ID == ep.ID || other.Secret == ep.Secret {
		t.Fatalf("two endpoints share an id or secret")
	}
	if _, err := webhook.NewEndpoint(1, "https://example.com/h", []string{"decision.deleted"}); dz.ErrorCode(err) != dz.EINVALID {
		t.Fatalf("unknown event: %v, want invalid", err)
	}
}
