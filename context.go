package dz

import "time"

// ContextType names a kind of context entry.
type ContextType string

// The context entry types a workspace holds.
const (
	TypeEntity    ContextType = "entity"
	TypePolicy    ContextType = "policy"
	TypePrecedent ContextType = "precedent"
	TypePlaybook  ContextType = "playbook"
	TypeTemplate  ContextType = "template"
	TypeSource    ContextType = "source"
)

// ContextTypes lists every context type in a stable order.
var ContextTypes = []ContextType{TypeEntity, TypePolicy, TypePrecedent, TypePlaybook, TypeTemplate, TypeSource}

// Meta is what every context entry carries: identity, version and origin.
type Meta struct {
	ID      string    `json:"id"`
	Tags    []string  `json:"tags,omitempty"`
	Updated time.Time `json:"updated,omitempty"` // when the founder last changed it; drives freshness
	Hash    string    `json:"hash"`              // "sha256:…" of the entry's canonical content; the version
	Pos     Pos       `json:"pos"`               // where it was read from
}

// Entity is a customer, person, vendor or account the founder deals with.
type Entity struct {
	Meta
	Name             string         `json:"name"`
	Kind             string         `json:"kind"` // customer (default), person, vendor, account, or a workspace word
	Plan             string         `json:"plan,omitempty"`
	MRR              float64        `json:"mrr,omitempty"`
	Currency         string         `json:"currency,omitempty"`
	Started          time.Time      `json:"started,omitempty"` // first paid day; tenure counts from here
	Renewal          time.Time      `json:"renewal,omitempty"` // next renewal date
	LastCharge       time.Time      `json:"last_charge,omitempty"`
	LastChargeAmount float64        `json:"last_charge_amount,omitempty"`
	Emails           []string       `json:"emails,omitempty"`
	Domains          []string       `json:"domains,omitempty"`
	Contact          string         `json:"contact,omitempty"` // the person we write to
	Tone             string         `json:"tone,omitempty"`    // handling hint: empathetic or firm
	Notes            string         `json:"notes,omitempty"`   // founder notes that may shape the reply
	InternalNotes    string         `json:"internal_notes,omitempty"`
	OpenIssues       []string       `json:"open_issues,omitempty"`
	PriorEscalations int            `json:"prior_escalations,omitempty"`
	Data             map[string]any `json:"data,omitempty"` // workspace-defined fields and sub-records
}

// Effect is what a policy rule does when its condition holds.
type Effect string

// Policy rule effects.
const (
	EffectHardStop  Effect = "hard_stop" // escalate with the founder's message; nothing executes
	EffectRefuse    Effect = "refuse"    // deny the request under policy; the reply gives the message
	EffectTransfer  Effect = "transfer"  // hand the customer to a human agent (action transfer_to_human)
	EffectLimit     Effect = "limit"     // cap (or floor) a parameter of an action
	EffectDefault   Effect = "default"   // propose an action with parameters
	EffectException Effect = "exception" // precedents may propose an action of this type
	EffectRequire   Effect = "require"   // a fact must be known, or escalate with a question
)

// Effects lists the valid rule effects.
var Effects = []Effect{EffectHardStop, EffectRefuse, EffectTransfer, EffectLimit, EffectDefault, EffectException, EffectRequire}

// ActionTransfer is the action a transfer rule proposes.
const ActionTransfer = "transfer_to_human"

// Scope says which requests a policy applies to. Empty lists match all.
type Scope struct {
	Intents  []string `json:"intents,omitempty"`
	Tags     []string `json:"tags,omitempty"`
	Profiles []string `json:"profiles,omitempty"`
}

// Policy is a set of hard rules the founder never wants crossed.
type Policy struct {
	Meta
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Scope       Scope          `json:"scope"`
	Tables      map[string]any `json:"tables,omitempty"` // lookup tables by name, for the tables CEL variable
	Rules       []Rule         `json:"rules"`
}

// Rule is one condition and effect inside a policy. Expressions are CEL over
// the variables request, intent, facts, entity and now (docs/workspace.md).
type Rule struct {
	ID       string            `json:"id"`
	When     string            `json:"when,omitempty"`     // condition; empty means always
	Effect   Effect            `json:"effect"`             // what happens when When holds
	Message  string            `json:"message,omitempty"`  // the founder's words: a hard stop's reason, a refusal or transfer as the customer reads it
	Action   string            `json:"action,omitempty"`   // action type (limit, default, exception)
	Param    string            `json:"param,omitempty"`    // limited parameter (limit)
	Max      string            `json:"max,omitempty"`      // upper bound expression (limit)
	Min      string            `json:"min,omitempty"`      // lower bound expression (limit)
	Params   map[string]string `json:"params,omitempty"`   // parameter expressions (default)
	Fact     string            `json:"fact,omitempty"`     // the fact that must be known (require)
	Question string            `json:"question,omitempty"` // asked when the fact is missing (require)
	Pos      Pos               `json:"pos"`
}

// Precedent is a past decision: the situation, what was decided and why.
type Precedent struct {
	Meta
	Date       time.Time      `json:"date"`
	Entity     string         `json:"entity,omitempty"` // entity id, if any
	Intent     string         `json:"intent"`
	Summary    string         `json:"summary"`
	Facts      map[string]any `json:"facts,omitempty"` // the case's facts, same names as request facts
	Resolution string         `json:"resolution"`      // approved, partial or declined
	Actions    []Action       `json:"actions,omitempty"`
	Reason     string         `json:"reason,omitempty"`
}

// Precedent resolutions.
const (
	ResolutionApproved = "approved"
	ResolutionPartial  = "partial"
	ResolutionDeclined = "declined"
)

// Playbook is how the founder works through a category of situation.
type Playbook struct {
	Meta
	Title   string   `json:"title"`
	Intents []string `json:"intents,omitempty"` // triggers; empty matches all
	When    string   `json:"when,omitempty"`    // CEL condition on top of the intents
	Tone    string   `json:"tone,omitempty"`    // handling: empathetic or firm
	Steps   []string `json:"steps"`
	Body    string   `json:"body,omitempty"`
}

// Template parts, composed in this order into a reply.
const (
	PartGreeting = "greeting"
	PartOpening  = "opening"
	PartBody     = "body"
	PartClosing  = "closing"
)

// Template is a reusable piece of a reply in the founder's voice. The engine
// picks the best-matching template for each part and renders it with
// text/template over the reply data (docs/workspace.md lists the fields).
type Template struct {
	Meta
	Part     string    `json:"part"`               // greeting, opening, body or closing
	Intents  []string  `json:"intents,omitempty"`  // empty matches all
	Outcomes []Outcome `json:"outcomes,omitempty"` // empty matches all
	Actions  []string  `json:"actions,omitempty"`  // action types that must be decided for it to apply
	Tones    []string  `json:"tones,omitempty"`    // registers it suits; empty matches all
	Handling string    `json:"handling,omitempty"` // empathetic or firm; empty matches both
	Body     string    `json:"body"`
}

// Source is reference material that informs decisions but never directs them.
type Source struct {
	Meta
	Title     string     `json:"title"`
	Kind      string     `json:"kind"` // text, or incidents for an incident log
	Entity    string     `json:"entity,omitempty"`
	Body      string     `json:"body,omitempty"`
	Incidents []Incident `json:"incidents,omitempty"`
}

// Incident is one outage in an incident log.
type Incident struct {
	ID       string    `json:"id"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Severity string    `json:"severity,omitempty"` // e.g. minor, major, critical
	Affects  []string  `json:"affects,omitempty"`  // plans or entity ids; empty means everyone
	DataLoss bool      `json:"data_loss,omitempty"`
	Summary  string    `json:"summary,omitempty"`
}
