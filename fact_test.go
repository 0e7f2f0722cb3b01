package dz

import (
	"encoding/json"
	"math"
	"testing"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want float64
		ok   bool
	}{
		{"float64", 290.5, 290.5, true},
		{"int from YAML", 30, 30, true},
		{"uint64 from YAML", uint64(7), 7, true},
		{"json number", json.Number("12.25"), 12.25, true},
		{"bad json number", json.Number("x"), 0, false},
		{"string is not a number", "290", 0, false},
		{"NaN", math.NaN(), 0, false},
		{"infinity", math.Inf(1), 0, false},
		{"bool", true, 0, false},
		{"nil", nil, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Number(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Number(%v) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestIsFactName(t *testing.T) {
	for name, want := range map[string]bool{"amount": true, "days_past_window": true, "a1": true,
		"": false, "Amount": false, "1st": false, "has space": false, "dash-ed": false} {
		if got := IsFactName(name); got != want {
			t.Errorf("IsFactName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestCheckFactKind(t *testing.T) {
	for _, tt := range []struct {
		name string
		v    any
		bad  bool
	}{
		{"amount", 290.0, false}, {"amount", "abc", true}, {"charge_date", "2026-10-01", false},
		{"charge_date", "Oct 1", true}, {"outage_claimed", true, false}, {"outage_claimed", "yes", true},
		{"reservation_id", 12.0, false}, // not a well-known fact: any value
	} {
		if got := CheckFactKind(tt.name, tt.v); (got != "") != tt.bad {
			t.Errorf("CheckFactKind(%s, %v) = %q, want a problem: %v", tt.name, tt.v, got, tt.bad)
		}
	}
}
