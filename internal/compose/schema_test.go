package compose

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

func TestResponseSchema(t *testing.T) {
	fields := func(names ...string) map[string]string {
		m := map[string]string{}
		for _, n := range names {
			m[n] = "a description"
		}
		return m
	}
	tests := []struct {
		name     string
		in       Input
		want     map[string]any
		warnings []string
	}{
		{
			name: "refund executed",
			in: Input{Outcome: dz.OutcomeExecute, Actions: []dz.Action{refund(145.456)}, Reason: "Inside the window.",
				Instructions: dz.Instructions{ResponseSchema: fields("decision", "Refund Amount", "reason", "customer", "summary", "questions")}},
			want: map[string]any{"decision": "execute", "Refund Amount": 145.46, "reason": "Inside the window.", "customer": "Hank Scorpio",
				"summary": "Refund request from Globex: execute (refund $145.46)", "questions": []any{}},
		},
		{
			name: "escalation has no amount",
			in: Input{Outcome: dz.OutcomeEscalate, Actions: []dz.Action{refund(145)}, Questions: []string{"Approve a refund past the window?"},
				Instructions: dz.Instructions{ResponseSchema: fields("outcome", "amount", "questions", "summary")}},
			want: map[string]any{"outcome": "escalate", "amount": "", "questions": []any{"Approve a refund past the window?"},
				"summary": "Refund request from Globex: escalate to Dana"},
			warnings: []string{`"amount": this decision has no value`},
		},
		{
			name: "credit and unknown fields",
			in: Input{Outcome: dz.OutcomeDraft, Actions: []dz.Action{credit(10)},
				Instructions: dz.Instructions{ResponseSchema: fields("creditPercent", "ticket_priority", "plan")}},
			want:     map[string]any{"creditPercent": 10.0, "ticket_priority": "", "plan": "Operator"},
			warnings: []string{`"ticket_priority": no decision value by that name`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Intent, tt.in.Settings = "refund", dz.Settings{Founder: "Dana"}
			tt.in.Entity = &dz.Entity{Name: "Globex", Contact: "Hank Scorpio", Plan: "Operator"}
			out := mustCompose(t, tt.in)
			if diff := cmp.Diff(tt.want, out.ResponseSchema); diff != "" {
				t.Errorf("response_schema (-want +got):\n%s", diff)
			}
			warns := strings.Join(out.Warnings, "\n")
			for _, w := range tt.warnings {
				if !strings.Contains(warns, w) {
					t.Errorf("warnings %q lack %q", out.Warnings, w)
				}
			}
		})
	}
}

func TestResponseSchemaReplyIsTheReply(t *testing.T) {
	out := mustCompose(t, Input{Outcome: dz.OutcomeExecute, Instructions: dz.Instructions{ResponseSchema: map[string]string{"reply": ""}}})
	if out.ResponseSchema["reply"] != out.Response || out.Response == "" {
		t.Errorf("reply field %q, response %q: want the same", out.ResponseSchema["reply"], out.Response)
	}
}

func TestNormalizeField(t *testing.T) {
	for in, want := range map[string]string{"refundAmount": "refund_amount", "Refund Amount": "refund_amount",
		"credit-percent": "credit_percent", " reply ": "reply", "__x__y": "x_y"} {
		if got := normalizeField(in); got != want {
			t.Errorf("normalizeField(%q) = %q, want %q", in, got, want)
		}
	}
}
