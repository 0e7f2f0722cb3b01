package derive

import (
	"sort"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

// day parses a YYYY-MM-DD date as the workspace loader stores it (midnight UTC).
func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// instant parses an RFC 3339 time.
func instant(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// zone loads an IANA time zone.
func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// values runs Derive and returns the derived values of the named facts;
// a fact that was not derived is absent from the map.
func values(t *testing.T, in Input, names ...string) map[string]any {
	t.Helper()
	got := map[string]any{}
	for _, f := range Derive(in) {
		if f.Source != dz.FromDerived || f.Evidence == "" {
			t.Errorf("fact %s: source %q evidence %q, want derived with evidence", f.Name, f.Source, f.Evidence)
		}
		for _, n := range names {
			if f.Name == n {
				got[n] = f.Value
			}
		}
	}
	return got
}

func TestRefundWindow(t *testing.T) {
	names := []string{"days_since_charge", "days_past_window", "within_refund_window"}
	tests := []struct {
		name  string
		now   string
		loc   string
		facts map[string]any
		last  string // entity last charge
		want  map[string]any
	}{
		{name: "exactly on the window is inside", now: "2024-05-04T12:00:00Z", last: "2024-04-04",
			want: map[string]any{"days_since_charge": 30.0, "days_past_window": 0.0, "within_refund_window": true}},
		{name: "one day past the window", now: "2024-05-05T12:00:00Z", last: "2024-04-04",
			want: map[string]any{"days_since_charge": 31.0, "days_past_window": 1.0, "within_refund_window": false}},
		{name: "46-day-old charge is 16 days past", now: "2024-05-20T09:00:00Z", facts: map[string]any{"charge_date": "2024-04-04"},
			want: map[string]any{"days_since_charge": 46.0, "days_past_window": 16.0, "within_refund_window": false}},
		{name: "charge_date fact wins over the entity", now: "2024-05-04T12:00:00Z", last: "2024-01-01",
			facts: map[string]any{"charge_date": "2024-05-01"},
			want:  map[string]any{"days_since_charge": 3.0, "days_past_window": 0.0, "within_refund_window": true}},
		{name: "leap year counts Feb 29", now: "2024-03-01T12:00:00Z", last: "2024-02-28",
			want: map[string]any{"days_since_charge": 2.0, "days_past_window": 0.0, "within_refund_window": true}},
		{name: "non-leap year", now: "2023-03-01T12:00:00Z", last: "2023-02-28",
			want: map[string]any{"days_since_charge": 1.0, "days_past_window": 0.0, "within_refund_window": true}},
		{name: "UTC date is a day ahead of Los Angeles", now: "2024-03-01T03:00:00Z", loc: "America/Los_Angeles", last: "2024-01-30",
			want: map[string]any{"days_since_charge": 30.0, "days_past_window": 0.0, "within_refund_window": true}},
		{name: "same instant in UTC is past the window", now: "2024-03-01T03:00:00Z", loc: "UTC", last: "2024-01-30",
			want: map[string]any{"days_since_charge": 31.0, "days_past_window": 1.0, "within_refund_window": false}},
		{name: "Tokyo is a day ahead of UTC", now: "2024-03-31T16:00:00Z", loc: "Asia/Tokyo", last: "2024-03-02",
			want: map[string]any{"days_since_charge": 30.0, "days_past_window": 0.0, "within_refund_window": true}},
		{name: "RFC 3339 charge time is read in the workspace zone", now: "2024-05-04T12:00:00Z", loc: "America/New_York",
			facts: map[string]any{"charge_date": "2024-04-05T02:00:00Z"},
			want:  map[string]any{"days_since_charge": 30.0, "days_past_window": 0.0, "within_refund_window": true}},
		{name: "no charge date derives nothing", now: "2024-05-04T12:00:00Z", facts: map[string]any{"charge_date": "last week"},
			want: map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Now: instant(t, tt.now), Facts: tt.facts, Settings: dz.Settings{RefundWindowDays: 30}}
			if tt.loc != "" {
				in.Loc = zone(t, tt.loc)
			}
			if tt.last != "" {
				in.Entity = &dz.Entity{LastCharge: day(t, tt.last)}
			}
			if diff := cmp.Diff(tt.want, values(t, in, names...)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestRenewalAndTenure(t *testing.T) {
	tests := []struct {
		name            string
		now, started    string
		renewal         string
		wantTenure      any
		wantDaysRenewal any
	}{
		{name: "founding scenario: 14 months, renewal in 3 weeks", now: "2024-05-10T10:00:00Z",
			started: "2023-03-10", renewal: "2024-05-31", wantTenure: 14.0, wantDaysRenewal: 21.0},
		{name: "Jan 31 to Feb 28 is not a month", now: "2023-02-28T10:00:00Z", started: "2023-01-31", wantTenure: 0.0},
		{name: "Jan 31 to Mar 1 is one month", now: "2023-03-01T10:00:00Z", started: "2023-01-31", wantTenure: 1.0},
		{name: "Feb 29 to Feb 28 next year is 11 months", now: "2025-02-28T10:00:00Z", started: "2024-02-29", wantTenure: 11.0},
		{name: "Feb 29 to Mar 1 next year is 12 months", now: "2025-03-01T10:00:00Z", started: "2024-02-29", wantTenure: 12.0},
		{name: "start in the future is 0", now: "2024-01-01T10:00:00Z", started: "2024-06-01", wantTenure: 0.0},
		{name: "renewal passed is negative", now: "2024-03-01T10:00:00Z", renewal: "2024-02-28", wantDaysRenewal: -2.0},
		{name: "renewal across Feb 29", now: "2024-02-28T10:00:00Z", renewal: "2024-03-01", wantDaysRenewal: 2.0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &dz.Entity{}
			if tt.started != "" {
				e.Started = day(t, tt.started)
			}
			if tt.renewal != "" {
				e.Renewal = day(t, tt.renewal)
			}
			got := values(t, Input{Now: instant(t, tt.now), Entity: e}, "tenure_months", "days_to_renewal")
			if got["tenure_months"] != tt.wantTenure || got["days_to_renewal"] != tt.wantDaysRenewal {
				t.Errorf("tenure %v, days to renewal %v; want %v, %v", got["tenure_months"], got["days_to_renewal"], tt.wantTenure, tt.wantDaysRenewal)
			}
		})
	}
}

func TestRevenue(t *testing.T) {
	bands := []dz.MRRBand{{Name: "enterprise"}, {Name: "mid", Below: 1000}, {Name: "small", Below: 200}}
	tests := []struct {
		name  string
		mrr   any // fact; nil means none
		ent   float64
		bands []dz.MRRBand
		want  map[string]any
	}{
		{name: "below the smallest bound", mrr: 150.0, bands: bands, want: map[string]any{"mrr_band": "small", "amount_at_risk": 1800.0}},
		{name: "a bound is exclusive", mrr: 200, bands: bands, want: map[string]any{"mrr_band": "mid", "amount_at_risk": 2400.0}},
		{name: "above every bound", mrr: 5000.0, bands: bands, want: map[string]any{"mrr_band": "enterprise", "amount_at_risk": 60000.0}},
		{name: "no open band", mrr: 5000.0, bands: bands[1:], want: map[string]any{"amount_at_risk": 60000.0}},
		{name: "entity MRR when no fact", ent: 249, bands: bands, want: map[string]any{"mrr_band": "mid", "amount_at_risk": 2988.0}},
		{name: "fact wins over entity", mrr: 10.0, ent: 249, bands: bands, want: map[string]any{"mrr_band": "small", "amount_at_risk": 120.0}},
		{name: "unknown MRR derives nothing", mrr: "lots", bands: bands, want: map[string]any{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Now: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Settings: dz.Settings{MRRBands: tt.bands},
				Entity: &dz.Entity{MRR: tt.ent}, Facts: map[string]any{}}
			if tt.mrr != nil {
				in.Facts["mrr"] = tt.mrr
			}
			if diff := cmp.Diff(tt.want, values(t, in, "mrr_band", "amount_at_risk")); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestDeriveSortedAndEmpty(t *testing.T) {
	if got := Derive(Input{}); len(got) != 0 {
		t.Errorf("Derive with no inputs = %v, want nothing", got)
	}
	in := Input{
		Now:      time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		Entity:   &dz.Entity{MRR: 100, Started: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), LastCharge: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)},
		Settings: dz.Settings{SLA: dz.SLATerms{TargetPercent: 99.9}},
	}
	got := Derive(in)
	if !sort.SliceIsSorted(got, func(i, j int) bool { return got[i].Name < got[j].Name }) {
		t.Errorf("facts not sorted by name: %v", got)
	}
	if len(got) < 9 {
		t.Errorf("got %d facts, want at least 9 with charge, tenure, MRR and SLA known", len(got))
	}
}
