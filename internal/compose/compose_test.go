package compose

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

func tmpl(id, part, body string, edit func(*dz.Template)) *dz.Template {
	t := &dz.Template{Meta: dz.Meta{ID: id}, Part: part, Body: body}
	if edit != nil {
		edit(t)
	}
	return t
}

func TestPickTemplates(t *testing.T) {
	templates := []*dz.Template{
		tmpl("body-any", dz.PartBody, "Generic.", nil),
		tmpl("body-refund", dz.PartBody, "Refund {{.Refund}}.", func(t *dz.Template) { t.Intents = []string{"refund"} }),
		tmpl("body-refund-action", dz.PartBody, "I've issued {{.Refund}}.", func(t *dz.Template) {
			t.Intents, t.Actions = []string{"refund"}, []string{"refund"}
		}),
		tmpl("body-escalate", dz.PartBody, "Dana will reply.", func(t *dz.Template) { t.Outcomes = []dz.Outcome{dz.OutcomeEscalate} }),
		tmpl("body-firm-formal", dz.PartBody, "Firm and formal.", func(t *dz.Template) { t.Handling, t.Tones = Firm, []string{"formal"} }),
		tmpl("a-greeting", dz.PartGreeting, "Hey.", nil),
		tmpl("b-greeting", dz.PartGreeting, "Yo.", nil),
	}
	tests := []struct {
		name string
		in   Input
		want []string
	}{
		{"most specific wins", Input{Intent: "refund", Outcome: dz.OutcomeExecute, Actions: []dz.Action{refund(10)}},
			[]string{"a-greeting", "builtin/opening", "body-refund-action", "builtin/closing"}},
		{"required action missing", Input{Intent: "refund", Outcome: dz.OutcomeExecute, Actions: []dz.Action{credit(10)}},
			[]string{"a-greeting", "builtin/opening", "body-refund", "builtin/closing"}},
		{"escalation decides no actions; ties go to the smaller id", Input{Intent: "refund", Outcome: dz.OutcomeEscalate, Actions: []dz.Action{refund(10)}},
			[]string{"a-greeting", "builtin/opening", "body-escalate", "builtin/closing"}},
		{"other intent", Input{Intent: "sla_credit", Outcome: dz.OutcomeEscalate},
			[]string{"a-greeting", "builtin/opening", "body-escalate", "builtin/closing"}},
		{"tone and handling", Input{Intent: "sla_credit", Outcome: dz.OutcomeExecute, Instructions: dz.Instructions{Tone: "formal"}},
			[]string{"a-greeting", "builtin/opening", "body-firm-formal", "builtin/closing-formal"}},
		{"empathetic skips the firm template", Input{Intent: "sla_credit", Outcome: dz.OutcomeExecute, Facts: map[string]any{"angry": true},
			Instructions: dz.Instructions{Tone: "formal"}}, []string{"a-greeting", "builtin/opening-formal-empathetic", "body-any", "builtin/closing-formal"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Templates = templates
			out := mustCompose(t, tt.in)
			if diff := cmp.Diff(tt.want, out.Templates); diff != "" {
				t.Errorf("templates (-want +got):\n%s", diff)
			}
		})
	}
}

func TestBrokenTemplatesFallBack(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		actions []dz.Action
		outcome dz.Outcome
		warning string
	}{
		{"amount not in the actions", "I've issued a refund of $500.00.", []dz.Action{refund(145)}, dz.OutcomeExecute, `states "$500.00"`},
		{"unbacked promise", "We'll credit your account.", []dz.Action{refund(145)}, dz.OutcomeExecute, "no credit action"},
		{"escalation promising", "{{if .HasRefund}}x{{end}}I've issued a refund.", []dz.Action{refund(145)}, dz.OutcomeEscalate, "no refund action"},
		{"unknown field", "{{.Amount}}", nil, dz.OutcomeExecute, "unknown field .Amount"},
		{"does not parse", "{{if}}", nil, dz.OutcomeExecute, "does not parse"},
		{"runaway output", `{{printf "%999999d" 1}}`, nil, dz.OutcomeExecute, "renders more than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustCompose(t, Input{Templates: []*dz.Template{tmpl("mine", dz.PartBody, tt.body, nil)},
				Intent: "refund", Outcome: tt.outcome, Actions: tt.actions})
			if out.Templates[2] != "builtin/body" && out.Templates[2] != "builtin/body-escalate" {
				t.Errorf("body template = %s, want the built-in", out.Templates[2])
			}
			if !strings.Contains(strings.Join(out.Warnings, "\n"), tt.warning) || !strings.Contains(out.Warnings[0], "template mine dropped") {
				t.Errorf("warnings = %q, want one about mine that says %q", out.Warnings, tt.warning)
			}
		})
	}
}

func TestReplies(t *testing.T) {
	settings := dz.Settings{Name: "Acme", Founder: "Dana", Currency: "EUR"}
	entity := &dz.Entity{Meta: dz.Meta{ID: "globex"}, Name: "Globex", Contact: "Hank Scorpio", Plan: "Operator"}
	tests := []struct {
		name     string
		in       Input
		contains []string
		excludes []string
	}{
		{"refund executed", Input{Outcome: dz.OutcomeExecute, Actions: []dz.Action{refund(145)}},
			[]string{"Hello Hank,", "I've issued a refund of €145.00", "Dana\nAcme"}, []string{"credit"}},
		{"credit drafted", Input{Outcome: dz.OutcomeDraft, Actions: []dz.Action{{Type: "credit", Params: map[string]any{"percent": 10.0, "amount": 49.9}}}},
			[]string{"I've applied a 10% credit (€49.90)"}, []string{"refund of"}},
		{"currency from the action", Input{Outcome: dz.OutcomeExecute, Actions: []dz.Action{{Type: "refund", Params: map[string]any{"amount": 5.0, "currency": "gbp"}}}},
			[]string{"£5.00"}, []string{"€"}},
		{"decline gives the reason", Input{Outcome: dz.OutcomeExecute, Actions: []dz.Action{{Type: "reply"}}, Reason: "Refunds are available within 30 days of a charge."},
			[]string{"Refunds are available within 30 days"}, []string{"I've issued"}},
		{"escalation holds", Input{Outcome: dz.OutcomeEscalate, Actions: []dz.Action{refund(145)}, Questions: []string{"Refund €145?"}, Reason: "Over the €100 limit."},
			[]string{"I want to look at this personally"}, []string{"145", "Refund €145?", "limit", "issued"}},
		{"reason stating another amount is left out", Input{Outcome: dz.OutcomeExecute, Reason: "Capped at €580."},
			[]string{"I've reviewed your account"}, []string{"580"}},
		{"incident summary", Input{Outcome: dz.OutcomeExecute, Facts: map[string]any{"angry": true, "incident_summary": "the 3 March API outage"}},
			[]string{"I'm sorry for the trouble with the 3 March API outage"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Settings, tt.in.Entity, tt.in.Intent = settings, entity, "refund"
			out := mustCompose(t, tt.in)
			for _, s := range tt.contains {
				if !strings.Contains(out.Response, s) {
					t.Errorf("reply lacks %q:\n%s", s, out.Response)
				}
			}
			for _, s := range tt.excludes {
				if strings.Contains(out.Response, s) {
					t.Errorf("reply has %q:\n%s", s, out.Response)
				}
			}
		})
	}
}

func TestBuiltinsNeedNoScrubbing(t *testing.T) {
	actionSets := [][]dz.Action{nil, {refund(145)}, {credit(10)}, {refund(1450.5), credit(12.5)},
		{{Type: "refund", Params: map[string]any{"percent": 50.0}}}, {{Type: "credit"}}, {{Type: "reply"}}}
	for _, tone := range dz.Tones {
		for _, angry := range []bool{false, true} {
			for _, outcome := range []dz.Outcome{dz.OutcomeExecute, dz.OutcomeDraft, dz.OutcomeEscalate} {
				for _, actions := range actionSets {
					out := mustCompose(t, Input{Settings: dz.Settings{Name: "Acme", Founder: "Dana", Assistant: "Sam", Attribution: "assistant"},
						Entity: &dz.Entity{Name: "Globex", Contact: "Hank"}, Intent: "sla_credit", Outcome: outcome, Actions: actions,
						Facts: map[string]any{"angry": angry}, Reason: "Inside the window.", Instructions: dz.Instructions{Tone: tone}})
					if len(out.Warnings) > 0 || len(out.Templates) != 4 {
						t.Errorf("%s/%v/%s/%v: templates %v, warnings %v", tone, angry, outcome, actions, out.Templates, out.Warnings)
					}
				}
			}
		}
	}
}
