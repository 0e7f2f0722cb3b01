package http

import (
	"testing"

	"github.com/delegatezero/dz"
)

// The dashboard and the audit page say an amount with its currency, once.
func TestActionWords(t *testing.T) {
	tests := []struct {
		action dz.Action
		want   string
	}{
		{dz.Action{Type: "refund", Params: map[string]any{"amount": 145.0, "currency": "USD", "percent": 50.0}}, "refund: amount 145 USD, percent 50"},
		{dz.Action{Type: "sla_credit", Params: map[string]any{"amount": 12.5}}, "sla credit: amount 12.5"},
		{dz.Action{Type: "switch_plan", Params: map[string]any{"currency": "EUR", "plan": "Team"}}, "switch plan: currency EUR, plan Team"},
		{dz.Action{Type: "reply"}, "reply"},
	}
	for _, tt := range tests {
		if got := actionWords(tt.action); got != tt.want {
			t.Errorf("actionWords(%v) = %q, want %q", tt.action, got, tt.want)
		}
	}
}
