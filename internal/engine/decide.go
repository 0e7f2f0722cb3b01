package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/policy"
	"github.com/delegatezero/dz/internal/retrieve"
)

// decision is the working state of one request as it moves through the stages.
type decision struct {
	req              *dz.Request
	now              time.Time
	intents          []dz.IntentScore
	intent           string
	intentSet        map[string]bool // every intent strong enough to bring its policies into scope
	tags             map[string]bool
	entity           *dz.Entity
	match            *dz.EntityMatch
	records          map[string]any // records.NAME, by kind
	currencyMismatch string         // "EUR|USD": the customer wrote one currency, the entity is billed in another
	profile          *dz.Profile    // the profile decided under, if any
	senderDoubt      string         // a sender address that is not the named entity's
	recordUses       []dz.RecordUse
	facts            *factSet
	vars             *policy.Vars
	currency         string
	warnings         []string
}

// missing lists the facts an expression reads that are not known.
func (d *decision) missing(p *policy.Program) []string {
	var out []string
	for _, f := range p.Facts() {
		if !d.facts.has(f) {
			out = append(out, f)
		}
	}
	return out
}

// precedentsCited is how many similar precedents a decision cites.
const precedentsCited = 5

// Decide runs the pipeline for req at time now. It returns an EINVALID error
// for a request that fails validation and never panics on any input.
func (e *Engine) Decide(ctx context.Context, req *dz.Request, now time.Time) (*dz.Decision, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	profile, err := e.profile(req.Profile)
	if err != nil {
		return nil, err
	}
	d := e.understand(req, now)
	d.profile = profile
	if profile != nil {
		for _, t := range profile.Tags {
			d.tags[t] = true
		}
	}
	e.resolveEntity(d)
	e.gatherFacts(d)
	facts := d.facts.values() // complete from here on: read, never changed
	d.vars = policy.NewVars(policy.Input{Facts: facts, Entity: e.entityVarsFor(d.entity), Records: d.records,
		Tables: e.tables, Request: requestVars(d), Intent: d.intent, Now: now})

	precedents := e.index.Precedents(retrieve.PrecedentQuery{Intent: d.intent, Facts: facts, Text: req.Request, Now: now}, precedentsCited)
	ev := e.evaluatePolicies(d)
	pb := e.pickPlaybook(d)
	pl := e.propose(d, ev, precedents)
	conf := e.confidence(d, ev, pl, e.corrected(d, facts))
	risk := e.riskLevel(d)
	out := e.outcome(d, ev, pl, conf, risk)

	reply, err := e.compose(d, ev, out, pl, pb)
	if err != nil {
		return nil, err
	}
	priceActions(pl.actions, d.currency)
	tr := &dz.Trace{
		EngineVersion: Version, WorkspaceHash: e.ws.Hash, Now: now,
		Intents: d.intents, Entity: d.match, Records: d.recordUses, Facts: d.facts.list(),
		Retrieved:   e.index.Entries(e.entryQuery(d, precedents)),
		Policies:    ev.results,
		Precedents:  citations(precedents),
		Playbook:    playbookUse(pb),
		Proposals:   pl.notes,
		Confidence:  conf.components,
		Risk:        risk,
		Steps:       out.steps,
		WouldChange: out.wouldChange,
		Tone:        reply.Tone,
		Templates:   reply.Templates,
		Warnings:    append(d.warnings, reply.Warnings...),
	}
	dec := &dz.Decision{
		Status: dz.StatusComplete, Decision: out.outcome, Confidence: conf.value,
		Response: reply.Response, ResponseSchema: reply.ResponseSchema,
		Actions: pl.actions, Questions: out.questions, Gaps: e.gaps(d, ev, pl, conf, risk), RiskLevel: risk.Level,
		DryRun: req.Instructions.DryRun, Metadata: req.Metadata, Trace: tr,
	}
	if out.outcome == dz.OutcomeEscalate || dec.Actions == nil {
		// Nothing is done on an escalation: the proposals stay in the trace
		// and the questions, for the founder to approve.
		if out.outcome == dz.OutcomeEscalate && len(pl.actions) > 0 {
			tr.Proposed = pl.actions
		}
		dec.Actions = []dz.Action{}
	}
	e.describe(dec, d, ev, pl, out)
	dec.ID = decisionID(e.ws.Hash, req, now)
	return dec, nil
}

// priceActions names the currency of every action that carries an amount,
// so the tool that carries out a refund or a credit never has to guess it.
// A currency the rule set itself is kept. The params are this decision's
// own (policy defaults are built per decision and precedents' actions are
// copied by scale), as the limits' clamping already relies on.
func priceActions(actions []dz.Action, currency string) {
	for _, a := range actions {
		if _, ok := a.Params["amount"].(float64); !ok {
			continue
		}
		if _, set := a.Params["currency"]; !set {
			a.Params["currency"] = currency
		}
	}
}

// requestVars is the `request` CEL variable.
func requestVars(d *decision) map[string]any {
	intents := make([]any, len(d.intents))
	for i, s := range d.intents {
		intents[i] = s.Name
	}
	return map[string]any{
		"text": d.req.Request, "data": d.req.Context.Data, "intents": intents,
		"source": d.req.Context.Source, "type": d.req.Context.Type, "profile": d.req.Profile,
	}
}

func (e *Engine) entityVarsFor(ent *dz.Entity) map[string]any {
	if m, ok := e.entityMap[ent]; ok {
		return m
	}
	return entityVars(ent)
}

// decisionID is derived from the workspace, the request and the clock, so the
// same inputs give byte-identical decisions: "dec_", the time in
// milliseconds (11 hex digits), then 13 hex digits of a hash of all three.
// Leading with the time makes ids made one after another sort together,
// so the stores' indexes on decision ids grow at one end; random ids
// changed a different index page on every insert, several per decision.
func decisionID(wsHash string, req *dz.Request, now time.Time) string {
	h := sha256.New()
	h.Write([]byte(wsHash))
	b, _ := json.Marshal(req) // a validated request always marshals
	h.Write(b)
	h.Write([]byte(now.UTC().Format(time.RFC3339Nano)))
	return fmt.Sprintf("dec_%011x%s", max(now.UnixMilli(), 0), hex.EncodeToString(h.Sum(nil))[:13])
}

func citations(ms []retrieve.PrecedentMatch) []dz.PrecedentCitation {
	out := []dz.PrecedentCitation{}
	for _, m := range ms {
		p := m.Precedent
		out = append(out, dz.PrecedentCitation{ID: p.ID, Hash: p.Hash, Similarity: round3(m.Similarity), Resolution: p.Resolution, Summary: p.Summary, Actions: p.Actions, Features: m.Features})
	}
	return out
}

func playbookUse(pb *dz.Playbook) *dz.PlaybookUse {
	if pb == nil {
		return nil
	}
	return &dz.PlaybookUse{ID: pb.ID, Hash: pb.Hash, Steps: pb.Steps}
}

// profile finds the named profile; "" is none. An unknown name is the
// caller's mistake.
func (e *Engine) profile(name string) (*dz.Profile, error) {
	if name == "" {
		return nil, nil
	}
	var names []string
	for i, p := range e.ws.Settings.Profiles {
		if p.Name == name {
			return &e.ws.Settings.Profiles[i], nil
		}
		names = append(names, p.Name)
	}
	if len(names) == 0 {
		return nil, dz.Errorf(dz.EINVALID, "profile %q is not defined: this workspace has no profiles (dz.yaml profiles:)", name)
	}
	return nil, dz.Errorf(dz.EINVALID, "profile %q is not defined: use one of %s (dz.yaml profiles:)", name, strings.Join(names, ", "))
}
