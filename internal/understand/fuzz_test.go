package understand

import (
	"math"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/delegatezero/dz"
)

// FuzzAnalyze checks that no input panics, intents are never empty and
// scored in [0, 1], and facts are well formed with valid UTF-8 evidence.
func FuzzAnalyze(f *testing.F) {
	f.Add("We paid $290 46 days ago and I want a refund!!!", "")
	f.Add("> On Mon wrote:\n> cancel\n\nRefund €1.200,50 from 3/3/2026", "Agent (Mar 12): ok")
	f.Add("down from 11pm to 2am, the 31st of last month, INV-", "\xff\xfe")
	custom := New([]dz.IntentDef{{Name: "gdpr", Keywords: []string{"personal data", "gdpr"}}})
	f.Fuzz(func(t *testing.T, text, data string) {
		r := custom.Analyze(text, data, time.Date(2026, 3, 31, 23, 30, 0, 0, time.UTC), time.UTC)
		if len(r.Intents) == 0 {
			t.Fatal("no intents")
		}
		for i, in := range r.Intents {
			if math.IsNaN(in.Score) || in.Score < 0 || in.Score > 1 {
				t.Fatalf("intent %s score %v", in.Name, in.Score)
			}
			if i > 0 && in.Score > r.Intents[i-1].Score {
				t.Fatalf("intents not best first: %v", r.Intents)
			}
		}
		for i, fc := range r.Facts {
			if !utf8.ValidString(fc.Evidence) {
				t.Fatalf("%s evidence not UTF-8: %q", fc.Name, fc.Evidence)
			}
			if !dz.IsFactName(fc.Name) || !dz.IsFactValue(fc.Value) || fc.Confidence < 0 || fc.Confidence > 1 {
				t.Fatalf("bad fact %+v", fc)
			}
			if v, ok := fc.Value.(float64); ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
				t.Fatalf("%s = %v", fc.Name, v)
			}
			if i > 0 && r.Facts[i-1].Name >= fc.Name {
				t.Fatalf("facts not sorted: %v", r.Facts)
			}
		}
	})
}
