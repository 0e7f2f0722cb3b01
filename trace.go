package dz

import "time"

// Trace records how a decision was made, stage by stage (DESIGN §3).
type Trace struct {
	EngineVersion string    `json:"engine_version"`
	WorkspaceHash string    `json:"workspace_hash"`
	Now           time.Time `json:"now"`

	Intents     []IntentScore       `json:"intents"`
	Entity      *EntityMatch        `json:"entity,omitempty"`
	Records     []RecordUse         `json:"records,omitempty"` // sub-records the request's ids named
	Facts       []Fact              `json:"facts"`
	Retrieved   []Retrieved         `json:"retrieved"`
	Policies    []PolicyResult      `json:"policies"`
	Precedents  []PrecedentCitation `json:"precedents"`
	Playbook    *PlaybookUse        `json:"playbook,omitempty"`
	Proposals   []string            `json:"proposals"`          // how the actions came to be: proposed, scaled, clamped
	Proposed    []Action            `json:"proposed,omitempty"` // on an escalation, the actions the engine would have taken (the decision carries none)
	Confidence  []Component         `json:"confidence"`
	Risk        RiskUse             `json:"risk"`
	Steps       []string            `json:"steps"`        // the decide stage's reasoning, in order
	WouldChange []string            `json:"would_change"` // the nearest thresholds, limits or rules that would flip the outcome
	Tone        ToneUse             `json:"tone"`
	Templates   []string            `json:"templates,omitempty"` // template ids used, in reply order
	Warnings    []string            `json:"warnings,omitempty"`
}

// IntentScore is one candidate intent with its classifier score.
type IntentScore struct {
	Name     string   `json:"name"`
	Score    float64  `json:"score"`
	Evidence []string `json:"evidence,omitempty"` // the words that pointed to it
}

// EntityMatch says which entity the request is about and how it was found.
type EntityMatch struct {
	ID         string  `json:"id"`
	Name       string  `json:"name"`
	MatchedBy  string  `json:"matched_by"` // id, email, domain, name, caller
	Confidence float64 `json:"confidence"`
}

// RecordUse is an entity a request named by id (reservation_id, order_id…),
// loaded as records.KIND; Found is false when no entity has that id.
type RecordUse struct {
	Name  string `json:"name"` // the CEL name: records.NAME
	Fact  string `json:"fact"` // the fact that named it, e.g. reservation_id
	ID    string `json:"id"`
	Hash  string `json:"hash,omitempty"`
	Found bool   `json:"found"`
}

// Retrieved is one context entry the retrieval stage scored.
type Retrieved struct {
	Type      ContextType `json:"type"`
	ID        string      `json:"id"`
	Hash      string      `json:"hash"`
	Relevance float64     `json:"relevance"`
	Freshness float64     `json:"freshness"`
	Score     float64     `json:"score"`
	Stale     bool        `json:"stale,omitempty"`
}

// PolicyResult is the evaluation of one in-scope policy.
type PolicyResult struct {
	ID    string       `json:"id"`
	Hash  string       `json:"hash"`
	Stale bool         `json:"stale,omitempty"`
	Rules []RuleResult `json:"rules"`
}

// RuleResult is the evaluation of one rule.
type RuleResult struct {
	ID     string `json:"id"`
	Effect Effect `json:"effect"`
	When   string `json:"when,omitempty"`
	Holds  bool   `json:"holds"`            // the condition was true
	Error  string `json:"error,omitempty"`  // why it could not be evaluated
	Detail string `json:"detail,omitempty"` // what the effect did, e.g. "limit amount ≤ 580"
}

// PrecedentCitation is a similar past case the decision leaned on.
type PrecedentCitation struct {
	ID         string             `json:"id"`
	Hash       string             `json:"hash"`
	Similarity float64            `json:"similarity"`
	Resolution string             `json:"resolution"`
	Summary    string             `json:"summary"`
	Actions    []Action           `json:"actions,omitempty"`
	Features   map[string]float64 `json:"features,omitempty"` // per-feature similarity
}

// PlaybookUse is the playbook that shaped the handling.
type PlaybookUse struct {
	ID    string   `json:"id"`
	Hash  string   `json:"hash"`
	Steps []string `json:"steps"`
}

// Component is one named part of the confidence score.
type Component struct {
	Name   string  `json:"name"`
	Value  float64 `json:"value"`
	Weight float64 `json:"weight"`
	Note   string  `json:"note,omitempty"`
}

// RiskUse is the risk level chosen and its threshold.
type RiskUse struct {
	Level      string  `json:"level"`
	Threshold  float64 `json:"threshold"`
	DraftFloor float64 `json:"draft_floor"`
	Why        string  `json:"why,omitempty"`
}

// ToneUse records the reply's tone and where it came from.
type ToneUse struct {
	Register    string `json:"register"` // neutral, friendly, formal, direct
	Handling    string `json:"handling"` // empathetic or firm
	Attribution string `json:"attribution"`
	Why         string `json:"why,omitempty"`
}
