package storetest

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/delegatezero/dz"
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
