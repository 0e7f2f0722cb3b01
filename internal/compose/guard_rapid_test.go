package compose

import (
	"encoding/json"
	"fmt"
	"html"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

var (
	genOutcome = rapid.SampledFrom([]dz.Outcome{dz.OutcomeExecute, dz.OutcomeDraft, dz.OutcomeEscalate})
	genType    = rapid.SampledFrom([]string{"refund", "credit", "reply", "cancellation", "discount"})
	// safeFragments never break the guard, whatever the outcome and actions.
	safeFragments = []string{"Thanks for writing in. ", "{{.Topic}} ", "{{with .FirstName}}{{.}}, {{end}}",
		"{{with .Refund}}Refund: {{.}}. {{end}}", "{{with .CreditPercent}}Credit: {{.}}. {{end}}",
		"{{if .HasRefund}}I've issued a refund. {{end}}", "{{if .HasCredit}}Your credit has been applied. {{end}}",
		"We had an outage on 3 March. ", "{{.Signature}}\n", "The refund window is 30 days. "}
	// promiseFragments are promises that need an action of their type.
	promiseFragments = []string{"We'll refund you. ", "I've issued a credit. ", "Your refund has been processed. ",
		"You'll get your money back. ", "We will cancel your plan. ", "I’ve gone ahead and applied a discount. "}
)

// genAction makes an action with a cents amount and/or a whole percent.
func genAction(t *rapid.T) dz.Action {
	params := map[string]any{}
	if rapid.Bool().Draw(t, "has_amount") {
		params["amount"] = float64(rapid.IntRange(1, 2_000_000).Draw(t, "cents")) / 100
	}
	if rapid.Bool().Draw(t, "has_percent") {
		params["percent"] = float64(rapid.IntRange(1, 100).Draw(t, "percent"))
	}
	return dz.Action{Type: genType.Draw(t, "type"), Params: params}
}

// poison returns a money amount and a percentage no action contains.
func poison(t *rapid.T, actions []dz.Action) (string, string) {
	a := allowedValues(actions)
	money := float64(rapid.IntRange(1, 2_000_000).Draw(t, "poison_cents")) / 100
	for _, v := range a.money {
		if math.Abs(v-money) < 0.02 {
			money += 1
		}
	}
	pct := rapid.IntRange(1, 300).Draw(t, "poison_percent")
	for _, v := range a.percents {
		if int(v) == pct {
			pct += 101
		}
	}
	return formatMoney(money, "USD"), fmt.Sprintf("%d%%", pct)
}

// genTemplate makes a template for a part from safe and hostile fragments.
func genTemplate(t *rapid.T, i int, part string, hostile []string) *dz.Template {
	frags := append(append([]string{}, safeFragments...), hostile...)
	var body strings.Builder
	for _, f := range rapid.SliceOfN(rapid.SampledFrom(frags), 1, 5).Draw(t, "fragments") {
		body.WriteString(f)
	}
	tmpl := &dz.Template{Meta: dz.Meta{ID: fmt.Sprintf("t%02d", i)}, Part: part, Body: body.String()}
	if rapid.Bool().Draw(t, "needs_outcome") {
		tmpl.Outcomes = []dz.Outcome{genOutcome.Draw(t, "outcome")}
	}
	if rapid.Bool().Draw(t, "needs_action") {
		tmpl.Actions = []string{genType.Draw(t, "action")}
	}
	return tmpl
}

// plain undoes a format so the guard sees what the customer reads.
func plain(t *rapid.T, response, format string) string {
	switch format {
	case "html":
		return html.UnescapeString(regexp.MustCompile(`</?p>|<br>`).ReplaceAllString(response, ""))
	case "markdown":
		return strings.NewReplacer(`\`, "", "  \n", "\n").Replace(response)
	case "json":
		var parts map[string]string
		if response != "" {
			if err := json.Unmarshal([]byte(response), &parts); err != nil {
				t.Fatalf("json reply does not decode: %v\n%s", err, response)
			}
		}
		var out []string
		for _, k := range []string{"greeting", "opening", "body", "closing"} {
			out = append(out, parts[k])
		}
		return strings.Join(out, "\n\n")
	}
	return response
}

// states reports whether text holds value as a whole number, not as the
// tail of a longer one ("3%" is not in "23%").
func states(text, value string) bool {
	return regexp.MustCompile(`(^|[^\d.,])` + regexp.QuoteMeta(value) + `($|[^\d])`).MatchString(text)
}

var anyAmount = regexp.MustCompile(`[$€£¥]\s?\d|\d\s?%`)

func TestGuardHoldsForGeneratedReplies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		actions := rapid.SliceOfN(rapid.Custom(genAction), 0, 3).Draw(t, "actions")
		outcome := genOutcome.Draw(t, "outcome")
		money, pct := poison(t, actions)
		hostile := append([]string{money + " back to you. ", "a " + pct + " credit. ", "fifty dollars. ",
			"{{printf \"%d%%\" 999}} ", "{{.Nope}}", "{{template \"x\"}}"}, promiseFragments...)
		var templates []*dz.Template
		for i, part := range rapid.SliceOfN(rapid.SampledFrom(partOrder), 0, 8).Draw(t, "parts") {
			templates = append(templates, genTemplate(t, i, part, hostile))
		}
		in := Input{
			Settings:  dz.Settings{Name: "Acme", Founder: "Dana", Assistant: "Sam"},
			Templates: templates,
			Entity:    &dz.Entity{Name: rapid.SampledFrom([]string{"Globex", "Save " + pct + " Ltd", "We'll refund you Inc"}).Draw(t, "company")},
			Intent:    "refund",
			Outcome:   outcome,
			Actions:   actions,
			Reason:    rapid.SampledFrom([]string{"", "Inside the window.", "Owed " + money + "."}).Draw(t, "reason"),
			Instructions: dz.Instructions{
				Format:      rapid.SampledFrom(dz.Formats).Draw(t, "format"),
				MaxLength:   rapid.IntRange(0, 400).Draw(t, "max_length"),
				Attribution: rapid.SampledFrom(dz.Attributions).Draw(t, "attribution"),
			},
		}
		out, err := Compose(in)
		if err != nil {
			t.Fatalf("Compose: %v", err)
		}
		text := plain(t, out.Response, in.Instructions.Format)
		if err := Guard(text, outcome, actions); err != nil {
			t.Fatalf("reply breaks the guard: %v\n%s", err, text)
		}
		if states(text, money) || states(text, pct) || states(text, "999%") {
			t.Fatalf("reply states a poison value (%s or %s):\n%s", money, pct, text)
		}
		if outcome == dz.OutcomeEscalate && anyAmount.MatchString(text) {
			t.Fatalf("escalation states an amount:\n%s", text)
		}
		if max := in.Instructions.MaxLength; max > 0 && runes(out.Response) > max {
			t.Fatalf("reply has %d runes, max_length %d", runes(out.Response), max)
		}
		again, _ := Compose(in)
		if diff := cmp.Diff(out, again); diff != "" {
			t.Fatalf("Compose is not deterministic (-first +second):\n%s", diff)
		}
	})
}

func TestSafeTemplatesAreKept(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		actions := rapid.SliceOfN(rapid.Custom(genAction), 0, 3).Draw(t, "actions")
		var templates []*dz.Template
		for i, part := range partOrder {
			tmpl := genTemplate(t, i, part, nil)
			tmpl.Outcomes, tmpl.Actions = nil, nil
			templates = append(templates, tmpl)
		}
		out, err := Compose(Input{Templates: templates, Intent: "refund", Outcome: genOutcome.Draw(t, "outcome"), Actions: actions,
			Entity: &dz.Entity{Name: "Globex", Contact: "Hank Scorpio"}, Settings: dz.Settings{Founder: "Dana"}})
		if err != nil {
			t.Fatalf("Compose: %v", err)
		}
		if diff := cmp.Diff([]string{"t00", "t01", "t02", "t03"}, out.Templates); diff != "" {
			t.Fatalf("safe templates were dropped (-want +got):\n%s\nwarnings: %v", diff, out.Warnings)
		}
	})
}
