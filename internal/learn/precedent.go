// Package learn is how DelegateZero learns from the founder: a resolved
// escalation becomes a precedent carrying the case's facts, corrections of
// drafts lower the engine's confidence in similar cases until the context
// changes, answers to context-gap questions become context entries, and the
// autonomy view counts how often the engine's proposals were right.
//
// It is pure Go over dz types: no storage and no HTTP. The server stores
// what it returns with dz.Store.PutContext and rebuilds its engine.
package learn

import (
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// PrecedentFrom turns the founder's resolution of a decision into a
// precedent: the decision's intent, entity and facts (as the precedent
// similarity compares them), a summary from the request, the resolution
// (approved, partial or declined, from what was done compared with what
// was asked), the founder's actions and their note as the reason. Its
// Meta.Hash is the workspace package's content hash, so the entry stores
// with PutContext and reads back with workspace.FromEntries unchanged.
// EINVALID for a bad id, a decision without a trace, or malformed actions.
func PrecedentFrom(rec *dz.DecisionRecord, res dz.Resolution, id string, now time.Time) (*dz.Precedent, error) {
	p, err := casePrecedent(rec, id, now)
	if err != nil {
		return nil, err
	}
	for _, a := range res.Actions {
		if !dz.IsFactName(a.Type) {
			return nil, dz.Errorf(dz.EINVALID, "action type %q is not a name: use lower_snake_case, e.g. refund", a.Type)
		}
		p.Actions = append(p.Actions, dz.Action{Type: a.Type, Params: params(a.Params)})
	}
	if strings.TrimSpace(res.Reply) != "" && !hasType(p.Actions, "reply") {
		p.Actions = append(p.Actions, dz.Action{Type: "reply"})
	}
	p.Resolution = resolutionOf(rec, res)
	p.Reason = strings.TrimSpace(res.Note)
	return p, rehash(p)
}

// casePrecedent is a precedent holding a decision's case and nothing
// decided yet.
func casePrecedent(rec *dz.DecisionRecord, id string, now time.Time) (*dz.Precedent, error) {
	switch {
	case rec == nil || rec.Trace == nil:
		return nil, dz.Errorf(dz.EINVALID, "the decision has no trace to learn the case from")
	case !validID(id):
		return nil, dz.Errorf(dz.EINVALID, "precedent id %q: use letters, digits and - _ . : @ only (at most 128)", id)
	}
	intent := intentOf(rec)
	if intent == "" {
		return nil, dz.Errorf(dz.EINVALID, "decision %s has no intent to learn", rec.ID)
	}
	day := now.UTC().Truncate(time.Second)
	return &dz.Precedent{
		Meta:    dz.Meta{ID: id, Tags: []string{"learned"}, Updated: day},
		Date:    day,
		Entity:  entityOf(rec),
		Intent:  intent,
		Summary: summarize(rec.Request.Request),
		Facts:   CaseFacts(rec.Trace),
	}, nil
}

// intentOf is the decision's classified intent.
func intentOf(rec *dz.DecisionRecord) string {
	if rec.Intent != "" {
		return rec.Intent
	}
	if rec.Trace != nil && len(rec.Trace.Intents) > 0 {
		return rec.Trace.Intents[0].Name
	}
	return ""
}

// entityOf is the id of the entity the decision was about, if any.
func entityOf(rec *dz.DecisionRecord) string {
	if rec.Entity != "" {
		return rec.Entity
	}
	if rec.Trace != nil && rec.Trace.Entity != nil {
		return rec.Trace.Entity.ID
	}
	return ""
}

// maxSummary caps a learned precedent's summary, in bytes.
const maxSummary = 500

// summarize is the request on one line, cut at a word near maxSummary.
func summarize(text string) string {
	s := strings.Join(strings.Fields(text), " ")
	if len(s) <= maxSummary {
		return s
	}
	cut := strings.LastIndexByte(s[:maxSummary], ' ')
	if cut <= 0 {
		cut = maxSummary
	}
	return strings.ToValidUTF8(s[:cut], "") + " …"
}

// validID is the workspace's rule for entry ids.
func validID(id string) bool {
	return id != "" && len(id) <= 128 && !strings.ContainsFunc(id, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.:@", c))
	})
}

func hasType(actions []dz.Action, typ string) bool {
	for _, a := range actions {
		if a.Type == typ {
			return true
		}
	}
	return false
}
