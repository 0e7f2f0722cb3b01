// Package engine is DelegateZero's decision pipeline (DESIGN §3): understand
// the request, resolve the entity, derive facts, retrieve context, evaluate
// every in-scope policy, weigh precedents, propose and clamp actions, score
// confidence and risk, decide, and compose the reply. It does no I/O: it works
// on a loaded dz.Workspace and an injected clock, so the same workspace,
// request and time always give the same decision.
package engine

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/policy"
	"github.com/delegatezero/dz/internal/retrieve"
	"github.com/delegatezero/dz/internal/understand"
)

// Version is recorded in every trace so a decision can be replayed on the
// engine that made it.
const Version = "dz-engine/0.1.0"

// Engine decides requests against one workspace. Build it once with New; it
// is safe for concurrent use.
type Engine struct {
	ws        *dz.Workspace
	loc       *time.Location
	index     *retrieve.Index
	analyzer  *understand.Analyzer
	policies  []*compiledPolicy
	playbooks []*compiledPlaybook
	risk      []compiledRisk
	incidents []dz.Incident
	entityMap map[*dz.Entity]map[string]any // the entity CEL variable, built once per entity
	entities  map[string]*dz.Entity         // by id
	kinds     map[string]bool               // entity kinds, for records
	tables    map[string]any                // the tables CEL variable

	corrections atomic.Pointer[correctionSet] // the founder's corrections that count (SetCorrections)
}

type compiledPolicy struct {
	*dz.Policy
	rules []compiledRule
}

type compiledRule struct {
	dz.Rule
	when     *policy.Program // nil means always
	max, min *policy.Program
	params   []compiledParam
}

type compiledParam struct {
	name string
	prg  *policy.Program
}

type compiledPlaybook struct {
	*dz.Playbook
	when *policy.Program
}

type compiledRisk struct {
	dz.RiskLevel
	when *policy.Program
}

// New compiles the workspace's expressions and builds its indexes. A workspace
// that loaded without problems always compiles; the error covers one that was
// built by hand. Options such as WithCorrections apply after the build.
func New(ws *dz.Workspace, opts ...Option) (*Engine, error) {
	loc, err := time.LoadLocation(orDefault(ws.Settings.Timezone, "UTC"))
	if err != nil {
		return nil, dz.Errorf(dz.EINVALID, "dz.yaml timezone %q: %v", ws.Settings.Timezone, err)
	}
	e := &Engine{ws: ws, loc: loc, index: retrieve.New(ws), analyzer: understand.New(ws.Settings.Intents), entityMap: map[*dz.Entity]map[string]any{}}
	var c compiler
	for _, p := range ws.Policies {
		e.policies = append(e.policies, c.policy(p))
	}
	for _, pb := range ws.Playbooks {
		e.playbooks = append(e.playbooks, &compiledPlaybook{Playbook: pb, when: c.expr(pb.When, pb.Pos, "when")})
	}
	for _, r := range ws.Settings.Risk {
		e.risk = append(e.risk, compiledRisk{RiskLevel: r, when: c.expr(r.When, r.Pos, "risk.when")})
	}
	if len(c.problems) > 0 {
		return nil, c.problems
	}
	for _, s := range ws.Sources {
		e.incidents = append(e.incidents, s.Incidents...)
	}
	e.kinds, e.tables = entityKinds(ws.Entities), mergeTables(ws.Policies)
	e.entities = make(map[string]*dz.Entity, len(ws.Entities))
	for _, ent := range ws.Entities {
		e.entityMap[ent] = entityVars(ent)
		e.entities[ent.ID] = ent
	}
	for _, opt := range opts {
		opt(e)
	}
	return e, nil
}

// Workspace returns the workspace the engine decides against.
func (e *Engine) Workspace() *dz.Workspace { return e.ws }

// compiler compiles expressions and collects every problem.
type compiler struct{ problems dz.Problems }

func (c *compiler) expr(src string, pos dz.Pos, field string) *policy.Program {
	if src == "" {
		return nil
	}
	p, err := policy.Compile(src)
	if err != nil {
		c.problems = append(c.problems, dz.Problem{Pos: pos, Message: fmt.Sprintf("%s: %v", field, err), Fix: "fix the CEL expression (docs/workspace.md lists the variables)"})
	}
	return p
}

func (c *compiler) policy(p *dz.Policy) *compiledPolicy {
	cp := &compiledPolicy{Policy: p}
	for _, r := range p.Rules {
		cr := compiledRule{Rule: r, when: c.expr(r.When, r.Pos, "when"), max: c.expr(r.Max, r.Pos, "max"), min: c.expr(r.Min, r.Pos, "min")}
		for _, name := range sortedKeys(r.Params) {
			cr.params = append(cr.params, compiledParam{name: name, prg: c.expr(r.Params[name], r.Pos, "params."+name)})
		}
		cp.rules = append(cp.rules, cr)
	}
	return cp
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
