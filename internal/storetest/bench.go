package storetest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// BenchCreateDecision measures CreateDecision with one webhook job per
// decision, each in its own transaction, on an empty store.
func BenchCreateDecision(b *testing.B, s dz.Store) {
	ws, err := s.CreateWorkspace(b.Context(), "bench", "Bench")
	if err != nil {
		b.Fatalf("create workspace: %v", err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		id := fmt.Sprintf("dec_%08d", i)
		i++
		rec := decision(ws.ID, id, "req-"+id)
		if _, _, err := s.CreateDecision(b.Context(), rec, []dz.Job{job(id + ".created")}); err != nil {
			b.Fatalf("create: %v", err)
		}
	}
}

// BenchCreateDecisionParallel is BenchCreateDecision with concurrent
// callers, as a server sees them: it shows what the database's commit path
// allows in total (ns/op is per decision across all callers).
func BenchCreateDecisionParallel(b *testing.B, s dz.Store) {
	ws, err := s.CreateWorkspace(b.Context(), "bench", "Bench")
	if err != nil {
		b.Fatalf("create workspace: %v", err)
	}
	var n atomic.Int64
	b.SetParallelism(4) // 8 callers on 2 cores
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := fmt.Sprintf("dec_%08d", n.Add(1))
			rec := decision(ws.ID, id, "req-"+id)
			if _, _, err := s.CreateDecision(b.Context(), rec, []dz.Job{job(id + ".created")}); err != nil {
				b.Errorf("create: %v", err)
				return
			}
		}
	})
}

// BenchCreateDecisionAudit measures what recording a decision's audit
// record adds: sub-benchmarks store the same decisions with and without
// one (98 fields, about 24 KB, like a real decision's), and report the
// median latency as p50-µs, since the target is a median.
func BenchCreateDecisionAudit(b *testing.B, s dz.Store) {
	for _, audited := range []bool{false, true} {
		name := "plain"
		if audited {
			name = "audited"
		}
		b.Run(name, func(b *testing.B) {
			ws, err := s.CreateWorkspace(b.Context(), fmt.Sprintf("bench-%s-%d", name, benchRuns.Add(1)), "Bench")
			if err != nil {
				b.Fatalf("create workspace: %v", err)
			}
			var took []time.Duration
			i := 0
			for b.Loop() {
				id := fmt.Sprintf("dec_%08d", i)
				i++
				rec := decision(ws.ID, id, "req-"+id)
				if audited {
					rec.Audit, rec.PublicToken = benchRecord(ws.ID, id), "tok-"+ws.Slug+id
				}
				start := time.Now()
				if _, _, err := s.CreateDecision(b.Context(), rec, []dz.Job{job(id + ".created")}); err != nil {
					b.Fatalf("create: %v", err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
		})
	}
}

// benchRuns numbers the audit benchmark's workspaces, so -count runs do
// not collide.
var benchRuns atomic.Int64

// benchRecord is an audit record the size of a real decision's: 98
// fields, about 24 KB of values (the demo's angry refund request).
func benchRecord(wsID int64, id string) *dz.AuditRecord {
	fields := []dz.AuditField{audit.NewField("decision_id", strconv.Quote(id)), audit.NewField("workspace_id", strconv.FormatInt(wsID, 10))}
	for i := range 96 {
		fields = append(fields, audit.NewField(fmt.Sprintf("rule/refunds/r%02d", i), `{"id":"r","policy":"refunds","passed":true,"because":"`+strings.Repeat("x", 200)+`"}`))
	}
	audit.SortFields(fields)
	return &dz.AuditRecord{WorkspaceID: wsID, DecisionID: id, Fields: fields}
}
