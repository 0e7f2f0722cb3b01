package learn

import (
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// AnswerGap turns the founder's answer to one of a decision's context-gap
// questions into the context entry of the gap's type, ready for PutContext:
//
//   - precedent: the decision's case with the answer as its reason; the
//     resolution is the reply (approved, with a reply action), since words
//     cannot size a refund — resolve the decision to teach an amount;
//   - entity: the customer the answer names — a new version of an existing
//     entity (matched by id or name) with the sender's e-mail added, or a
//     new entity with that e-mail (and its domain, unless a webmail one);
//   - policy: the stale policy the gap asks about, marked reviewed today
//     with the answer in its description;
//   - source: a text note holding the question and the answer.
//
// ws is the workspace as it is now: the policy and entity gaps read it
// (nil is fine for the others). EINVALID for an empty answer or a gap id the
// decision does not have; ENOTFOUND when the policy is no longer there.
func AnswerGap(rec *dz.DecisionRecord, gapID, answer string, now time.Time, ws *dz.Workspace) (dz.ContextEntry, error) {
	if rec == nil {
		return dz.ContextEntry{}, dz.Errorf(dz.EINVALID, "no decision to answer a gap of")
	}
	gap, err := findGap(rec, gapID)
	if err != nil {
		return dz.ContextEntry{}, err
	}
	answer = strings.TrimSpace(answer)
	if answer == "" {
		return dz.ContextEntry{}, dz.Errorf(dz.EINVALID, "the answer to %s is empty: write how you would handle it", gapID)
	}
	day := now.UTC().Truncate(time.Second)
	var v any
	switch gap.Type {
	case dz.TypePrecedent:
		v, err = answerPrecedent(rec, gap, answer, day)
	case dz.TypeEntity:
		v, err = answerEntity(rec, answer, day, ws)
	case dz.TypePolicy:
		v, err = answerPolicy(rec, answer, day, ws)
	case dz.TypeSource:
		v = &dz.Source{Meta: dz.Meta{ID: rec.ID + "-" + gap.ID, Tags: []string{"learned"}, Updated: day},
			Title: gap.Question, Kind: "text", Entity: entityOf(rec), Body: answer}
	default:
		err = dz.Errorf(dz.EINVALID, "%s asks for a %s, which answers cannot write", gap.ID, gap.Type)
	}
	if err != nil {
		return dz.ContextEntry{}, err
	}
	return Entry(rec.WorkspaceID, v)
}

// findGap returns the decision's gap with id gapID.
func findGap(rec *dz.DecisionRecord, gapID string) (dz.Gap, error) {
	var ids []string
	for _, g := range rec.Gaps {
		if g.ID == gapID {
			return g, nil
		}
		ids = append(ids, g.ID)
	}
	if len(ids) == 0 {
		return dz.Gap{}, dz.Errorf(dz.EINVALID, "decision %s asks no context-gap questions", rec.ID)
	}
	return dz.Gap{}, dz.Errorf(dz.EINVALID, "decision %s has no gap %q: answer one of %s", rec.ID, gapID, strings.Join(ids, ", "))
}

// answerPrecedent is the case with the founder's words as its reason.
func answerPrecedent(rec *dz.DecisionRecord, gap dz.Gap, answer string, day time.Time) (*dz.Precedent, error) {
	p, err := casePrecedent(rec, rec.ID+"-"+gap.ID, day)
	if err != nil {
		return nil, err
	}
	p.Resolution, p.Actions, p.Reason = dz.ResolutionApproved, []dz.Action{{Type: "reply"}}, answer
	return p, nil
}

// answerPolicy marks the first stale policy the decision read as reviewed.
func answerPolicy(rec *dz.DecisionRecord, answer string, day time.Time, ws *dz.Workspace) (*dz.Policy, error) {
	var id string
	if rec.Trace != nil {
		for _, p := range rec.Trace.Policies {
			if p.Stale {
				id = p.ID
				break
			}
		}
	}
	if ws != nil {
		for _, p := range ws.Policies {
			if p.ID == id && id != "" {
				cp := *p
				cp.Updated = day
				cp.Description = strings.TrimSpace(cp.Description + "\n\nReviewed " + day.Format(time.DateOnly) + ": " + answer)
				return &cp, nil
			}
		}
	}
	return nil, dz.Errorf(dz.ENOTFOUND, "the stale policy %q decision %s read is no longer in the workspace", id, rec.ID)
}
