package workspace

import (
	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/understand"
)

// Checks for names that parse but silently switch a guardrail off: an
// intent no classifier gives never scopes a policy in, and a limit on an
// action nothing proposes never limits anything.

// knownIntents are the intents a request can be classified as: the
// built-ins and the workspace's own.
func knownIntents(ws *dz.Workspace) []string {
	out := append([]string(nil), understand.Builtin...)
	for _, d := range ws.Settings.Intents {
		out = append(out, d.Name)
	}
	return out
}

// proposedActions are the action types a decision can propose: those of
// default rules, transfer_to_human when a transfer rule exists, and those
// precedents decided (which exception rules draw on).
func proposedActions(ws *dz.Workspace) []string {
	var out []string
	for _, p := range ws.Policies {
		for _, rule := range p.Rules {
			switch rule.Effect {
			case dz.EffectDefault:
				out = append(out, rule.Action)
			case dz.EffectTransfer:
				out = append(out, dz.ActionTransfer)
			}
		}
	}
	for _, p := range ws.Precedents {
		for _, a := range p.Actions {
			out = append(out, a.Type)
		}
	}
	return out
}

// guardFix suggests the nearest known name, or else says what to do.
func guardFix(rf ref, known map[string]map[string]bool, otherwise string) string {
	if fix := refFix(rf, known); fix != refFixNone {
		return fix
	}
	return otherwise
}

// referIntents records each intent named in list n as a reference from from.
func (r *reader) referIntents(n ast.Node, from string) {
	for _, it := range r.seq(n) {
		r.referIntent(it, from)
	}
}

// referIntent records the intent named at n as a reference from from.
// Names that are not lower_snake_case are reported already.
func (r *reader) referIntent(n ast.Node, from string) {
	if s, ok := r.resolve(n).(*ast.StringNode); ok && dz.IsFactName(s.Value) {
		r.refer("intent", s.Value, n, from)
	}
}

// referAction records that a limit or exception rule of policy pid is on
// an action that something must propose.
func (r *reader) referAction(rule dz.Rule, n ast.Node, pid string) {
	if (rule.Effect == dz.EffectLimit || rule.Effect == dz.EffectException) && dz.IsFactName(rule.Action) {
		r.refer("action", rule.Action, n, string(rule.Effect)+" "+pid+"/"+rule.ID)
	}
}

// peek returns the text of key in mapping n, reporting nothing.
func (r *reader) peek(n ast.Node, key string) string {
	if s, ok := r.resolve(r.keys(n)[key]).(*ast.StringNode); ok {
		return s.Value
	}
	return ""
}
