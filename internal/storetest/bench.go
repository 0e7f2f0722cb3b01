package storetest

import (
	"fmt"
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
