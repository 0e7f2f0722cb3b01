package derive

import (
	"math"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// FuzzDerive feeds odd dates, numbers and incidents to Derive: it must never
// panic, and every uptime it reports must be a percentage.
func FuzzDerive(f *testing.F) {
	f.Add("2024-04-04", "2024-04-12", 249.0, int64(0), int64(3600), 99.9)
	f.Add("2024-02-29T23:59:59+14:00", "nope", math.Inf(1), int64(-1e12), int64(1e12), 0.0)
	f.Add("", "0000-01-01", -5.0, int64(10), int64(-10), 100.0)
	f.Fuzz(func(t *testing.T, charge, incident string, mrr float64, startSec, lenSec int64, target float64) {
		now := time.Date(2024, 5, 20, 9, 0, 0, 0, time.UTC)
		start := now.Add(time.Duration(startSec%1e9) * time.Second)
		in := Input{Now: now, Facts: map[string]any{"charge_date": charge, "incident_date": incident, "mrr": mrr},
			Entity:    &dz.Entity{Plan: "Operator"},
			Settings:  dz.Settings{SLA: dz.SLATerms{TargetPercent: target, Credits: []dz.CreditTier{{BelowPercent: 99, Percent: 10}}}},
			Incidents: []dz.Incident{{ID: "x", Start: start, End: start.Add(time.Duration(lenSec%1e9) * time.Second)}},
		}
		for _, fact := range Derive(in) {
			if u, ok := fact.Value.(float64); ok && fact.Name == "uptime_percent" && (u < 0 || u > 100) {
				t.Fatalf("uptime %v outside [0, 100]", u)
			}
		}
	})
}
