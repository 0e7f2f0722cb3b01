package policy

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckType(t *testing.T) {
	tests := []struct {
		name    string
		expr    string
		want    Kind
		got     string // the kind a *TypeError names; "" when the expression fits
		compile bool   // the expression does not compile at all
	}{
		{name: "comparison is a condition", expr: "facts.amount > 100", want: KindBool},
		{name: "unknown fact may be a bool", expr: "facts.vip", want: KindBool},
		{name: "bool fact is a condition", expr: "facts.sla_breached", want: KindBool},
		{name: "number fact is not a condition", expr: "facts.amount", want: KindBool, got: "a number"},
		{name: "entity text is not a condition", expr: "entity.plan", want: KindBool, got: "text"},
		{name: "arithmetic is not a condition", expr: "entity.mrr * 2", want: KindBool, got: "a number"},
		{name: "string literal is not a condition", expr: "'yes'", want: KindBool, got: "text"},
		{name: "has is a condition", expr: "has(facts.amount)", want: KindBool},
		{name: "arithmetic is a number", expr: "entity.mrr * 2", want: KindNumber},
		{name: "literal is a number", expr: "50", want: KindNumber},
		{name: "dynamic lookup may be a number", expr: "tables.free_bags[entity.plan]", want: KindNumber},
		{name: "sum is a number", expr: "sum([1.0, 2.0])", want: KindNumber},
		{name: "comparison is not a number", expr: "facts.amount > 3", want: KindNumber, got: "true or false"},
		{name: "text fact is not a number", expr: "facts.currency", want: KindNumber, got: "text"},
		{name: "list is not a number", expr: "[1, 2]", want: KindNumber, got: "a list"},
		{name: "conditional number", expr: "facts.amount > 3 ? 1 : 2", want: KindNumber},
		{name: "params may be text", expr: "'sorry'", want: KindAny},
		{name: "compile error is kept", expr: "facts.amount >", want: KindBool, compile: true},
		{name: "compile error for any", expr: "facts.", want: KindAny, compile: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckType(tt.expr, tt.want)
			var te *TypeError
			switch {
			case tt.compile:
				if err == nil || errors.As(err, &te) {
					t.Fatalf("CheckType(%q) = %v; want a compile error", tt.expr, err)
				}
			case tt.got == "":
				if err != nil {
					t.Fatalf("CheckType(%q, %v) = %v; want nil", tt.expr, tt.want, err)
				}
			case !errors.As(err, &te):
				t.Fatalf("CheckType(%q, %v) = %v; want a TypeError", tt.expr, tt.want, err)
			case te.Got != tt.got || !strings.Contains(err.Error(), tt.want.String()):
				t.Fatalf("CheckType(%q, %v) = %v; want it to give %s", tt.expr, tt.want, err, tt.got)
			}
		})
	}
}

func TestCheckTypeAgreesWithCheck(t *testing.T) {
	for _, expr := range []string{"", "   ", "1 +", "facts.amount <= entity.mrr * 2", "now > timestamp('2026-01-01T00:00:00Z')"} {
		if (Check(expr) == nil) != (CheckType(expr, KindAny) == nil) {
			t.Errorf("Check(%q) = %v but CheckType(…, KindAny) = %v", expr, Check(expr), CheckType(expr, KindAny))
		}
	}
}
