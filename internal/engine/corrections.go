package engine

import (
	"fmt"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/retrieve"
)

// correctionSimilarity is how similar (by precedent similarity) a request
// must be to a corrected case for the correction to count: near-identical
// cases only, so one edited refund does not hold back every refund.
const correctionSimilarity = 0.8

// Option configures an Engine built by New.
type Option func(*Engine)

// WithCorrections gives a new engine the founder's corrections, as
// SetCorrections does.
func WithCorrections(cs []*dz.Correction) Option {
	return func(e *Engine) { e.SetCorrections(cs) }
}

// correctionSet is the corrections that count, indexed like precedents so
// a request finds the corrected cases it resembles.
type correctionSet struct {
	index *retrieve.Index
	byID  map[string]*dz.Correction // by the id of its stand-in precedent
}

// correctionHit is a corrected case a request resembles.
type correctionHit struct {
	c          *dz.Correction
	similarity float64
}

// SetCorrections replaces the corrections the engine weighs, atomically:
// decisions in flight finish with the set they started with. Only
// corrections made under the engine's own workspace hash count; once the
// context changes, the founder's older corrections no longer apply. Invalid
// corrections are skipped. Safe to call while deciding.
func (e *Engine) SetCorrections(cs []*dz.Correction) {
	set := &correctionSet{byID: map[string]*dz.Correction{}}
	ws := &dz.Workspace{Settings: e.ws.Settings}
	linked := map[string]bool{}
	for i, c := range cs {
		if c == nil || c.Validate() != nil || c.WorkspaceHash != e.ws.Hash {
			continue
		}
		id := fmt.Sprintf("correction-%d", i)
		set.byID[id] = c
		ws.Precedents = append(ws.Precedents, &dz.Precedent{Meta: dz.Meta{ID: id, Updated: c.At}, Date: c.At,
			Entity: c.Entity, Intent: c.Intent, Facts: c.Facts, Resolution: dz.ResolutionDeclined})
		if ent := e.entities[c.Entity]; ent != nil && !linked[c.Entity] {
			ws.Entities, linked[c.Entity] = append(ws.Entities, ent), true
		}
	}
	if len(set.byID) > 0 {
		set.index = retrieve.New(ws)
	}
	e.corrections.Store(set)
}

// corrected returns the corrected cases a decision resembles, most similar
// first.
func (e *Engine) corrected(d *decision, facts map[string]any) []correctionHit {
	set := e.corrections.Load()
	if set == nil || set.index == nil {
		return nil
	}
	var out []correctionHit
	for _, m := range set.index.Precedents(retrieve.PrecedentQuery{Intent: d.intent, Facts: facts, Now: d.now}, precedentsCited) {
		if m.Similarity >= correctionSimilarity && m.Precedent.Intent == d.intent {
			out = append(out, correctionHit{c: set.byID[m.Precedent.ID], similarity: m.Similarity})
		}
	}
	return out
}

// correctionComponent is the recent_corrections confidence component: 1
// with no similar correction, else 1 − the closest one's similarity.
func correctionComponent(hits []correctionHit) (float64, string) {
	if len(hits) == 0 {
		return 1, "no corrections recorded for similar cases"
	}
	return 1 - hits[0].similarity, "the founder corrected similar decisions under this context: " + describeHits(hits)
}

// describeHits names corrected decisions: "dec_1 (edit, similarity 0.97)".
func describeHits(hits []correctionHit) string {
	parts := make([]string, len(hits))
	for i, h := range hits {
		parts[i] = fmt.Sprintf("%s (%s, similarity %.2f)", h.c.DecisionID, h.c.Kind, h.similarity)
	}
	return strings.Join(parts, ", ")
}
