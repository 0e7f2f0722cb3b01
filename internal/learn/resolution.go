package learn

import (
	"slices"

	"github.com/delegatezero/dz"
)

// cent is the slack when comparing money: less than a cent is the same.
const cent = 0.005

// resolutionOf says whether the founder approved, partly approved or
// declined what the case asked for: declined when they refused or granted
// nothing that was asked (a reply alone grants nothing); partial when they
// granted less than the customer asked (a smaller amount or percentage) or
// fewer kinds of action than the engine proposed; else approved.
func resolutionOf(rec *dz.DecisionRecord, res dz.Resolution) string {
	granted := resolutionActions(res.Actions)
	if res.Outcome == dz.OutcomeRefuse {
		return dz.ResolutionDeclined
	}
	asked, askedPct := askedFor(rec.Trace)
	proposed := resolutionActions(ProposedActions(rec))
	if len(granted) == 0 {
		if asked > 0 || askedPct > 0 || len(proposed) > 0 {
			return dz.ResolutionDeclined
		}
		return dz.ResolutionApproved
	}
	for _, a := range granted {
		amount, hasAmount := dz.Number(a.Params["amount"])
		pct, hasPct := dz.Number(a.Params["percent"])
		switch {
		case hasAmount && asked > 0 && amount < asked-cent:
			return dz.ResolutionPartial
		case hasPct && askedPct > 0 && pct < askedPct-cent:
			return dz.ResolutionPartial
		case hasPct && !hasAmount && askedPct == 0 && a.Type == "refund" && pct < 100-cent:
			return dz.ResolutionPartial
		}
	}
	for _, p := range proposed {
		if !slices.ContainsFunc(granted, func(a dz.Action) bool { return a.Type == p.Type }) {
			return dz.ResolutionPartial
		}
	}
	return dz.ResolutionApproved
}

// askedFor is the amount and percentage the customer asked for: the facts
// the caller gave or the text named, not an amount assumed from the
// entity's last charge. 0 when not asked.
func askedFor(tr *dz.Trace) (amount, percent float64) {
	if tr == nil {
		return 0, 0
	}
	for _, f := range tr.Facts {
		if f.Source == dz.FromEntity {
			continue
		}
		v, ok := dz.Number(f.Value)
		switch {
		case !ok || v <= 0:
		case f.Name == "amount":
			amount = v
		case f.Name == "requested_percent":
			percent = v
		}
	}
	return amount, percent
}

// ProposedActions are the actions the engine proposed for a decision: its
// actions, or on an escalation (which carries none) the ones its trace
// says it would have taken.
func ProposedActions(rec *dz.DecisionRecord) []dz.Action {
	if len(rec.Actions) > 0 || rec.Trace == nil {
		return rec.Actions
	}
	return rec.Trace.Proposed
}

// resolutionActions drops replies and declines: what is left resolves the
// case (refund, credit, cancel, …).
func resolutionActions(actions []dz.Action) []dz.Action {
	var out []dz.Action
	for _, a := range actions {
		if a.Type != "reply" && a.Type != "decline" {
			out = append(out, a)
		}
	}
	return out
}
