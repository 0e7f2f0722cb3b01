package dz

import "time"

// TestCase is one decision test in a workspace's tests/ folder: a request
// and what the founder expects the engine to decide.
type TestCase struct {
	Name         string         `json:"name"`
	Request      string         `json:"request"`
	Entity       string         `json:"entity,omitempty"`
	Type         string         `json:"type,omitempty"`   // context.type: the caller's label, e.g. cancel_reservation
	Source       string         `json:"source,omitempty"` // context.source
	Data         string         `json:"data,omitempty"`
	Facts        map[string]any `json:"facts,omitempty"`
	Now          time.Time      `json:"now,omitempty"`
	Instructions Instructions   `json:"instructions,omitzero"`
	Profile      string         `json:"profile,omitempty"`
	Expect       Expectation    `json:"expect"`
	Pos          Pos            `json:"pos"`
}

// Expectation is what a test case checks. Empty fields are not checked.
type Expectation struct {
	Outcome          Outcome          `json:"outcome"`
	Intent           string           `json:"intent,omitempty"`
	RiskLevel        string           `json:"risk_level,omitempty"`
	Actions          []ExpectedAction `json:"actions,omitempty"`
	NoActions        []string         `json:"no_actions,omitempty"` // action types that must not appear
	Precedent        string           `json:"precedent,omitempty"`  // must be among those cited
	ResponseContains []string         `json:"response_contains,omitempty"`
	ResponseExcludes []string         `json:"response_excludes,omitempty"`
	Questions        int              `json:"questions,omitempty"` // at least this many
}

// ExpectedAction is an action a test expects, with exact parameters and
// numeric ranges.
type ExpectedAction struct {
	Type   string                `json:"type"`
	Params map[string]any        `json:"params,omitempty"`
	Ranges map[string][2]float64 `json:"ranges,omitempty"` // param → [min, max], inclusive
}
