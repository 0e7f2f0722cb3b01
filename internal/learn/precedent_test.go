package learn

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/workspace"
)

// founding decides the demo's founding scenario: Brightline, 46 days
// after a $290 charge, after the October 14 outage.
func founding(t *testing.T) (*dz.Workspace, *dz.DecisionRecord) {
	t.Helper()
	ws := demo(t)
	return ws, decide(t, ws, dz.Request{Request: "Your monitoring went dark on October 14 and our status page showed all green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund.",
		Context: dz.RequestContext{Entity: "brightline"}}, demoNow)
}

func TestPrecedentFromCarriesTheCase(t *testing.T) {
	_, rec := founding(t)
	now := demoNow.Add(90 * time.Minute).Add(123 * time.Nanosecond)
	p, err := PrecedentFrom(rec, dz.Resolution{Outcome: dz.OutcomeExecute,
		Actions: []dz.Action{{Type: "refund", Params: map[string]any{"amount": 145}}},
		Reply:   "I've refunded half of October.", Note: "Loyal customer, real outage: half back."}, "brightline-oct", now)
	if err != nil {
		t.Fatalf("PrecedentFrom: %v", err)
	}
	if p.ID != "brightline-oct" || p.Intent != "refund" || p.Entity != "brightline" || p.Resolution != dz.ResolutionPartial || p.Reason != "Loyal customer, real outage: half back." {
		t.Errorf("precedent %s: intent %s, entity %s, resolution %s, reason %q", p.ID, p.Intent, p.Entity, p.Resolution, p.Reason)
	}
	if !p.Date.Equal(now.Truncate(time.Second)) || p.Date.Location() != time.UTC || !p.Updated.Equal(p.Date) {
		t.Errorf("date %v, updated %v; want %v in UTC", p.Date, p.Updated, now.Truncate(time.Second))
	}
	if !strings.HasPrefix(p.Summary, "Your monitoring went dark on October 14") || strings.Contains(p.Summary, "\n") {
		t.Errorf("summary %q", p.Summary)
	}
	want := []dz.Action{{Type: "refund", Params: map[string]any{"amount": 145.0}}, {Type: "reply"}}
	if d := cmp.Diff(want, p.Actions); d != "" {
		t.Errorf("actions (-want +got):\n%s", d)
	}
	for name, v := range map[string]any{"plan": "operator", "mrr": 290.0, "amount": 290.0, "days_past_window": 16.0, "sla_breached": true, "tenure_months": 14.0} {
		if got, ok := p.Facts[name]; !ok || got != v {
			t.Errorf("facts.%s = %#v, want %#v", name, got, v)
		}
	}
	for name := range p.Facts {
		if name == "email" || name == "domain" || strings.HasSuffix(name, "_id") {
			t.Errorf("facts.%s identifies the sender; a precedent keeps the case only", name)
		}
	}
}

// TestLearnedPrecedentStoresAndReadsBack: the hash is the workspace
// package's, and the entry survives Entries → FromEntries unchanged.
func TestLearnedPrecedentStoresAndReadsBack(t *testing.T) {
	ws, rec := founding(t)
	p, err := PrecedentFrom(rec, dz.Resolution{Actions: []dz.Action{{Type: "refund", Params: map[string]any{"percent": 50}}}}, "brightline-oct", demoNow)
	if err != nil {
		t.Fatalf("PrecedentFrom: %v", err)
	}
	entry, err := Entry(7, p)
	if err != nil {
		t.Fatalf("Entry: %v", err)
	}
	if entry.Type != dz.TypePrecedent || entry.ID != p.ID || entry.Hash != p.Hash || entry.WorkspaceID != 7 || !strings.HasPrefix(p.Hash, "sha256:") {
		t.Fatalf("entry %s %s %s in %d; precedent hash %s", entry.Type, entry.ID, entry.Hash, entry.WorkspaceID, p.Hash)
	}
	back := withEntry(t, ws, entry)
	var got *dz.Precedent
	for _, q := range back.Precedents {
		if q.ID == p.ID {
			got = q
		}
	}
	if d := cmp.Diff(p, got); d != "" {
		t.Fatalf("read back (-learned +stored):\n%s", d)
	}
	if err := workspace.Rehash(back); err != nil {
		t.Fatal(err)
	}
	if got.Hash != entry.Hash {
		t.Errorf("rehashed after the round trip: %s, stored %s", got.Hash, entry.Hash)
	}
}

func TestResolutionComparesWithWhatWasAsked(t *testing.T) {
	_, rec := founding(t) // asked $290; the engine proposed a refund
	refund := func(params map[string]any) []dz.Action {
		return []dz.Action{{Type: "refund", Params: params}, {Type: "reply"}}
	}
	tests := []struct {
		name string
		res  dz.Resolution
		want string
	}{
		{"all of it", dz.Resolution{Actions: refund(map[string]any{"amount": 290})}, dz.ResolutionApproved},
		{"less than asked", dz.Resolution{Actions: refund(map[string]any{"amount": 145})}, dz.ResolutionPartial},
		{"within a cent", dz.Resolution{Actions: refund(map[string]any{"amount": 289.999})}, dz.ResolutionApproved},
		{"half, as a percentage", dz.Resolution{Actions: refund(map[string]any{"percent": 50})}, dz.ResolutionPartial},
		{"a reply alone", dz.Resolution{Reply: "Sorry, no.", Actions: []dz.Action{{Type: "reply"}}}, dz.ResolutionDeclined},
		{"refused", dz.Resolution{Outcome: dz.OutcomeRefuse, Actions: refund(map[string]any{"amount": 290})}, dz.ResolutionDeclined},
		{"another kind of action than proposed", dz.Resolution{Actions: []dz.Action{{Type: "credit", Params: map[string]any{"amount": 290}}}}, dz.ResolutionPartial},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := PrecedentFrom(rec, tt.res, "p-1", demoNow)
			if err != nil {
				t.Fatal(err)
			}
			if p.Resolution != tt.want {
				t.Errorf("resolution %s, want %s", p.Resolution, tt.want)
			}
		})
	}
}

func TestPrecedentFromRejectsWhatCannotBeStored(t *testing.T) {
	_, rec := founding(t)
	tests := []struct {
		name string
		rec  *dz.DecisionRecord
		id   string
		res  dz.Resolution
		want string
	}{
		{"no id", rec, "", dz.Resolution{}, "precedent id"},
		{"bad id", rec, "two words", dz.Resolution{}, "precedent id"},
		{"no trace", &dz.DecisionRecord{}, "p-1", dz.Resolution{}, "no trace"},
		{"bad action", rec, "p-1", dz.Resolution{Actions: []dz.Action{{Type: "Give Money"}}}, "action type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PrecedentFrom(tt.rec, tt.res, tt.id, demoNow)
			if dz.ErrorCode(err) != dz.EINVALID || !strings.Contains(dz.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want EINVALID mentioning %q", err, tt.want)
			}
		})
	}
}
