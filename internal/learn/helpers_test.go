package learn

import (
	"context"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/engine"
	"github.com/delegatezero/dz/internal/workspace"
)

// demoNow is the time the demo workspace's tests decide at.
var demoNow = time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)

// demo loads examples/acme-saas, the demo workspace.
func demo(t *testing.T) *dz.Workspace {
	t.Helper()
	ws, err := workspace.LoadDir("../../examples/acme-saas")
	if err != nil {
		t.Fatalf("load the demo workspace: %v", err)
	}
	return ws
}

// decide runs req on a new engine over ws and returns the decision as a
// server records it.
func decide(t *testing.T, ws *dz.Workspace, req dz.Request, now time.Time, opts ...engine.Option) *dz.DecisionRecord {
	t.Helper()
	eng, err := engine.New(ws, opts...)
	if err != nil {
		t.Fatalf("engine.New: %v", err)
	}
	dec, err := eng.Decide(context.Background(), &req, now)
	if err != nil {
		t.Fatalf("Decide: %v", err)
	}
	rec := &dz.DecisionRecord{Decision: *dec, WorkspaceID: 7, Request: req, CreatedAt: now, UpdatedAt: now}
	if len(dec.Trace.Intents) > 0 {
		rec.Intent = dec.Trace.Intents[0].Name
	}
	if dec.Trace.Entity != nil {
		rec.Entity = dec.Trace.Entity.ID
	}
	return rec
}

// withEntry returns ws with entry added, through the store's form: the
// workspace's entries, plus this one, read back by workspace.FromEntries.
func withEntry(t *testing.T, ws *dz.Workspace, entry dz.ContextEntry) *dz.Workspace {
	t.Helper()
	entries, err := workspace.Entries(ws)
	if err != nil {
		t.Fatalf("Entries: %v", err)
	}
	out, err := workspace.FromEntries(append(entries, entry))
	if err != nil {
		t.Fatalf("FromEntries: %v", err)
	}
	return out
}

// component returns a confidence component's value, failing when absent.
func component(t *testing.T, d *dz.Decision, name string) dz.Component {
	t.Helper()
	for _, c := range d.Trace.Confidence {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s component in %v", name, d.Trace.Confidence)
	return dz.Component{}
}

// hardStops lists the hard stops that held for a decision.
func hardStops(d *dz.Decision) []string {
	var out []string
	for _, p := range d.Trace.Policies {
		for _, r := range p.Rules {
			if r.Holds && r.Effect == dz.EffectHardStop {
				out = append(out, p.ID+"/"+r.ID)
			}
		}
	}
	return out
}

// cites reports whether a decision cites precedent id.
func cites(d *dz.Decision, id string) bool {
	for _, c := range d.Trace.Precedents {
		if c.ID == id {
			return true
		}
	}
	return false
}

// engineWithCorrections is engine.WithCorrections for a few corrections.
func engineWithCorrections(cs ...*dz.Correction) engine.Option { return engine.WithCorrections(cs) }
