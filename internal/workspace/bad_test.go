package workspace

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBadInputIsReportedWhereItIs(t *testing.T) {
	tests := []struct {
		name    string
		files   map[string]string
		at      string // file:line:col of the problem
		message string // part of what is wrong
		fix     string // part of how to fix it
	}{
		{"unknown key suggests nearest", map[string]string{"dz.yaml": "name: A\nrefund_windw_days: 10\n"},
			"ws/dz.yaml:2:1", `unknown key "refund_windw_days"`, `did you mean "refund_window_days"`},
		{"wrong type", map[string]string{"dz.yaml": "name: A\nrefund_window_days: thirty\n"},
			"ws/dz.yaml:2:21", "refund_window_days should be a number, not text", "plain number"},
		{"quoted number", map[string]string{"dz.yaml": "name: A\ndraft_floor: \"0.4\"\n"},
			"ws/dz.yaml:2:14", "draft_floor should be a number, not text", "remove the quotes"},
		{"bad enum lists values", map[string]string{"dz.yaml": "name: A\ntone: chirpy\n"},
			"ws/dz.yaml:2:7", `tone "chirpy" is not valid`, "neutral, friendly, formal, direct"},
		{"unknown timezone", map[string]string{"dz.yaml": "name: A\ntimezone: Mars/Olympus\n"},
			"ws/dz.yaml:2:11", `timezone "Mars/Olympus" is not known`, "IANA"},
		{"missing required name", map[string]string{"dz.yaml": "founder: Dana\n"},
			"ws/dz.yaml:1:1", `dz.yaml is missing "name"`, "add `name: …`"},
		{"last risk level has when", map[string]string{"dz.yaml": "name: A\nrisk:\n  - name: high\n    when: facts.amount > 10\n    threshold: 0.9\n"},
			"ws/dz.yaml:3:5", `the last risk level "high" has a when`, "without when"},
		{"yaml syntax", map[string]string{"dz.yaml": "name: A\nsla: [\n"},
			"ws/dz.yaml:2:6", "invalid YAML", "fix the YAML syntax"},
		{"unparsable date", map[string]string{"policies/refunds.yaml": strings.Replace(baseFiles["policies/refunds.yaml"], "title: Refunds", "title: Refunds\nupdated: 2025-13-45", 1)},
			"ws/policies/refunds.yaml:3:10", `updated "2025-13-45" is not a date`, "YYYY-MM-DD"},
		{"CEL does not compile, trailing space", map[string]string{"policies/refunds.yaml": strings.Replace(baseFiles["policies/refunds.yaml"], "entity.mrr * 2", "entity.mrr * ", 1)},
			"ws/policies/refunds.yaml:8:10", "max does not compile", "CEL over facts"},
		{"CEL in block scalar", map[string]string{"policies/refunds.yaml": strings.Replace(baseFiles["policies/refunds.yaml"], "    max: entity.mrr * 2\n", "    when: |\n      facts.amount >> 2\n    max: 3\n", 1)},
			"ws/policies/refunds.yaml:8:11", "when does not compile", ""},
		{"unknown rule key", map[string]string{"policies/refunds.yaml": strings.Replace(baseFiles["policies/refunds.yaml"], "param:", "parm:", 1)},
			"ws/policies/refunds.yaml:7:5", `unknown key "parm" in a rule`, `did you mean "param"`},
		{"limit without bounds", map[string]string{"policies/refunds.yaml": strings.Replace(baseFiles["policies/refunds.yaml"], "    max: entity.mrr * 2\n", "", 1)},
			"ws/policies/refunds.yaml:4:5", "a limit rule needs max or min", "add `max: …`"},
		{"hard stop without message", map[string]string{"policies/refunds.yaml": "id: r\ntitle: R\nrules:\n  - id: stop\n    effect: hard_stop\n"},
			"ws/policies/refunds.yaml:4:5", `a hard_stop rule needs "message"`, "add `message: …`"},
		{"require without question", map[string]string{"policies/refunds.yaml": "id: r\ntitle: R\nrules:\n  - {id: need, effect: require, fact: charge_date}\n"},
			"ws/policies/refunds.yaml:4:5", `a require rule needs "question"`, ""},
		{"key the effect does not use", map[string]string{"policies/refunds.yaml": "id: r\ntitle: R\nrules:\n  - id: stop\n    effect: hard_stop\n    message: no\n    max: 3\n"},
			"ws/policies/refunds.yaml:7:10", `"max" is not used by a hard_stop rule`, "limit"},
		{"unknown effect", map[string]string{"policies/refunds.yaml": "id: r\ntitle: R\nrules:\n  - id: x\n    effect: block\n"},
			"ws/policies/refunds.yaml:5:13", `effect "block" is not valid`, "hard_stop, refuse, transfer, limit, default, exception, require"},
		{"duplicate rule id", map[string]string{"policies/refunds.yaml": "id: r\ntitle: R\nrules:\n  - {id: x, effect: exception, action: refund}\n  - {id: x, effect: exception, action: credit}\n"},
			"ws/policies/refunds.yaml:5:5", `rule id "x" is used twice`, "its own id"},
		{"policy with no rules", map[string]string{"policies/refunds.yaml": "id: r\ntitle: R\nrules: []\n"},
			"ws/policies/refunds.yaml:1:1", `policy "r" has no rules`, ""},
		{"empty policy file", map[string]string{"policies/empty.yaml": "\n"},
			"ws/policies/empty.yaml", "the file is empty", ""},
		{"duplicate policy id", map[string]string{"policies/again.yaml": baseFiles["policies/refunds.yaml"]},
			"ws/policies/refunds.yaml:1:1", `policy id "refunds" is used twice`, "ws/policies/again.yaml:1:1"},
		{"unknown scope profile", map[string]string{"policies/refunds.yaml": "scope: {profiles: [biling]}\n" + baseFiles["policies/refunds.yaml"]},
			"ws/policies/refunds.yaml:1:20", `names profile "biling", which does not exist`, `did you mean "billing"`},
		{"wrong file extension", map[string]string{"policies/notes.txt": "hello"},
			"ws/policies/notes.txt", "notes.txt is not read", ".yaml or .yml"},
		{"dangling precedent entity", map[string]string{"precedents/p.yaml": baseFiles["precedents/p.yaml"] + "entity: nortwind\n"},
			"ws/precedents/p.yaml:7:9", `precedent p1 names entity "nortwind", which does not exist`, `did you mean "northwind"`},
		{"bad resolution", map[string]string{"precedents/p.yaml": strings.Replace(baseFiles["precedents/p.yaml"], "approved", "yes", 1)},
			"ws/precedents/p.yaml:5:13", `resolution "yes" is not valid`, "approved, partial, declined"},
		{"bad fact name", map[string]string{"precedents/p.yaml": baseFiles["precedents/p.yaml"] + "facts:\n  DaysLate: 3\n"},
			"ws/precedents/p.yaml:8:3", `"DaysLate" is not a fact name`, "lower_snake_case"},
		{"entity missing name", map[string]string{"entities/more.yaml": "- id: solo\n  plan: Starter\n"},
			"ws/entities/more.yaml:1:3", `the entity is missing "name"`, ""},
		{"entity bad tone", map[string]string{"entities/more.yaml": "id: solo\nname: Solo\ntone: grumpy\n"},
			"ws/entities/more.yaml:3:7", `tone "grumpy" is not valid`, "empathetic, firm"},
		{"entity text where a list goes", map[string]string{"entities/more.yaml": "id: solo\nname: Solo\nemails: a@b.example\n"},
			"ws/entities/more.yaml:3:9", "emails should be a list, not text", "emails: [a@b.example]"},
		{"csv unknown column", map[string]string{"entities/bulk.csv": "id,name,mmr\nx,X,10\n"},
			"ws/entities/bulk.csv:1:9", `unknown column "mmr"`, `did you mean "mrr"`},
		{"csv bad number", map[string]string{"entities/bulk.csv": "id,name,mrr\nx,X,10\ny,Y,$20\n"},
			"ws/entities/bulk.csv:3:5", `mrr "$20" is not a number`, "plain number"},
		{"csv short row", map[string]string{"entities/bulk.csv": "id,name,mrr\nx,X\n"},
			"ws/entities/bulk.csv:2:1", "the row has 2 cells, the header 3", ""},
		{"csv duplicate of a yaml entity", map[string]string{"entities/bulk.csv": "id,name\nnorthwind,Again\n"},
			"ws/entities/bulk.csv:2:1", `entity id "northwind" is used twice`, "ws/entities/acme.yaml:1:1"},
		{"playbook without front matter", map[string]string{"playbooks/p.md": "# Refunds\n1. Be kind\n"},
			"ws/playbooks/p.md:1:1", "the file has no front matter", "start the file with a line ---"},
		{"playbook unclosed front matter", map[string]string{"playbooks/p.md": "---\nid: p\n"},
			"ws/playbooks/p.md:1:1", "the front matter is never closed", ""},
		{"playbook without steps", map[string]string{"playbooks/p.md": "---\nid: p\ntitle: P\n---\nJust prose.\n"},
			"ws/playbooks/p.md:5", `playbook "p" has no steps`, "numbered list"},
		{"playbook bad CEL", map[string]string{"playbooks/p.md": "---\nid: p\ntitle: P\nwhen: facts.angry ==\n---\n1. Calm down\n"},
			"ws/playbooks/p.md:4:7", "when does not compile", ""},
		{"template body does not parse", map[string]string{"templates/t.md": "---\nid: t\npart: body\n---\nHello {{.Name}}\n\n{{if .Refund}}refund\n"},
			"ws/templates/t.md:8", "the template body does not parse", "{{ … }}"},
		{"template uses an unknown field", map[string]string{"templates/t.md": "---\nid: t\npart: body\n---\nHi {{.FirstName}},\n\n{{.RefundAmount}}\n"},
			"ws/templates/t.md:7", "the template body cannot be rendered", "docs/templates.md"},
		{"template bad part", map[string]string{"templates/t.md": "---\nid: t\npart: footer\n---\nBye\n"},
			"ws/templates/t.md:3:7", `part "footer" is not valid`, "greeting, opening, body, closing"},
		{"template bad tone in list", map[string]string{"templates/t.md": "---\nid: t\npart: closing\ntones: [friendly, chirpy]\n---\nBye\n"},
			"ws/templates/t.md:4:19", `tone "chirpy" is not valid`, ""},
		{"incident ends before start", map[string]string{"sources/inc.yaml": "id: inc\ntitle: Incidents\nkind: incidents\nincidents:\n  - id: i1\n    start: 2025-04-12T14:00:00Z\n    end: 2025-04-12T13:00:00Z\n"},
			"ws/sources/inc.yaml:5:5", `incident "i1" ends before it starts`, ""},
		{"incident affects unknown plan", map[string]string{"sources/inc.yaml": "id: inc\ntitle: Incidents\nincidents:\n  - {id: i1, start: 2025-04-12T14:00:00Z, end: 2025-04-12T15:00:00Z, affects: [Operater]}\n"},
			"ws/sources/inc.yaml:4:80", `names entity or plan "Operater"`, `did you mean "operator"`},
		{"text source in yaml", map[string]string{"sources/s.yaml": "id: s\ntitle: S\nkind: text\nincidents: []\n"},
			"ws/sources/s.yaml:3:7", "a text source cannot be a .yaml file", ".md files"},
		{"tests file not a list", map[string]string{"tests/t.yaml": "name: t\nrequest: hi\n"},
			"ws/tests/t.yaml:1:1", "a tests file should be a list of test cases", "- name: …"},
		{"test names unknown precedent", map[string]string{"tests/t.yaml": "- name: t\n  request: hi\n  expect:\n    outcome: draft\n    precedent: p2\n"},
			"ws/tests/t.yaml:5:16", `test t names precedent "p2", which does not exist`, `did you mean "p1"`},
		{"test entity by e-mail resolves, by typo does not", map[string]string{"tests/t.yaml": "- {name: a, request: hi, entity: ops@northwind.example, expect: {outcome: draft}}\n- {name: b, request: hi, entity: Nothwind, expect: {outcome: draft}}\n"},
			"ws/tests/t.yaml:2:34", `test b names entity "Nothwind"`, ""},
		{"test bad outcome", map[string]string{"tests/t.yaml": "- name: t\n  request: hi\n  expect: {outcome: approve}\n"},
			"ws/tests/t.yaml:3:21", `outcome "approve" is not valid`, "execute, draft, escalate"},
		{"test missing expect", map[string]string{"tests/t.yaml": "- name: t\n  request: hi\n"},
			"ws/tests/t.yaml:1:3", `the test case is missing "expect"`, ""},
		{"test range reversed", map[string]string{"tests/t.yaml": "- name: t\n  request: hi\n  expect:\n    outcome: draft\n    actions: [{type: refund, ranges: {amount: [500, 100]}}]\n"},
			"ws/tests/t.yaml:5:47", "ranges.amount has min 500 above max 100", "smaller number first"},
		{"duplicate test name", map[string]string{"tests/t.yaml": "- {name: t, request: hi, expect: {outcome: draft}}\n- {name: t, request: ho, expect: {outcome: draft}}\n"},
			"ws/tests/t.yaml:2:3", `test id "t" is used twice`, ""},
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

func TestEveryProblemIsReportedAtOnce(t *testing.T) {
	ps := problemsOf(t, workspaceFS(map[string]string{
		"dz.yaml":               "name: A\ntone: loud\nformat: pdf\n",
		"policies/refunds.yaml": "id: r\ntitle: R\nrules:\n  - {id: a, effect: limit, action: refund, param: amount}\n  - {id: b, effect: default, action: refund, params: {amount: facts.amount +}}\n",
		"entities/bulk.csv":     "id,name,mrr\nx,X,ten\n",
		"tests/t.yaml":          "- {name: t, request: hi, entity: nobody, expect: {outcome: maybe}}\n",
	}))
	want := []string{
		"ws/dz.yaml:2:7",
		"ws/dz.yaml:3:9",
		"ws/entities/bulk.csv:2:5",
		"ws/policies/refunds.yaml:4:5",
		"ws/policies/refunds.yaml:5:63",
		"ws/tests/t.yaml:1:34",
		"ws/tests/t.yaml:1:60",
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.Pos.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problem positions, sorted by file, line, col (-want +got):\n%s\nall:\n%s", diff, ps)
	}
}
