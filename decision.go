package dz

import "context"

// Outcome is what DelegateZero does with a request.
type Outcome string

// Outcomes: execute and refuse are autonomous, draft waits for the founder's
// review, escalate hands the case over.
const (
	OutcomeExecute  Outcome = "execute"  // act now
	OutcomeDraft    Outcome = "draft"    // prepared for the founder's one-click review
	OutcomeEscalate Outcome = "escalate" // hand to the founder with questions
	OutcomeRefuse   Outcome = "refuse"   // deny under policy, and tell the customer which rule says so
)

// Outcomes lists every outcome.
var Outcomes = []Outcome{OutcomeExecute, OutcomeDraft, OutcomeEscalate, OutcomeRefuse}

// Decision statuses.
const (
	StatusPending  = "pending"
	StatusComplete = "complete"
	StatusFailed   = "failed"
)

// Decision is the engine's answer. Field names up to PublicAuditURL follow
// the hosted product's public API (DESIGN §5); the rest are our extensions.
type Decision struct {
	ID             string         `json:"id"`
	Status         string         `json:"status"`
	Decision       Outcome        `json:"decision"`
	Confidence     float64        `json:"confidence"`
	Title          string         `json:"title"`
	Summary        string         `json:"summary"`
	Reason         string         `json:"reason"`
	Response       string         `json:"response"`
	ResponseSchema map[string]any `json:"response_schema,omitempty"`
	Suggestion     string         `json:"suggestion,omitempty"`
	AuditURL       string         `json:"audit_url,omitempty"`
	PublicAuditURL string         `json:"public_audit_url,omitempty"`

	Actions   []Action       `json:"actions"`
	Questions []string       `json:"questions,omitempty"`
	Gaps      []Gap          `json:"gaps,omitempty"` // context-gap questions after a low-confidence decision
	RiskLevel string         `json:"risk_level"`
	DryRun    bool           `json:"dry_run,omitempty"`
	Metadata  map[string]any `json:"metadata,omitempty"`
	Trace     *Trace         `json:"trace,omitempty"`
}

// Action is a concrete resolution step: reply, refund{amount}, credit{percent},
// or a workspace-defined type. Numeric parameters are float64.
type Action struct {
	Type   string         `json:"type"`
	Params map[string]any `json:"params,omitempty"`
}

// Decider makes decisions. Decide returns EINVALID for a bad request.
type Decider interface {
	Decide(ctx context.Context, req *Request) (*Decision, error)
}
