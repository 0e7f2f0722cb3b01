package learn

import (
	"cmp"
	"math"
	"slices"

	"github.com/delegatezero/dz"
)

// AutonomyRow says, for one intent and risk level, how often the engine's
// proposals were right: drafts the founder approved without changing
// them, and escalations the founder resolved the way the engine proposed.
// High rates are the case for more autonomy (a lower threshold, a policy).
type AutonomyRow struct {
	Intent    string `json:"intent"`
	RiskLevel string `json:"risk_level"`
	Decisions int    `json:"decisions"` // completed, not dry runs

	Drafts            int     `json:"drafts"`
	DraftsReviewed    int     `json:"drafts_reviewed"`     // with any feedback
	DraftsApproved    int     `json:"drafts_approved"`     // approved and never edited, rejected or overridden
	DraftApprovalRate float64 `json:"draft_approval_rate"` // approved unedited / reviewed; 0 when none was reviewed

	Escalations             int     `json:"escalations"`
	EscalationsResolved     int     `json:"escalations_resolved"`      // resolved or overridden
	EscalationsAsProposed   int     `json:"escalations_as_proposed"`   // resolved as the engine proposed
	EscalationAgreementRate float64 `json:"escalation_agreement_rate"` // as proposed / resolved; 0 when none was resolved
}

// Autonomy counts drafts and escalations by intent × risk level, with the
// founder's feedback on each (by decision id), sorted by intent then risk
// level. A draft counts as approved unedited when its feedback has an
// approve and no edit, reject or override. An escalation counts as resolved
// as proposed when the founder's last resolve or override matches what the
// engine proposed (see AsProposed).
func Autonomy(decisions []*dz.DecisionRecord, feedback map[string][]*dz.Feedback) []AutonomyRow {
	type key struct{ intent, risk string }
	rows := map[key]*AutonomyRow{}
	for _, rec := range decisions {
		if rec == nil || rec.Status != dz.StatusComplete || rec.DryRun {
			continue
		}
		k := key{intentOf(rec), rec.RiskLevel}
		r := rows[k]
		if r == nil {
			r = &AutonomyRow{Intent: k.intent, RiskLevel: k.risk}
			rows[k] = r
		}
		r.Decisions++
		fbs := feedback[rec.ID]
		switch rec.Decision.Decision {
		case dz.OutcomeDraft:
			r.Drafts++
			if len(fbs) > 0 {
				r.DraftsReviewed++
			}
			if approvedUnedited(fbs) {
				r.DraftsApproved++
			}
		case dz.OutcomeEscalate:
			r.Escalations++
			if fb := lastResolution(fbs); fb != nil {
				r.EscalationsResolved++
				if AsProposed(rec, fb) {
					r.EscalationsAsProposed++
				}
			}
		}
	}
	out := make([]AutonomyRow, 0, len(rows))
	for _, r := range rows {
		r.DraftApprovalRate = rate(r.DraftsApproved, r.DraftsReviewed)
		r.EscalationAgreementRate = rate(r.EscalationsAsProposed, r.EscalationsResolved)
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b AutonomyRow) int {
		return cmp.Or(cmp.Compare(a.Intent, b.Intent), cmp.Compare(a.RiskLevel, b.RiskLevel))
	})
	return out
}

// approvedUnedited reports an approve with no edit, reject or override.
func approvedUnedited(fbs []*dz.Feedback) bool {
	approved := false
	for _, fb := range fbs {
		switch fb.Kind {
		case "approve":
			approved = true
		case "edit", "reject", "override":
			return false
		}
	}
	return approved
}

// lastResolution is the newest resolve or override, nil if none.
func lastResolution(fbs []*dz.Feedback) *dz.Feedback {
	var last *dz.Feedback
	for _, fb := range fbs {
		if fb.Kind == "resolve" || fb.Kind == "override" {
			if last == nil || !fb.CreatedAt.Before(last.CreatedAt) {
				last = fb
			}
		}
	}
	return last
}

// AsProposed reports whether the founder's resolve or override of an
// escalation did what the engine proposed. A resolve matches when it took
// the same resolution actions (refund, credit, …; replies aside) with the
// same amounts and percentages to the cent, and did not refuse what the
// engine proposed to grant. An override matches when it lets the engine go
// ahead (execute or draft) with a proposal, or refuses when the engine
// proposed to grant nothing.
func AsProposed(rec *dz.DecisionRecord, fb *dz.Feedback) bool {
	proposed := resolutionActions(ProposedActions(rec))
	switch fb.Kind {
	case "resolve":
		if fb.Outcome == dz.OutcomeRefuse || fb.Outcome == dz.OutcomeEscalate {
			return len(proposed) == 0 && len(resolutionActions(fb.Actions)) == 0
		}
		return sameActions(proposed, resolutionActions(fb.Actions))
	case "override":
		switch fb.Outcome {
		case dz.OutcomeExecute, dz.OutcomeDraft:
			return len(proposed) > 0
		case dz.OutcomeRefuse:
			return len(proposed) == 0
		}
	}
	return false
}

// sameActions compares two sets of actions by type and numeric amount and
// percent, in any order.
func sameActions(a, b []dz.Action) bool {
	if len(a) != len(b) {
		return false
	}
	used := make([]bool, len(b))
next:
	for _, x := range a {
		for i, y := range b {
			if !used[i] && sameAction(x, y) {
				used[i] = true
				continue next
			}
		}
		return false
	}
	return true
}

// sameAction compares type, amount and percent (absent equals absent).
func sameAction(x, y dz.Action) bool {
	if x.Type != y.Type {
		return false
	}
	for _, p := range []string{"amount", "percent"} {
		a, okA := dz.Number(x.Params[p])
		b, okB := dz.Number(y.Params[p])
		if okA != okB || okA && math.Abs(a-b) > cent {
			return false
		}
	}
	return true
}

// rate is n/of, 0 when of is 0, to 3 places.
func rate(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return math.Round(float64(n)/float64(of)*1000) / 1000
}
