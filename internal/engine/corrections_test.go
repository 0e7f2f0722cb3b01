package engine

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// insideWindow is a $120 refund inside the window: it executes.
var insideWindow = dz.Request{Request: "Please refund my $120 charge",
	Context: dz.RequestContext{Entity: "brightlane", Facts: map[string]any{"charge_date": "2026-11-20"}}}

// correctionOf is the founder's edit of dec, as internal/learn builds it.
func correctionOf(dec *dz.Decision, intent string) *dz.Correction {
	facts := map[string]any{}
	for _, f := range dec.Trace.Facts {
		facts[f.Name] = f.Value
	}
	return &dz.Correction{DecisionID: dec.ID, Kind: "edit", Intent: intent, Entity: "brightlane", Facts: facts,
		Outcome: dec.Decision, Note: "I'd add a line about the renewal", WorkspaceHash: dec.Trace.WorkspaceHash, At: testNow.Add(-time.Hour)}
}

func componentOf(dec *dz.Decision, name string) dz.Component {
	for _, c := range dec.Trace.Confidence {
		if c.Name == name {
			return c
		}
	}
	return dz.Component{}
}

func TestCorrectionsLowerConfidenceUntilTheContextChanges(t *testing.T) {
	base := decide(t, smallWorkspace(), &insideWindow)
	if base.Decision != dz.OutcomeExecute {
		t.Fatalf("without corrections: %s, want execute (steps %q)", base.Decision, base.Trace.Steps)
	}
	same := correctionOf(base, "refund")
	stale := correctionOf(base, "refund")
	stale.WorkspaceHash = "sha256:before-the-policy-changed"
	other := correctionOf(base, "cancellation")
	far := correctionOf(base, "refund")
	far.DecisionID, far.Facts = "dec_far", map[string]any{"plan": "Starter", "amount": 9000.0, "days_past_window": 300.0, "tenure_months": 40.0, "mrr": 2000.0, "sla_breached": true}

	tests := []struct {
		name        string
		corrections []*dz.Correction
		lowered     bool
	}{
		{"no corrections", nil, false},
		{"a near-identical case corrected under this context", []*dz.Correction{same}, true},
		{"corrected under an older context", []*dz.Correction{stale}, false},
		{"a correction of another intent", []*dz.Correction{other}, false},
		{"a dissimilar case corrected", []*dz.Correction{far}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eng, err := New(smallWorkspace(), WithCorrections(tt.corrections))
			if err != nil {
				t.Fatal(err)
			}
			dec, err := eng.Decide(context.Background(), &insideWindow, testNow)
			if err != nil {
				t.Fatal(err)
			}
			c := componentOf(dec, "recent_corrections")
			steps := strings.Join(dec.Trace.Steps, "\n")
			if !tt.lowered {
				if dec.Confidence != base.Confidence || dec.Decision != base.Decision || c.Value != 1 || strings.Contains(steps, "corrected") {
					t.Errorf("confidence %.3f (%s), recent_corrections %v: want it unchanged at %.3f (%s)", dec.Confidence, dec.Decision, c.Value, base.Confidence, base.Decision)
				}
				return
			}
			if dec.Confidence >= base.Confidence || c.Value > 0.2 || !strings.Contains(c.Note, same.DecisionID) {
				t.Errorf("confidence %.3f, recent_corrections %v (%s): want lower than %.3f, naming %s", dec.Confidence, c.Value, c.Note, base.Confidence, same.DecisionID)
			}
			if dec.Decision != dz.OutcomeDraft || !strings.Contains(steps, "you corrected similar decisions under this context: "+same.DecisionID) {
				t.Errorf("decision %s, steps:\n%s\nwant a draft whose trace names the correction", dec.Decision, steps)
			}
		})
	}
}

// TestSetCorrectionsWhileDeciding swaps corrections under concurrent
// decisions (run with -race).
func TestSetCorrectionsWhileDeciding(t *testing.T) {
	eng, err := New(smallWorkspace())
	if err != nil {
		t.Fatal(err)
	}
	base, err := eng.Decide(context.Background(), &insideWindow, testNow)
	if err != nil {
		t.Fatal(err)
	}
	c := correctionOf(base, "refund")
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 20 {
				if i == 0 {
					eng.SetCorrections([]*dz.Correction{c}[:j%2])
					continue
				}
				if _, err := eng.Decide(context.Background(), &insideWindow, testNow); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	eng.SetCorrections([]*dz.Correction{c})
	if dec, _ := eng.Decide(context.Background(), &insideWindow, testNow); dec.Decision != dz.OutcomeDraft {
		t.Errorf("after SetCorrections: %s, want draft", dec.Decision)
	}
	eng.SetCorrections(nil)
	if dec, _ := eng.Decide(context.Background(), &insideWindow, testNow); dec.Decision != dz.OutcomeExecute {
		t.Errorf("after clearing corrections: %s, want execute", dec.Decision)
	}
}
