package dz

import "time"

// Settings is a workspace's dz.yaml: who the founder is, the numbers derived
// facts need, risk levels and thresholds, and reply defaults.
type Settings struct {
	Name        string    `json:"name"`            // company name
	Founder     string    `json:"founder"`         // who signs replies
	Assistant   string    `json:"assistant"`       // who signs with attribution "assistant"
	Currency    string    `json:"currency"`        // ISO code, default USD
	Timezone    string    `json:"timezone"`        // IANA zone for day counts, default UTC
	Clock       time.Time `json:"clock,omitempty"` // fixed "now" for the workspace, if set
	Tone        string    `json:"tone"`            // default register: neutral, friendly, formal or direct
	Attribution string    `json:"attribution"`     // default: user or assistant
	Format      string    `json:"format"`          // default: text, markdown, html or json

	RefundWindowDays int       `json:"refund_window_days"` // default 30
	SLA              SLATerms  `json:"sla"`
	MRRBands         []MRRBand `json:"mrr_bands,omitempty"` // ascending by Below; the last may have Below 0 = no upper bound

	Risk       []RiskLevel        `json:"risk"`                         // first whose When holds wins; the last should have no When
	DraftFloor float64            `json:"draft_floor"`                  // below this confidence a decision escalates
	Confidence map[string]float64 `json:"confidence_weights,omitempty"` // component name → weight

	HalfLifeDays  map[ContextType]float64 `json:"half_life_days,omitempty"` // freshness decay per type
	StalenessDays int                     `json:"staleness_days"`           // policies older than this are flagged

	Intents  []IntentDef `json:"intents,omitempty"`  // workspace-defined intents
	Profiles []Profile   `json:"profiles,omitempty"` // named scopes

	Audit AuditSettings `json:"audit,omitzero"` // what public audit pages show
}

// SLATerms says what uptime the founder promises and what credit a breach earns.
type SLATerms struct {
	TargetPercent float64      `json:"target_percent"` // e.g. 99.9
	Period        string       `json:"period"`         // "month" (calendar month of the incident)
	Credits       []CreditTier `json:"credits"`        // any order; the tier with the lowest Below that uptime is under wins
}

// CreditTier is one row of an SLA credit table: uptime below BelowPercent earns Percent of the period's fee.
type CreditTier struct {
	BelowPercent float64 `json:"below_percent"`
	Percent      float64 `json:"percent"`
}

// MRRBand names a range of monthly recurring revenue: MRR < Below (Below 0 = no bound).
type MRRBand struct {
	Name  string  `json:"name"`
	Below float64 `json:"below"`
}

// RiskLevel is a band of decisions with its own confidence threshold for execute.
type RiskLevel struct {
	Name      string  `json:"name"`
	When      string  `json:"when,omitempty"` // CEL; empty matches everything
	Threshold float64 `json:"threshold"`      // confidence needed to execute
	Pos       Pos     `json:"pos"`
}

// IntentDef adds a workspace-defined intent recognised by its phrases.
type IntentDef struct {
	Name     string   `json:"name"`
	Keywords []string `json:"keywords"`
}

// Profile is a named scope inside a workspace with its own thresholds.
type Profile struct {
	Name       string   `json:"name"`
	Intents    []string `json:"intents,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	DraftFloor float64  `json:"draft_floor,omitempty"`
}

// Workspace is one company's context, as read from a workspace folder.
type Workspace struct {
	Dir        string       `json:"dir"`
	Settings   Settings     `json:"settings"`
	Entities   []*Entity    `json:"entities"`
	Policies   []*Policy    `json:"policies"`
	Precedents []*Precedent `json:"precedents"`
	Playbooks  []*Playbook  `json:"playbooks"`
	Templates  []*Template  `json:"templates"`
	Sources    []*Source    `json:"sources"`
	Tests      []*TestCase  `json:"tests"`
	Hash       string       `json:"hash"` // over every entry's hash and the settings
}
