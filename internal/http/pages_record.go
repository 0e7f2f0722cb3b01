package http

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// The field values below mirror the JSON that internal/audit commits to
// (docs/audit.md lists the fields): the pages read them back from the
// record, never from the live decision, so what they show is what verifies.

// outcomeField is the "outcome" field.
type outcomeField struct {
	Decision   dz.Outcome `json:"decision"`
	Confidence float64    `json:"confidence"`
	RiskLevel  string     `json:"risk_level"`
	Title      string     `json:"title"`
	Summary    string     `json:"summary"`
	Reason     string     `json:"reason"`
}

// ruleField is a "rule/POLICY/RULE" field: a rule's result with the
// founder's words for it.
type ruleField struct {
	Policy  string    `json:"policy"`
	Rule    string    `json:"rule"`
	Effect  dz.Effect `json:"effect"`
	When    string    `json:"when"`
	Holds   bool      `json:"holds"`
	Message string    `json:"message"`
	Detail  string    `json:"detail"`
	Error   string    `json:"error"`
}

// contextField is a "context/TYPE/ID" field: an entry the decision read;
// a policy's carries its title and description.
type contextField struct {
	Type        dz.ContextType `json:"type"`
	ID          string         `json:"id"`
	Version     int            `json:"version"`
	Used        string         `json:"used"`
	Title       string         `json:"title"`
	Description string         `json:"description"`
}

// precedentField is a "precedent/ID" field: a cited past case.
type precedentField struct {
	ID         string      `json:"id"`
	Similarity float64     `json:"similarity"`
	Resolution string      `json:"resolution"`
	Actions    []dz.Action `json:"actions"`
}

// policyView is one policy on a page, with the rules that held.
type policyView struct {
	ID, Title, Description string
	Held                   []ruleField
	Others                 int // other rules checked: not holding, or a requirement met
}

// withheldField is a field the page does not show: its commitment only.
type withheldField struct {
	Name, Commitment string
}

// shownField is a field shown as its committed JSON text.
type shownField struct {
	Name, Value string
}

// auditView is a decision's audit record as the customer's page shows it.
type auditView struct {
	URL, DecisionID string
	CreatedAt       time.Time
	Outcome         *outcomeField
	Request, Reply  *string
	Actions         []string
	Questions       []string
	Policies        []policyView
	Applied         bool // some rule held
	Context         []contextField
	Facts           []dz.Fact
	Precedents      []precedentField
	Steps           []string
	Withheld        []withheldField
	Others          []shownField // shown fields the page has no section for
	Verify          verifyView
}

// add files a shown field under its section; a field it cannot read is
// listed with the others, as its JSON text.
func (v *auditView) add(f dz.AuditField) {
	kind, _, _ := strings.Cut(f.Name, "/")
	ok := true
	switch kind {
	case "outcome":
		v.Outcome = new(outcomeField)
		ok = decodeField(f, v.Outcome)
	case "request":
		if f.Name == "request/message" {
			v.Request = new(string)
			ok = decodeField(f, v.Request)
		} else {
			ok = false
		}
	case "reply":
		v.Reply = new(string)
		ok = decodeField(f, v.Reply)
	case "actions":
		var as []dz.Action
		if ok = decodeField(f, &as); ok {
			for _, a := range as {
				v.Actions = append(v.Actions, actionWords(a))
			}
		}
	case "questions":
		ok = decodeField(f, &v.Questions)
	case "steps":
		ok = decodeField(f, &v.Steps)
	case "rule":
		var rf ruleField
		if ok = decodeField(f, &rf); ok {
			v.addRule(rf)
		}
	case "context":
		var c contextField
		if ok = decodeField(f, &c); ok {
			v.Context = append(v.Context, c)
		}
	case "fact":
		var fact dz.Fact
		if ok = decodeField(f, &fact); ok {
			v.Facts = append(v.Facts, fact)
		}
	case "precedent":
		var p precedentField
		if ok = decodeField(f, &p); ok {
			v.Precedents = append(v.Precedents, p)
		}
	case "decision_id", "created_at":
		// shown in the page's heading and the verify panel
	default:
		ok = false
	}
	if !ok {
		v.Others = append(v.Others, shownField{Name: f.Name, Value: f.Value})
	}
}

// addRule files a rule under its policy.
func (v *auditView) addRule(r ruleField) {
	i := slices.IndexFunc(v.Policies, func(p policyView) bool { return p.ID == r.Policy })
	if i < 0 {
		p := policyView{ID: r.Policy}
		for _, c := range v.Context { // "context/…" sorts before "rule/…": the policy's words are in
			if c.Type == dz.TypePolicy && c.ID == r.Policy {
				p.Title, p.Description = c.Title, c.Description
			}
		}
		v.Policies = append(v.Policies, p)
		i = len(v.Policies) - 1
	}
	if r.Holds && !metRequirement(r.Effect, r.Detail) {
		v.Applied = true
		v.Policies[i].Held = append(v.Policies[i].Held, r)
	} else {
		v.Policies[i].Others++
	}
}

// metRequirement reports whether a rule that held is a requirement the
// decision met: a check, not a rule that shaped the outcome.
func metRequirement(e dz.Effect, detail string) bool {
	return e == dz.EffectRequire && !strings.HasPrefix(detail, "missing")
}

// finish orders the sections: policies that applied first, precedents by
// similarity.
func (v *auditView) finish() {
	sort.SliceStable(v.Policies, func(i, j int) bool { return len(v.Policies[i].Held) > 0 && len(v.Policies[j].Held) == 0 })
	sort.SliceStable(v.Precedents, func(i, j int) bool { return v.Precedents[i].Similarity > v.Precedents[j].Similarity })
}

// decodeField reads a field's committed JSON text into out.
func decodeField(f dz.AuditField, out any) bool {
	return json.Unmarshal([]byte(f.Value), out) == nil
}

// outcomeWords says what an outcome means, for a customer.
var outcomeWords = map[dz.Outcome]string{
	dz.OutcomeExecute:  "Handled: decided and carried out under the company's policy.",
	dz.OutcomeDraft:    "Drafted: a reply was prepared for a person at the company to check before it is sent.",
	dz.OutcomeEscalate: "Passed to a person: the company decides this one itself.",
	dz.OutcomeRefuse:   "Declined under the company's policy.",
}

// actionWords says an action in a line: its type and parameters, with an
// amount followed by its currency ("refund: amount 145 USD, percent 50").
func actionWords(a dz.Action) string {
	out := strings.ReplaceAll(a.Type, "_", " ")
	currency, priced := a.Params["currency"].(string)
	_, hasAmount := a.Params["amount"]
	keys := make([]string, 0, len(a.Params))
	for k := range a.Params {
		if k == "currency" && priced && hasAmount {
			continue // said with the amount
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		sep := ", "
		if i == 0 {
			sep = ": "
		}
		out += sep + strings.ReplaceAll(k, "_", " ") + " " + valueWords(a.Params[k])
		if k == "amount" && priced {
			out += " " + currency
		}
	}
	return out
}

// valueWords shows a JSON value: strings as they are, numbers without
// trailing zeros, anything else as compact JSON.
func valueWords(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return trimFloat(x, 3)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "unknown"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// trimFloat formats v with at most prec decimals, without trailing zeros.
func trimFloat(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}
