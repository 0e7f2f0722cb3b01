package policy

import (
	"strings"
	"testing"
	"time"
)

func testVars() *Vars {
	return NewVars(Input{
		Facts: map[string]any{"amount": 290.0, "days_past_window": 16.0, "sla_breached": true,
			"items": []any{map[string]any{"price": 10.0}, map[string]any{"price": 25.5}}},
		Entity: map[string]any{"plan": "Operator", "mrr": 290.0, "tags": []any{"vip"}, "data": map[string]any{"membership": "gold"}},
		Records: map[string]any{"reservation": map[string]any{"data": map[string]any{
			"cabin": "basic_economy", "created_at": "2026-11-25T20:00:00Z",
			"passengers": []any{"a", "b", "c"},
			"flights":    []any{map[string]any{"status": "flown"}, map[string]any{"status": "available"}}}}},
		Tables:  map[string]any{"free_bags": map[string]any{"gold": map[string]any{"basic_economy": 2.0, "economy": 3.0}}},
		Request: map[string]any{"text": "refund please"},
		Intent:  "refund", Now: time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC),
	})
}

func TestBool(t *testing.T) {
	tests := []struct {
		name, expr string
		want       bool
		wantErr    string
	}{
		{name: "double vs int literal", expr: "facts.amount <= 300", want: true},
		{name: "mixed multiply", expr: "facts.amount <= entity.mrr * 2", want: true},
		{name: "mixed add", expr: "facts.days_past_window + 1 == 17", want: true},
		{name: "int times double", expr: "2 * entity.mrr > 579.5", want: true},
		{name: "string equality", expr: "entity.plan == 'Operator' && intent == 'refund'", want: true},
		{name: "has on missing fact", expr: "has(facts.order_id)", want: false},
		{name: "sub-records", expr: "facts.items.exists(i, i.price > 20.0)", want: true},
		{name: "list membership", expr: "'vip' in entity.tags", want: true},
		{name: "time", expr: "now > timestamp('2026-01-01T00:00:00Z')", want: true},
		{name: "missing key fails", expr: "facts.order_total > 5", wantErr: "no such key"},
		{name: "any sub-record", expr: "records.reservation.data.flights.exists(f, f.status == 'flown')", want: true},
		{name: "all sub-records", expr: "records.reservation.data.flights.all(f, f.status == 'flown')", want: false},
		{name: "count", expr: "size(records.reservation.data.flights.filter(f, f.status == 'available')) == 1", want: true},
		{name: "sum", expr: "sum(facts.items.map(i, i.price)) == 35.5", want: true},
		{name: "sum of nothing", expr: "sum([]) == 0.0", want: true},
		{name: "table lookup", expr: "tables.free_bags[entity.data.membership][records.reservation.data.cabin] == 2", want: true},
		{name: "time window", expr: "now - timestamp(records.reservation.data.created_at) <= duration('24h')", want: true},
		{name: "int call in arithmetic", expr: "size(records.reservation.data.passengers) * 50 == 150", want: true},
		{name: "nested int call", expr: "size(records.reservation.data.flights.filter(f, f.status == 'flown')) + 1 == 2", want: true},
		{name: "conditional branches", expr: "(facts.amount > 1000.0 ? 0 : facts.amount) == 290.0", want: true},
		{name: "greatest with an int literal", expr: "math.greatest(0, facts.amount - 300) * 2 == 0.0", want: true},
		{name: "timestamp getter", expr: "now.getHours() + 1 == 13", want: true},
		{name: "sum of text fails", expr: "sum(['a']) > 0.0", wantErr: "sum needs a list of numbers"},
		{name: "not a bool", expr: "facts.amount", wantErr: "not true or false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Compile(tt.expr)
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.expr, err)
			}
			got, err := p.Bool(testVars())
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Bool(%q) error = %v, want one containing %q", tt.expr, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Bool(%q) = %v, %v; want %v", tt.expr, got, err, tt.want)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	for expr, want := range map[string]float64{
		"580":                             580,
		"entity.mrr * 2":                  580,
		"facts.amount / 2":                145,
		"math.least(facts.amount, 100.0)": 100,
		"100 * size(records.reservation.data.passengers)": 300,
	} {
		p, err := Compile(expr)
		if err != nil {
			t.Fatalf("Compile(%q): %v", expr, err)
		}
		got, err := p.Number(testVars())
		if err != nil || got != want {
			t.Errorf("Number(%q) = %v, %v; want %v", expr, got, err, want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for expr, want := range map[string]string{
		"":                "empty",
		"fact.amount > 3": "undeclared reference to 'fact'",
		"facts.amount >":  "1:",
		"intent == 3":     "no matching overload",
	} {
		err := Check(expr)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%q) = %v, want an error containing %q", expr, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("Check(%q) error spans lines: %q", expr, err)
		}
	}
}

func TestFacts(t *testing.T) {
	p, err := Compile("facts.amount > 3 && has(facts.sla_breached) && facts.amount < entity.mrr")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(p.Facts(), ","); got != "amount" {
		t.Errorf("Facts() = %s, want amount (sla_breached is only tested for with has)", got)
	}
}

func TestCostLimitStopsRunaway(t *testing.T) {
	p, err := Compile("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, [1,2,3,4,5,6,7,8,9,10].all(f, a+b+c+d+e+f > 0))))))")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Bool(testVars()); err == nil {
		t.Fatal("a million-step expression evaluated; want the cost limit to stop it")
	}
}

func TestGeneratorsAreCostLimited(t *testing.T) {
	p, err := Compile("size(lists.range(100000000)) > 0")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Bool(testVars()); err == nil {
		t.Fatal("a hundred-million-element list was built; want the cost limit to stop it")
	}
}

func BenchmarkBool(b *testing.B) {
	p, err := Compile("facts.days_past_window > 0 && facts.sla_breached && facts.amount <= entity.mrr * 2")
	if err != nil {
		b.Fatal(err)
	}
	v := testVars()
	for b.Loop() {
		if _, err := p.Bool(v); err != nil {
			b.Fatal(err)
		}
	}
}
