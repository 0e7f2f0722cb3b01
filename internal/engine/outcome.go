package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// verdict is the decide stage's result.
type verdict struct {
	outcome     dz.Outcome
	reason      string
	steps       []string
	questions   []string
	wouldChange []string
}

// riskLevel picks the first risk level whose condition holds. A condition
// that cannot be evaluated (say, no amount is known) does not match.
func (e *Engine) riskLevel(d *decision) dz.RiskUse {
	floor := e.ws.Settings.DraftFloor
	for _, p := range e.ws.Settings.Profiles {
		if p.Name == d.req.Profile && p.DraftFloor > 0 {
			floor = p.DraftFloor
		}
	}
	use := dz.RiskUse{Level: "normal", Threshold: 0.8, DraftFloor: floor, Why: "no risk levels configured"}
	for i, r := range e.risk {
		if r.when == nil {
			use = dz.RiskUse{Level: r.Name, Threshold: r.Threshold, DraftFloor: floor, Why: "default level"}
			break
		}
		ok, err := r.when.Bool(d.vars)
		if err == nil && ok {
			use = dz.RiskUse{Level: r.Name, Threshold: r.Threshold, DraftFloor: floor, Why: r.When}
			break
		}
		if i == len(e.risk)-1 {
			use = dz.RiskUse{Level: r.Name, Threshold: r.Threshold, DraftFloor: floor, Why: "no level's condition held; the last level applies"}
		}
	}
	if t := d.req.Instructions.ConfidenceThreshold; t != nil {
		use.Threshold = *t
		use.Why += "; threshold from instructions.confidence_threshold"
	}
	return use
}

// outcome applies the decision rules in order: guardrails first, then
// confidence against the risk level's threshold and the draft floor.
func (e *Engine) outcome(d *decision, ev *evaluation, pl *plan, c confidence, risk dz.RiskUse) verdict {
	v := verdict{}
	byConfidence := dz.OutcomeEscalate
	switch {
	case c.value >= risk.Threshold:
		byConfidence = dz.OutcomeExecute
	case c.value >= risk.DraftFloor:
		byConfidence = dz.OutcomeDraft
	}
	step := func(format string, args ...any) { v.steps = append(v.steps, fmt.Sprintf(format, args...)) }
	switch {
	case len(ev.stops) > 0:
		v.outcome = dz.OutcomeEscalate
		var msgs []string
		for _, s := range ev.stops {
			msgs = append(msgs, s.message)
			step("hard stop %s holds: %s", s.ref, s.message)
			v.questions = append(v.questions, fmt.Sprintf("Your rule %s says: %q How do you want to handle this one?", s.ref, s.message))
			v.wouldChange = append(v.wouldChange, fmt.Sprintf("without hard stop %s this would be %s (confidence %.2f)", s.ref, byConfidence, c.value))
		}
		v.reason = strings.Join(msgs, " ")
	case len(ev.refusals) > 0:
		v.outcome = byConfidence
		if v.outcome == dz.OutcomeExecute {
			v.outcome = dz.OutcomeRefuse
		}
		var msgs []string
		for _, r := range ev.refusals {
			msgs = append(msgs, r.message)
			step("policy %s refuses the request: %s", r.ref, r.message)
		}
		v.reason = strings.Join(msgs, " ")
		step("confidence %.3f against threshold %.2f (risk %s) and draft floor %.2f → %s", c.value, risk.Threshold, risk.Level, risk.DraftFloor, v.outcome)
		v.wouldChange = append(v.wouldChange, nearestThreshold(c.value, risk)...)
	case d.currencyMismatch != "" && hasResolution(pl.actions):
		v.outcome = dz.OutcomeEscalate
		wrote, billed, _ := strings.Cut(d.currencyMismatch, "|")
		v.reason = fmt.Sprintf("The customer wrote amounts in %s, but the account is billed in %s.", wrote, billed)
		step("currency mismatch: the request names %s, the entity is billed in %s", wrote, billed)
		v.questions = append(v.questions, fmt.Sprintf("The customer wrote amounts in %s, but the account is billed in %s. Which amount, in %s, should I use?", wrote, billed, billed))
		v.wouldChange = append(v.wouldChange, fmt.Sprintf("an amount in %s (context.facts.amount with currency %s) would let the rules decide", billed, billed))
	case d.profile != nil && len(d.profile.Intents) > 0 && !slices.Contains(d.profile.Intents, d.intent):
		v.outcome = dz.OutcomeEscalate
		v.reason = fmt.Sprintf("This reads as a %s request, which the %s profile does not handle.", strings.ReplaceAll(d.intent, "_", " "), d.profile.Name)
		step("intent %s is outside profile %s (%s)", d.intent, d.profile.Name, strings.Join(d.profile.Intents, ", "))
		v.questions = append(v.questions, fmt.Sprintf("This reads as a %s request, outside the %s profile. Who should handle it?", strings.ReplaceAll(d.intent, "_", " "), d.profile.Name))
	case len(d.missingRecords()) > 0:
		v.outcome = dz.OutcomeEscalate
		var ids []string
		for _, r := range d.missingRecords() {
			ids = append(ids, r.Fact+" "+quote(r.ID))
			step("%s %q names no %s in the workspace", r.Fact, r.ID, r.Name)
			v.questions = append(v.questions, recordQuestion(r))
			v.wouldChange = append(v.wouldChange, fmt.Sprintf("an existing %s id in %s would let the rules run", r.Name, r.Fact))
		}
		v.reason = fmt.Sprintf("I could not find %s.", strings.Join(ids, ", "))
	case len(ev.unknown) > 0:
		v.outcome = dz.OutcomeEscalate
		s := ev.unknown[0]
		v.reason = fmt.Sprintf("I could not rule out hard stop %s: %s unknown.", s.ref, factList(s.missing))
		step("hard stop %s could not be evaluated (%s unknown)", s.ref, factList(s.missing))
		for _, f := range s.missing {
			v.questions = append(v.questions, ev.question(f))
			v.wouldChange = append(v.wouldChange, fmt.Sprintf("knowing %s would let hard stop %s be checked", f, s.ref))
		}
	case len(ev.required) > 0:
		v.outcome = dz.OutcomeEscalate
		var facts []string
		for _, r := range ev.required {
			facts = append(facts, r.fact)
			step("rule %s requires %s, which is not known", r.ref, r.fact)
			v.questions = append(v.questions, orDefault(r.question, factQuestion(r.fact)))
			v.wouldChange = append(v.wouldChange, fmt.Sprintf("knowing %s (pass it in context.facts) would let the rules decide", r.fact))
		}
		v.reason = fmt.Sprintf("I need %s before I can decide.", factList(facts))
	case pl.conflict != "":
		v.outcome = dz.OutcomeEscalate
		v.reason = "The policies disagree: " + pl.conflict + "."
		step("conflict: %s", pl.conflict)
		v.questions = append(v.questions, "Which rule should win here: "+pl.conflict+"?")
	case len(pl.unresolved) > 0:
		v.outcome = dz.OutcomeEscalate
		s := pl.unresolved[0]
		v.reason = fmt.Sprintf("I could not check limit %s: %s.", s.ref, s.message)
		step("limit %s could not be checked: %s", s.ref, s.message)
		for _, f := range s.missing {
			v.questions = append(v.questions, ev.question(f))
		}
	default:
		v.outcome = byConfidence
		step("confidence %.3f against threshold %.2f (risk %s) and draft floor %.2f → %s", c.value, risk.Threshold, risk.Level, risk.DraftFloor, byConfidence)
		v.wouldChange = append(v.wouldChange, nearestThreshold(c.value, risk)...)
	}
	v.wouldChange = append(v.wouldChange, pl.clamped...)
	if f := assumedFact(d, pl); f != "" && v.outcome == dz.OutcomeExecute && hasResolution(pl.actions) {
		step("%s was assumed, not named (%s): drafted, so you confirm it before anything is paid", f, d.facts.byName[f].Evidence)
		v.outcome = dz.OutcomeDraft
		v.wouldChange = append(v.wouldChange, fmt.Sprintf("naming %s in the request (or context.facts.%s) would let this execute", f, f))
	}
	if d.senderDoubt != "" && v.outcome == dz.OutcomeExecute {
		step("the sender %s is not a known address of %s: drafted, so you confirm who is asking", d.senderDoubt, d.entity.Name)
		v.outcome = dz.OutcomeDraft
		v.wouldChange = append(v.wouldChange, "a message from one of the customer's known addresses, or context.entity from an authenticated caller, would let this execute")
	}
	if f := pl.followed; f != nil && hasResolution(pl.actions) && v.outcome == dz.OutcomeExecute {
		step("no policy covers %s requests and precedent %s proposed the resolution: drafted, so you confirm it", d.intent, f.Precedent.ID)
		v.outcome = dz.OutcomeDraft
		v.wouldChange = append(v.wouldChange, fmt.Sprintf("a policy for %s requests would let this execute", d.intent))
	}
	if hits := c.corrected; len(hits) > 0 {
		step("you corrected similar decisions under this context: %s; recent_corrections is %.2f", describeHits(hits), c.byName["recent_corrections"])
		if rank(v.outcome) == 0 {
			step("a near-identical case was corrected: drafted, so you review this one before it goes out")
			v.wouldChange = append(v.wouldChange, fmt.Sprintf("without your correction of %s this would be %s", hits[0].c.DecisionID, v.outcome))
			v.outcome = dz.OutcomeDraft
		}
	}
	if pl.cut && v.outcome == dz.OutcomeExecute {
		step("a limit cut what the customer asked for: drafted, so you see the smaller amount before it goes out")
		v.outcome = dz.OutcomeDraft
	}
	if f := d.req.Instructions.Force; f != "" && rank(f) > rank(v.outcome) {
		step("instructions.force lowers %s to %s", v.outcome, f)
		v.outcome = f
	}
	if v.outcome == dz.OutcomeEscalate {
		v.questions = e.escalationQuestions(d, pl, v.questions)
	}
	return v
}

func rank(o dz.Outcome) int {
	switch o {
	case dz.OutcomeExecute, dz.OutcomeRefuse:
		return 0
	case dz.OutcomeDraft:
		return 1
	}
	return 2
}

// nearestThreshold says how far confidence is from flipping the outcome.
func nearestThreshold(c float64, r dz.RiskUse) []string {
	switch {
	case c >= r.Threshold:
		return []string{fmt.Sprintf("confidence %.3f is %.3f above the %.2f execute threshold of risk level %s; below it this would be a draft", c, c-r.Threshold, r.Threshold, r.Level)}
	case c >= r.DraftFloor:
		return []string{
			fmt.Sprintf("confidence %.3f needs +%.3f to reach the %.2f execute threshold of risk level %s", c, r.Threshold-c, r.Threshold, r.Level),
			fmt.Sprintf("%.3f lower, under the draft floor %.2f, this would escalate", c-r.DraftFloor, r.DraftFloor),
		}
	}
	return []string{fmt.Sprintf("confidence %.3f needs +%.3f to reach the draft floor %.2f", c, r.DraftFloor-c, r.DraftFloor)}
}

// escalationQuestions gives the founder 1–3 concrete questions.
func (e *Engine) escalationQuestions(d *decision, pl *plan, qs []string) []string {
	who := "the customer"
	if d.entity != nil {
		who = d.entity.Name
	}
	if len(qs) == 0 || len(qs) < 3 && hasResolution(pl.actions) {
		if a, ok := firstResolution(pl.actions); ok {
			qs = append(qs, fmt.Sprintf("Should I %s for %s?", describeAction(a, d.currency), who))
		} else {
			qs = append(qs, fmt.Sprintf("How do you want to resolve %s's %s request?", who, strings.ReplaceAll(d.intent, "_", " ")))
		}
	}
	if len(qs) < 3 && pl.nearest == nil {
		qs = append(qs, "Is there an earlier case like this one I should follow? Adding it as a precedent lets me handle the next one.")
	}
	if len(qs) > 3 {
		qs = qs[:3]
	}
	return qs
}

func firstResolution(actions []dz.Action) (dz.Action, bool) {
	for _, a := range actions {
		if a.Type != "reply" {
			return a, true
		}
	}
	return dz.Action{}, false
}

// factQuestions phrase the question for a missing fact a founder can answer.
var factQuestions = map[string]string{
	"amount":        "How much is the customer asking for?",
	"charge_date":   "When was the charge the customer is disputing?",
	"plan":          "Which plan is the customer on?",
	"mrr":           "What is the customer's monthly recurring revenue?",
	"incident_date": "When did the outage the customer describes happen?",
}

// question asks for a missing fact in the words of a require rule, if one
// names it, else in the engine's own words.
func (ev *evaluation) question(f string) string {
	for _, r := range ev.required {
		if r.fact == f && r.question != "" {
			return r.question
		}
	}
	return factQuestion(f)
}

func factQuestion(f string) string {
	if q, ok := factQuestions[f]; ok {
		return q
	}
	return fmt.Sprintf("What is the %s for this request? (send it as context.facts.%s)", strings.ReplaceAll(f, "_", " "), f)
}

func factList(fs []string) string {
	if len(fs) == 0 {
		return "a fact"
	}
	return strings.Join(fs, ", ")
}

// assumedFact names a fact the proposed actions were computed from that the
// engine assumed rather than read from the request, the caller or the
// records; "" when there is none.
func assumedFact(d *decision, pl *plan) string {
	for _, name := range sortedKeys(pl.reads) {
		if f, ok := d.facts.byName[name]; ok && f.Source == dz.FromEntity && f.Confidence <= assumedConfidence {
			return name
		}
	}
	return ""
}
