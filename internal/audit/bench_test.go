package audit_test

import (
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
	"github.com/delegatezero/dz/internal/engine"
	"github.com/delegatezero/dz/internal/workspace"
)

// BenchmarkBuild measures making the audit record of a real decision of
// the demo workspace: encoding and committing to every field, and the
// leaf hash a store computes when it appends it.
func BenchmarkBuild(b *testing.B) {
	ws, err := workspace.LoadDir("../../examples/acme-saas")
	if err != nil {
		b.Fatal(err)
	}
	eng, err := engine.New(ws)
	if err != nil {
		b.Fatal(err)
	}
	req := &dz.Request{Request: "I'm furious. Your outage on October 14 kept our status page green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund.",
		Context: dz.RequestContext{Entity: "brightline"}}
	now := time.Date(2026, 11, 16, 12, 0, 0, 0, time.UTC)
	dec, err := eng.Decide(b.Context(), req, now)
	if err != nil {
		b.Fatal(err)
	}
	rec := &dz.DecisionRecord{Decision: *dec, WorkspaceID: 1, Request: *req, CreatedAt: now}
	in := audit.Input{Decision: rec, Workspace: ws, Versions: map[string]int{}}
	a, err := audit.Build(in)
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, f := range a.Fields {
		size += len(f.Value)
	}
	b.Logf("%d fields, %d bytes of values", len(a.Fields), size)
	b.ReportAllocs()
	for b.Loop() {
		a, err := audit.Build(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := audit.LeafHash(a.Fields); err != nil {
			b.Fatal(err)
		}
	}
}
