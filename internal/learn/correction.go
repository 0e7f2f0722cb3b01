package learn

import (
	"slices"

	"github.com/delegatezero/dz"
)

// CorrectionFrom turns feedback that corrects a decision (edit, reject or
// override) into the correction the engine weighs: the decision's case, what
// the engine decided and the workspace hash it decided under. ok is false
// for other feedback (approve, resolve), feedback on another decision, or a
// decision without a trace.
func CorrectionFrom(rec *dz.DecisionRecord, fb *dz.Feedback) (c *dz.Correction, ok bool) {
	if rec == nil || fb == nil || rec.Trace == nil || fb.DecisionID != rec.ID || !slices.Contains(dz.CorrectionKinds, fb.Kind) {
		return nil, false
	}
	c = &dz.Correction{
		DecisionID: rec.ID, Kind: fb.Kind, Intent: intentOf(rec), Entity: entityOf(rec),
		Facts: CaseFacts(rec.Trace), Outcome: rec.Decision.Decision, Note: fb.Note,
		WorkspaceHash: rec.Trace.WorkspaceHash, At: fb.CreatedAt,
	}
	if c.Validate() != nil {
		return nil, false
	}
	return c, true
}
