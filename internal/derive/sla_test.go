package derive

import (
	"testing"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

// slaTerms is a typical credit table: 10% below 99.9, 25% below 99, 50% below 95.
var slaTerms = dz.SLATerms{TargetPercent: 99.9, Period: "month", Credits: []dz.CreditTier{
	{BelowPercent: 95, Percent: 50}, {BelowPercent: 99.9, Percent: 10}, {BelowPercent: 99, Percent: 25},
}}

// inc builds an incident from RFC 3339 times.
func inc(t *testing.T, id, start, end string, affects ...string) dz.Incident {
	t.Helper()
	i := dz.Incident{ID: id, Start: instant(t, start), Affects: affects}
	if end != "" {
		i.End = instant(t, end)
	}
	return i
}

func TestSLA(t *testing.T) {
	names := []string{"uptime_percent", "sla_breached", "sla_credit_percent", "sla_credit_amount", "incident_id"}
	operator := &dz.Entity{Meta: dz.Meta{ID: "acme"}, Plan: "Operator", MRR: 249}
	tests := []struct {
		name   string
		now    string
		loc    string
		facts  map[string]any
		entity *dz.Entity
		incs   []dz.Incident
		want   map[string]any
	}{
		{name: "no incidents", now: "2024-04-15T12:00:00Z", entity: operator,
			want: map[string]any{"uptime_percent": 100.0, "sla_breached": false, "sla_credit_percent": 0.0, "sla_credit_amount": 0.0}},
		{name: "3 hours in April by incident_date", now: "2024-05-20T12:00:00Z", entity: operator,
			facts: map[string]any{"incident_date": "2024-04-12"},
			incs:  []dz.Incident{inc(t, "inc-1", "2024-04-12T10:00:00Z", "2024-04-12T13:00:00Z")},
			want: map[string]any{"uptime_percent": 99.5833, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 24.9, "incident_id": "inc-1"}},
		{name: "exactly on target is no breach", now: "2024-04-20T12:00:00Z", entity: operator,
			incs: []dz.Incident{inc(t, "inc-1", "2024-04-12T10:00:00Z", "2024-04-12T10:43:12Z")},
			want: map[string]any{"uptime_percent": 99.9, "sla_breached": false, "sla_credit_percent": 0.0,
				"sla_credit_amount": 0.0, "incident_id": "inc-1"}},
		{name: "incident over a month end counts only March's part", now: "2024-04-20T12:00:00Z", entity: operator,
			facts: map[string]any{"incident_date": "2024-03-31"},
			incs:  []dz.Incident{inc(t, "inc-1", "2024-03-31T22:00:00Z", "2024-04-01T02:00:00Z")},
			want: map[string]any{"uptime_percent": 99.7312, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 24.9, "incident_id": "inc-1"}},
		{name: "incident over a month end counts only April's part", now: "2024-04-20T12:00:00Z", entity: operator,
			facts: map[string]any{"incident_date": "2024-04-01"},
			incs:  []dz.Incident{inc(t, "inc-1", "2024-03-31T22:00:00Z", "2024-04-01T02:00:00Z")},
			want: map[string]any{"uptime_percent": 99.7222, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 24.9, "incident_id": "inc-1"}},
		{name: "overlapping incidents merge", now: "2024-04-20T12:00:00Z", entity: operator,
			incs: []dz.Incident{inc(t, "a", "2024-04-02T10:00:00Z", "2024-04-02T12:00:00Z"),
				inc(t, "b", "2024-04-02T11:00:00Z", "2024-04-02T13:00:00Z"),
				inc(t, "c", "2024-04-02T11:30:00Z", "2024-04-02T11:45:00Z")},
			want: map[string]any{"uptime_percent": 99.5833, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 24.9, "incident_id": "c"}},
		{name: "incidents for another plan are ignored", now: "2024-04-20T12:00:00Z", entity: operator,
			incs: []dz.Incident{inc(t, "scale-only", "2024-04-02T00:00:00Z", "2024-04-03T00:00:00Z", "Scale"),
				inc(t, "ours", "2024-04-05T00:00:00Z", "2024-04-05T03:00:00Z", "scale", "ACME")},
			want: map[string]any{"uptime_percent": 99.5833, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 24.9, "incident_id": "ours"}},
		{name: "a long outage earns the deepest tier", now: "2024-04-20T12:00:00Z", entity: operator,
			incs: []dz.Incident{inc(t, "big", "2024-04-02T00:00:00Z", "2024-04-04T00:00:00Z")},
			want: map[string]any{"uptime_percent": 93.3333, "sla_breached": true, "sla_credit_percent": 50.0,
				"sla_credit_amount": 124.5, "incident_id": "big"}},
		{name: "most recent incident in 90 days picks its month", now: "2024-05-10T12:00:00Z", entity: operator,
			incs: []dz.Incident{inc(t, "old", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"),
				inc(t, "april", "2024-04-02T10:00:00Z", "2024-04-02T13:00:00Z")},
			want: map[string]any{"uptime_percent": 99.5833, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 24.9, "incident_id": "april"}},
		{name: "incident older than 90 days leaves the current month clean", now: "2024-05-10T12:00:00Z", entity: operator,
			incs: []dz.Incident{inc(t, "old", "2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z")},
			want: map[string]any{"uptime_percent": 100.0, "sla_breached": false, "sla_credit_percent": 0.0, "sla_credit_amount": 0.0}},
		{name: "UTC April 30 is May 1 in Berlin", now: "2024-05-10T12:00:00Z", loc: "Europe/Berlin", entity: operator,
			incs: []dz.Incident{inc(t, "late", "2024-04-30T23:00:00Z", "2024-05-01T02:00:00Z")},
			want: map[string]any{"uptime_percent": 99.5968, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 24.9, "incident_id": "late"}},
		{name: "March in Berlin is an hour short", now: "2024-04-10T12:00:00Z", loc: "Europe/Berlin", entity: operator,
			incs: []dz.Incident{inc(t, "m", "2024-03-10T10:00:00Z", "2024-03-10T11:00:00Z")},
			want: map[string]any{"uptime_percent": 99.8654, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 24.9, "incident_id": "m"}},
		{name: "ongoing incident lasts until now", now: "2024-04-02T13:00:00Z",
			facts: map[string]any{"mrr": 1000.0},
			incs:  []dz.Incident{inc(t, "live", "2024-04-02T10:00:00Z", "")},
			want: map[string]any{"uptime_percent": 99.5833, "sla_breached": true, "sla_credit_percent": 10.0,
				"sla_credit_amount": 100.0, "incident_id": "live"}},
		{name: "no entity: only incidents affecting everyone, no credit amount", now: "2024-04-20T12:00:00Z",
			incs: []dz.Incident{inc(t, "p", "2024-04-02T00:00:00Z", "2024-04-03T00:00:00Z", "Operator")},
			want: map[string]any{"uptime_percent": 100.0, "sla_breached": false, "sla_credit_percent": 0.0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Input{Now: instant(t, tt.now), Facts: tt.facts, Entity: tt.entity, Incidents: tt.incs,
				Settings: dz.Settings{SLA: slaTerms}}
			if tt.loc != "" {
				in.Loc = zone(t, tt.loc)
			}
			if diff := cmp.Diff(tt.want, values(t, in, names...)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestSLAWithoutTermsDerivesNothing(t *testing.T) {
	in := Input{Now: instant(t, "2024-04-20T12:00:00Z"),
		Incidents: []dz.Incident{inc(t, "x", "2024-04-02T00:00:00Z", "2024-04-03T00:00:00Z")}}
	if got := values(t, in, "uptime_percent", "sla_breached"); len(got) != 0 {
		t.Errorf("derived %v without SLA terms", got)
	}
}
