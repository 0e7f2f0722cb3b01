package workspace

import (
	"strings"
	"testing"
)

// refundsWith returns the fixture's refunds policy with old replaced by new.
func refundsWith(old, new string) string {
	return strings.Replace(baseFiles["policies/refunds.yaml"], old, new, 1)
}

// testsFile is a tests file with one case whose expect mapping is expect.
func testsFile(expect string) string {
	return "- name: t\n  request: hi\n  expect:\n    outcome: draft\n" + expect
}

func TestGuardrailMistakesAreReportedWhereTheyAre(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		at      string // file:line:col of the problem
		message string // part of what is wrong
		fix     string // part of how to fix it
	}{
		{"policy scope intent no classifier knows", map[string]string{"policies/refunds.yaml": "scope: {intents: [refnd]}\n" + baseFiles["policies/refunds.yaml"]},
			"ws/policies/refunds.yaml:1:19", `policy refunds names intent "refnd", which no classifier knows`, `did you mean "refund"`},
		{"workspace intent typo", map[string]string{"dz.yaml": "name: A\nintents:\n  - {name: plan_change, keywords: [upgrade]}\n",
			"policies/refunds.yaml": "scope: {intents: [plan_chnge]}\n" + baseFiles["policies/refunds.yaml"]},
			"ws/policies/refunds.yaml:1:19", `names intent "plan_chnge"`, `did you mean "plan_change"`},
		{"intent far from any lists where names come from", map[string]string{"policies/refunds.yaml": "scope: {intents: [wholesale]}\n" + baseFiles["policies/refunds.yaml"]},
			"ws/policies/refunds.yaml:1:19", `names intent "wholesale"`, "refund, sla_credit, cancellation"},
		{"playbook intent", map[string]string{"playbooks/p.md": "---\nid: p\ntitle: P\nintents: [refund, cancelation]\n---\n1. Step\n"},
			"ws/playbooks/p.md:4:19", `playbook p names intent "cancelation"`, `did you mean "cancellation"`},
		{"template intent", map[string]string{"templates/t.md": "---\nid: t\npart: body\nintents: [sla_credt]\n---\nHi\n"},
			"ws/templates/t.md:4:11", `template t names intent "sla_credt"`, `did you mean "sla_credit"`},
		{"precedent intent", map[string]string{"precedents/p.yaml": strings.Replace(baseFiles["precedents/p.yaml"], "intent: refund", "intent: refnd", 1)},
			"ws/precedents/p.yaml:3:9", `precedent p1 names intent "refnd"`, `did you mean "refund"`},
		{"test expected intent", map[string]string{"tests/t.yaml": "- name: t\n  request: hi\n  expect: {outcome: draft, intent: complain}\n"},
			"ws/tests/t.yaml:3:36", `test t names intent "complain"`, `did you mean "complaint"`},
		{"profile intent", map[string]string{"dz.yaml": "name: Acme\nprofiles:\n  - name: billing\n    intents: [refunds]\n"},
			"ws/dz.yaml:4:15", `profile billing names intent "refunds"`, `did you mean "refund"`},
		{"limit on an action nothing proposes", map[string]string{"policies/refunds.yaml": refundsWith("action: refund", "action: refnud")},
			"ws/policies/refunds.yaml:6:13", `limit refunds/cap is on action "refnud", which no default rule or precedent proposes`, `did you mean "refund"`},
		{"exception on an action nothing proposes", map[string]string{"policies/refunds.yaml": baseFiles["policies/refunds.yaml"] + "  - {id: goodwill, effect: exception, action: credit}\n"},
			"ws/policies/refunds.yaml:9:47", `exception refunds/goodwill is on action "credit"`, "add a default rule or a precedent that proposes it"},
		{"when gives a number", map[string]string{"policies/refunds.yaml": refundsWith("    max: entity.mrr * 2\n", "    when: facts.amount\n    max: 3\n")},
			"ws/policies/refunds.yaml:8:11", `when "facts.amount" gives a number, not true or false`, "facts.amount > 100"},
		{"max gives text", map[string]string{"policies/refunds.yaml": refundsWith("entity.mrr * 2", "entity.plan")},
			"ws/policies/refunds.yaml:8:10", `max "entity.plan" gives text, not a number`, "entity.mrr * 2"},
		{"min gives true or false", map[string]string{"policies/refunds.yaml": refundsWith("max: entity.mrr * 2", "min: facts.amount > 3")},
			"ws/policies/refunds.yaml:8:10", `min "facts.amount > 3" gives true or false, not a number`, ""},
		{"risk when gives a number", map[string]string{"dz.yaml": "name: A\nrisk:\n  - name: high\n    when: entity.mrr * 12\n    threshold: 0.9\n  - {name: normal, threshold: 0.8}\n"},
			"ws/dz.yaml:4:11", `risk when "entity.mrr * 12" gives a number`, ""},
		{"playbook when gives text", map[string]string{"playbooks/p.md": "---\nid: p\ntitle: P\nwhen: facts.currency\n---\n1. Step\n"},
			"ws/playbooks/p.md:4:7", `when "facts.currency" gives text, not true or false`, ""},
		{"expected amount in words", map[string]string{"tests/t.yaml": testsFile("    actions: [{type: refund, params: {amount: forty-nine}}]\n")},
			"ws/tests/t.yaml:5:47", `test t expects refund amount "forty-nine", which is not a number`, "plain number"},
		{"expected amount quoted", map[string]string{"tests/t.yaml": testsFile("    actions: [{type: refund, params: {amount: \"49\"}}]\n")},
			"ws/tests/t.yaml:5:47", `amount "49", which is not a number`, "amount: 49"},
		{"expected percent true", map[string]string{"tests/t.yaml": testsFile("    actions: [{type: credit, params: {percent: true}}]\n")},
			"ws/tests/t.yaml:5:48", `expects credit percent "true"`, ""},
		{"number in words under any name", map[string]string{"tests/t.yaml": testsFile("    actions: [{type: refund, params: {nights: two}}]\n")},
			"ws/tests/t.yaml:5:47", `refund nights "two", which is not a number`, ""},
		{"a limited parameter holds a number", map[string]string{"policies/refunds.yaml": refundsWith("param: amount", "param: bags"),
			"tests/t.yaml": testsFile("    actions: [{type: refund, params: {bags: a few}}]\n")},
			"ws/tests/t.yaml:5:45", `refund bags "a few", which is not a number`, ""},
		{"expected range in words", map[string]string{"tests/t.yaml": testsFile("    actions: [{type: refund, ranges: {amount: [forty-nine, 60]}}]\n")},
			"ws/tests/t.yaml:5:48", "ranges.amount min should be a number, not text", "plain number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := problemsOf(t, workspaceFS(tt.files))
			for _, p := range ps {
				if p.Pos.String() == tt.at && strings.Contains(p.Message, tt.message) && strings.Contains(p.Fix, tt.fix) {
					return
				}
			}
			t.Errorf("no problem at %s with %q — %q; got:\n%s", tt.at, tt.message, tt.fix, ps)
		})
	}
}

func TestGuardsAcceptWhatIsKnownAndProposed(t *testing.T) {
	mustLoad(t, workspaceFS(map[string]string{
		"dz.yaml": "name: A\nintents:\n  - {name: plan_change, keywords: [upgrade]}\nprofiles:\n  - {name: billing, intents: [refund, plan_change]}\n",
		"policies/credits.yaml": `id: credits
title: Credits
scope: {intents: [sla_credit, plan_change, other]}
rules:
  - {id: give, effect: default, action: credit, params: {percent: 10, note: "'sorry'"}}
  - {id: cap, effect: limit, action: credit, param: percent, max: 50, min: facts.sla_credit_percent}
  - {id: human, when: facts.angry, effect: transfer, message: A person will help.}
  - {id: hcap, effect: limit, action: transfer_to_human, param: minutes, max: 60}
  - {id: goodwill, when: has(facts.vip) && facts.vip, effect: exception, action: refund}
`,
		"playbooks/p.md": "---\nid: p\ntitle: P\nintents: [plan_change]\nwhen: entity.plan == 'Operator'\n---\n1. Step\n",
		"tests/t.yaml":   testsFile("    intent: plan_change\n    actions: [{type: refund, params: {amount: 49, reason: sorry, order_id: \"#W123\"}}]\n"),
	}))
}
