package dz

import (
	"slices"
	"strings"
	"time"
)

// Resolution is how the founder resolved a decision that came to them:
// what they decided, what they did, what they told the customer and why.
// internal/learn turns it into a precedent, so the next similar request is
// handled the same way.
type Resolution struct {
	Outcome Outcome  `json:"outcome,omitempty"` // what the founder decided; refuse means declined
	Actions []Action `json:"actions,omitempty"` // what the founder did: refund{amount}, credit{percent}, reply…
	Reply   string   `json:"reply,omitempty"`   // the reply as sent
	Note    string   `json:"note,omitempty"`    // why: becomes the precedent's reason
}

// Correction is the founder's correction of a decision: a draft edited or
// rejected, or an outcome overridden. It carries the case (intent, entity,
// facts) so the engine can tell which new requests resemble it, and the
// workspace hash the decision was made under: a correction counts only
// until the context changes.
type Correction struct {
	DecisionID    string         `json:"decision_id"`
	Kind          string         `json:"kind"` // edit, reject or override
	Intent        string         `json:"intent"`
	Entity        string         `json:"entity,omitempty"`
	Facts         map[string]any `json:"facts,omitempty"` // the corrected case's facts, typed as precedent facts
	Outcome       Outcome        `json:"outcome"`         // what the engine decided
	Note          string         `json:"note,omitempty"`
	WorkspaceHash string         `json:"workspace_hash"` // the corrected decision's trace.workspace_hash
	At            time.Time      `json:"at"`
}

// CorrectionKinds are the feedback kinds that correct a decision.
var CorrectionKinds = []string{"edit", "reject", "override"}

// Validate returns EINVALID for a correction the engine cannot use.
func (c *Correction) Validate() error {
	switch {
	case strings.TrimSpace(c.DecisionID) == "":
		return Errorf(EINVALID, "a correction needs the id of the decision it corrects")
	case !slices.Contains(CorrectionKinds, c.Kind):
		return Errorf(EINVALID, "correction kind %q is not one of %s", c.Kind, strings.Join(CorrectionKinds, ", "))
	case strings.TrimSpace(c.Intent) == "":
		return Errorf(EINVALID, "correction of %s has no intent", c.DecisionID)
	case c.WorkspaceHash == "":
		return Errorf(EINVALID, "correction of %s has no workspace hash", c.DecisionID)
	}
	return nil
}
