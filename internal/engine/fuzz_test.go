package engine

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/delegatezero/dz"
)

// FuzzDecide posts arbitrary request JSON to the engine: no input may panic,
// a request that fails validation is EINVALID, and every decision has an
// outcome and at most three questions.
func FuzzDecide(f *testing.F) {
	for _, s := range []string{
		`{"request":"refund my $290 from 46 days ago, you were down","context":{"entity":"brightlane"}}`,
		`{"request":"x","context":{"facts":{"amount":1e308,"charge_date":"2026-02-30"}}}`,
		`{"request":"refund","context":{"facts":{"amount":-5,"outage_claimed":"yes"}},"instructions":{"force":"draft"}}`,
		`{"request":"","instructions":{"confidence_threshold":2}}`,
		`{"request":"cancel","context":{"type":"refund_request","data":"> On Mon wrote:\n> refund"}}`,
		`{"request":"\u0000\uffff","context":{"facts":{"days_past_window":[1,2],"plan":{"a":1}}}}`,
	} {
		f.Add([]byte(s))
	}
	eng, err := New(smallWorkspace())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var req dz.Request
		if json.Unmarshal(body, &req) != nil {
			return
		}
		dec, err := eng.Decide(context.Background(), &req, testNow)
		if err != nil {
			if dz.ErrorCode(err) != dz.EINVALID {
				t.Fatalf("Decide(%s) = %v, want a decision or EINVALID", body, err)
			}
			return
		}
		switch dec.Decision {
		case dz.OutcomeExecute, dz.OutcomeDraft, dz.OutcomeEscalate:
		default:
			t.Fatalf("Decide(%s) outcome %q", body, dec.Decision)
		}
		if len(dec.Questions) > 3 {
			t.Fatalf("Decide(%s) asks %d questions", body, len(dec.Questions))
		}
		if _, err := json.Marshal(dec); err != nil {
			t.Fatalf("decision does not marshal: %v", err)
		}
	})
}
