package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// Decision ids are fixed by their inputs, differ with any of them, and
// sort in the order they were made, a millisecond or more apart.
func TestDecisionIDs(t *testing.T) {
	req := &dz.Request{Request: "I want a refund"}
	other := &dz.Request{Request: "I want a credit"}
	t0 := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	id := decisionID("ws1", req, t0)
	if !strings.HasPrefix(id, "dec_") || len(id) != len("dec_")+24 {
		t.Fatalf("id %q: want dec_ and 24 hex digits", id)
	}
	if again := decisionID("ws1", req, t0); again != id {
		t.Errorf("same inputs gave %q and %q", id, again)
	}
	for _, diff := range []string{decisionID("ws2", req, t0), decisionID("ws1", other, t0), decisionID("ws1", req, t0.Add(time.Microsecond))} {
		if diff == id {
			t.Errorf("different inputs gave the same id %q", id)
		}
	}
	prev := id
	for i := 1; i < 2000; i++ {
		next := decisionID("ws1", req, t0.Add(time.Duration(i)*time.Millisecond+time.Duration(i%7)*time.Microsecond))
		if next <= prev {
			t.Fatalf("id %q made after %q sorts before it", next, prev)
		}
		prev = next
	}
	if early := decisionID("ws1", req, time.Date(1969, 1, 1, 0, 0, 0, 0, time.UTC)); !strings.HasPrefix(early, "dec_00000000000") {
		t.Errorf("an id made before 1970 is %q: want the time part at zero", early)
	}
}
