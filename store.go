package dz

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"time"
)

// WorkspaceInfo is a workspace as a server hosts it: one company, isolated
// from every other in every query.
type WorkspaceInfo struct {
	ID        int64     `json:"id"`
	Slug      string    `json:"slug"` // the workspace's name in URLs and on the command line
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
}

// APIKey is a key a caller presents as "Authorization: Bearer SECRET". Only
// a hash of the secret is stored; the secret is shown once, at creation.
type APIKey struct {
	ID          string     `json:"id"` // public prefix of the secret, e.g. "dzk_3f9a1c2b"
	WorkspaceID int64      `json:"workspace_id"`
	Name        string     `json:"name"`
	Profiles    []string   `json:"profiles,omitempty"` // profiles it may decide under; empty: none but the default
	CreatedAt   time.Time  `json:"created_at"`
	RevokedAt   *time.Time `json:"revoked_at,omitempty"`
}

// ContextEntry is one immutable version of a context entry, stored as the
// JSON of its dz type (Entity, Policy, …) or of Settings for TypeSettings.
type ContextEntry struct {
	WorkspaceID int64           `json:"workspace_id"`
	Type        ContextType     `json:"type"`
	ID          string          `json:"id"`
	Version     int             `json:"version"` // 1, 2, …: each change of Hash makes the next
	Hash        string          `json:"hash"`
	Body        json.RawMessage `json:"body"`
	Deleted     bool            `json:"deleted,omitempty"` // a tombstone: the entry was removed in this version
	CreatedAt   time.Time       `json:"created_at"`
}

// TypeSettings is the context type of a workspace's settings (dz.yaml),
// stored as the single entry with ID "settings".
const TypeSettings ContextType = "settings"

// DecisionRecord is a decision as stored: the decision object plus what the
// server needs to find it again and answer idempotent retries.
type DecisionRecord struct {
	Decision
	WorkspaceID int64     `json:"workspace_id"`
	Request     Request   `json:"request"`
	RequestHash string    `json:"request_hash"` // sha256 of the canonical request; a retry must match it
	Entity      string    `json:"entity,omitempty"`
	Intent      string    `json:"intent,omitempty"` // the classified intent, for filtering
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`

	// Audit, when set on a completed decision being stored, is appended to
	// the workspace's audit log in the same transaction. Stores fill its
	// Index; it is not part of the decision's JSON.
	Audit *AuditRecord `json:"-"`
	// PublicToken, when set on a decision being created, is the secret in
	// its public audit URL (/audit/TOKEN); not part of the decision's JSON.
	PublicToken string `json:"-"`
	// DecisionJSON, when set, is json.Marshal(&rec.Decision), made by
	// whoever made the record and needed it for its answer anyway (set it
	// after the last change to Decision): EncodeDecisionRecord then does
	// not encode the decision, most of the record's bytes, a second time.
	DecisionJSON json.RawMessage `json:"-"`
}

// recordFields are DecisionRecord's JSON fields besides its Decision's.
type recordFields struct {
	WorkspaceID int64     `json:"workspace_id"`
	Request     Request   `json:"request"`
	RequestHash string    `json:"request_hash"`
	Entity      string    `json:"entity,omitempty"`
	Intent      string    `json:"intent,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// EncodeDecisionRecord is the JSON a store keeps for a decision: the same
// object json.Marshal gives, built from rec.DecisionJSON when it is set.
func EncodeDecisionRecord(rec *DecisionRecord) ([]byte, error) {
	dec := bytes.TrimSpace(rec.DecisionJSON)
	if len(dec) < 2 || dec[0] != '{' || dec[len(dec)-1] != '}' {
		return json.Marshal(rec)
	}
	rest, err := json.Marshal(recordFields{WorkspaceID: rec.WorkspaceID, Request: rec.Request, RequestHash: rec.RequestHash,
		Entity: rec.Entity, Intent: rec.Intent, CreatedAt: rec.CreatedAt, UpdatedAt: rec.UpdatedAt})
	if err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(dec)+len(rest))
	out = append(out, dec[:len(dec)-1]...)
	if len(dec) > 2 {
		out = append(out, ',')
	}
	return append(out, rest[1:]...), nil
}

// DecisionFilter selects decisions in a list. Zero fields do not filter.
type DecisionFilter struct {
	WorkspaceID int64
	Outcome     Outcome
	Status      string
	Entity      string
	Intent      string
	Query       string // words the request or decision contains
	Unreviewed  bool   // only decisions with no feedback yet: what waits for the founder
	Since       time.Time
	Until       time.Time // before this instant
	Cursor      string    // from the previous page; "" for the first
	Limit       int       // at most this many; 0 means 50, more than 200 means 200
}

// Feedback is the founder's word on a decision: recorded as a correction.
type Feedback struct {
	ID          int64     `json:"id"`
	WorkspaceID int64     `json:"workspace_id"`
	DecisionID  string    `json:"decision_id"`
	Kind        string    `json:"kind"` // approve, edit, reject or override
	Note        string    `json:"note,omitempty"`
	Outcome     Outcome   `json:"outcome,omitempty"`     // override, resolve: what it should have been
	Response    string    `json:"response,omitempty"`    // edit, resolve: the reply as sent
	Actions     []Action  `json:"actions,omitempty"`     // resolve: what the founder did
	Precedent   string    `json:"precedent,omitempty"`   // resolve: the precedent the case became, if any
	AsProposed  bool      `json:"as_proposed,omitempty"` // resolve, override: the founder did what the engine proposed
	CreatedAt   time.Time `json:"created_at"`
}

// Feedback kinds: approve a draft as is, edit its reply, reject it,
// override the outcome, or resolve an escalation the way the founder did.
var FeedbackKinds = []string{"approve", "edit", "reject", "override", "resolve"}

// AutonomyCount counts one workspace's completed decisions of one intent,
// risk level and outcome, with how the founder reviewed them: the autonomy
// view's numbers, counted by the store so the page stays fast at any size.
type AutonomyCount struct {
	Intent     string  `json:"intent"`
	RiskLevel  string  `json:"risk_level"`
	Outcome    Outcome `json:"outcome"`
	Decisions  int     `json:"decisions"`
	Reviewed   int     `json:"reviewed"`    // with any feedback
	Approved   int     `json:"approved"`    // approved, and never edited, rejected or overridden
	Resolved   int     `json:"resolved"`    // with a resolve or override
	AsProposed int     `json:"as_proposed"` // whose latest resolve or override did what the engine proposed
}

// FeedbackFilter selects a workspace's feedback, newest first.
type FeedbackFilter struct {
	WorkspaceID int64
	Kinds       []string // empty: every kind
	Limit       int      // 0 means 1000
}

// Job is an outbound task written in the same transaction as what caused
// it: a webhook delivery, an async decision. Workers claim due jobs.
type Job struct {
	ID          int64           `json:"id"`
	WorkspaceID int64           `json:"workspace_id"`
	Kind        string          `json:"kind"` // e.g. "webhook", "decide"
	Key         string          `json:"key"`  // unique per workspace and kind: enqueueing twice is a no-op
	Payload     json.RawMessage `json:"payload"`
	RunAt       time.Time       `json:"run_at"`
	Attempts    int             `json:"attempts"`
	LastError   string          `json:"last_error,omitempty"`
	Done        bool            `json:"done"`
}

// WebhookEndpoint is a URL that receives the workspace's events, each POST
// signed with the endpoint's secret. The secret is kept as is (signing
// needs it) and shown to the caller once, at creation.
type WebhookEndpoint struct {
	ID          string    `json:"id"` // e.g. "whk_3f9a1c2b5d7e"
	WorkspaceID int64     `json:"workspace_id"`
	URL         string    `json:"url"`
	Events      []string  `json:"events"` // the events it receives; empty means all
	Secret      string    `json:"secret,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// WebhookDelivery is one attempt to deliver one event to one endpoint: the
// delivery log. StatusCode is 0 when no response came back (Error says why).
type WebhookDelivery struct {
	ID          int64     `json:"id"`
	WorkspaceID int64     `json:"workspace_id"`
	EndpointID  string    `json:"endpoint_id"`
	EventID     string    `json:"event_id"`
	Event       string    `json:"event"`
	Attempt     int       `json:"attempt"` // 1 for the first try
	StatusCode  int       `json:"status_code"`
	Error       string    `json:"error,omitempty"`
	DurationMS  float64   `json:"duration_ms"` // kept to the microsecond
	CreatedAt   time.Time `json:"created_at"`  // when the attempt started
}

// DeliveryFilter selects one endpoint's delivery log, newest first.
type DeliveryFilter struct {
	WorkspaceID int64
	EndpointID  string
	Cursor      string // from the previous page; "" for the first
	Limit       int    // 0 means 50, more than 200 means 200
}

// Store is what a server keeps: workspaces, keys, context versions,
// decisions with their feedback, and the outbound job queue. Every method
// that takes a workspace id reads and writes that workspace only.
// Implementations: internal/sqlite and internal/postgres, held to one
// behaviour by internal/storetest.
type Store interface {
	// CreateWorkspace adds a workspace; ECONFLICT when the slug is taken,
	// EINVALID for a slug that is not lower-case letters, digits and '-'.
	CreateWorkspace(ctx context.Context, slug, name string) (*WorkspaceInfo, error)
	// WorkspaceBySlug returns ENOTFOUND for an unknown slug.
	WorkspaceBySlug(ctx context.Context, slug string) (*WorkspaceInfo, error)

	// CreateKey stores a key whose secret hashes to secretHash.
	CreateKey(ctx context.Context, key *APIKey, secretHash string) error
	// KeyByHash returns the key with this secret hash, ENOTFOUND when there
	// is none or it was revoked.
	KeyByHash(ctx context.Context, secretHash string) (*APIKey, error)
	ListKeys(ctx context.Context, workspaceID int64) ([]*APIKey, error)
	// RevokeKey returns ENOTFOUND for a key of another workspace.
	RevokeKey(ctx context.Context, workspaceID int64, keyID string) error

	// PutContext stores entries whose hash differs from their current
	// version as new versions, in one transaction, and returns how many
	// were new. Deleted entries become tombstones.
	PutContext(ctx context.Context, workspaceID int64, entries []ContextEntry) (int, error)
	// Context returns the current version of every live entry, by type then id.
	Context(ctx context.Context, workspaceID int64) ([]ContextEntry, error)
	// ContextRevision is a number that grows with every new version stored
	// in the workspace (tombstones included) and changes with nothing else:
	// a cheap way to tell whether Context would answer differently.
	ContextRevision(ctx context.Context, workspaceID int64) (int64, error)
	// ContextVersions returns every version of one entry, oldest first,
	// tombstones included; ENOTFOUND when it never existed.
	ContextVersions(ctx context.Context, workspaceID int64, typ ContextType, id string) ([]ContextEntry, error)
	// ContextVersion returns one version of one entry; ENOTFOUND if absent.
	ContextVersion(ctx context.Context, workspaceID int64, typ ContextType, id string, version int) (*ContextEntry, error)

	// CreateDecision stores a decision and its jobs in one transaction. When
	// the request carries a request_id already used in the workspace, it
	// returns the stored decision and created=false if the request hash
	// matches, and ECONFLICT if it does not; concurrent duplicates store
	// exactly one.
	CreateDecision(ctx context.Context, rec *DecisionRecord, jobs []Job) (stored *DecisionRecord, created bool, err error)
	// UpdateDecision replaces a stored decision (an async one completing)
	// and enqueues jobs, in one transaction. ENOTFOUND if absent.
	UpdateDecision(ctx context.Context, rec *DecisionRecord, jobs []Job) error
	// Decision returns ENOTFOUND for an unknown id or another workspace's.
	Decision(ctx context.Context, workspaceID int64, id string) (*DecisionRecord, error)
	// Decisions lists newest first, each without its trace (Decision
	// returns one whole); next is the cursor of the following page, "" at
	// the end.
	Decisions(ctx context.Context, f DecisionFilter) (recs []*DecisionRecord, next string, err error)
	// AddFeedback records feedback on a decision of the same workspace
	// (ENOTFOUND otherwise) and enqueues jobs with it.
	AddFeedback(ctx context.Context, fb *Feedback, jobs []Job) error
	// Feedback lists a decision's feedback, oldest first.
	Feedback(ctx context.Context, workspaceID int64, decisionID string) ([]*Feedback, error)
	// AutonomyCounts counts a workspace's completed decisions by intent,
	// risk level and outcome, with their reviews.
	AutonomyCounts(ctx context.Context, workspaceID int64) ([]AutonomyCount, error)
	// WorkspaceFeedback lists a workspace's feedback newest first: the
	// corrections the engine learns from, and the autonomy view's counts.
	WorkspaceFeedback(ctx context.Context, f FeedbackFilter) ([]*Feedback, error)

	// ClaimJobs marks up to n due jobs of a kind as taken until lease ends
	// and returns them; each job is claimed by one worker at a time.
	ClaimJobs(ctx context.Context, kind string, n int, lease time.Duration) ([]*Job, error)
	// JobCounts counts the jobs not yet done, by kind: the outbound queue's
	// depth, for monitoring.
	JobCounts(ctx context.Context) (map[string]int, error)
	// FinishJob marks a job done, or, with a non-nil failure, records the
	// error and schedules the next attempt at retryAt.
	FinishJob(ctx context.Context, id int64, failure error, retryAt time.Time) error

	// CreateWebhook stores an endpoint with its secret, stamping CreatedAt.
	// EINVALID without an id, URL or secret, ENOTFOUND for an unknown
	// workspace, ECONFLICT when the id is taken.
	CreateWebhook(ctx context.Context, ep *WebhookEndpoint) error
	// Webhooks lists a workspace's endpoints oldest first, secrets included:
	// callers that show them to users must blank them.
	Webhooks(ctx context.Context, workspaceID int64) ([]*WebhookEndpoint, error)
	// Webhook returns one endpoint with its secret; ENOTFOUND for an unknown
	// id or another workspace's.
	Webhook(ctx context.Context, workspaceID int64, id string) (*WebhookEndpoint, error)
	// DeleteWebhook removes an endpoint and its delivery log; ENOTFOUND for
	// an unknown id or another workspace's.
	DeleteWebhook(ctx context.Context, workspaceID int64, id string) error
	// AddDelivery records one delivery attempt and fills d.ID (and
	// CreatedAt when zero). ENOTFOUND when the endpoint is not in
	// d.WorkspaceID (deleted meanwhile), EINVALID for text it cannot keep.
	AddDelivery(ctx context.Context, d *WebhookDelivery) error
	// Deliveries lists an endpoint's attempts newest first; next is the
	// cursor of the following page, "" at the end. ENOTFOUND for an endpoint
	// not in the workspace, EINVALID for a cursor it did not give out.
	Deliveries(ctx context.Context, f DeliveryFilter) (ds []*WebhookDelivery, next string, err error)

	AuditLog
	UserStore

	Close() error
}

// AuditLog is the stores' side of the append-only audit log (internal/audit
// builds the records and proofs). Records are appended only through
// CreateDecision and UpdateDecision; nothing changes one afterwards except
// EraseAuditFields, which keeps every commitment.
type AuditLog interface {
	// Workspaces lists every workspace, oldest first.
	Workspaces(ctx context.Context) ([]*WorkspaceInfo, error)
	// AuditRecord returns a decision's record; ENOTFOUND when it has none
	// (pending, failed or another workspace's).
	AuditRecord(ctx context.Context, workspaceID int64, decisionID string) (*AuditRecord, error)
	// AuditRecords returns up to n records from leaf index from on, in order.
	AuditRecords(ctx context.Context, workspaceID int64, from uint64, n int) ([]*AuditRecord, error)
	// AuditHead returns the log's size and root; size 0 for an empty log.
	AuditHead(ctx context.Context, workspaceID int64) (*AuditHead, error)
	// AuditNodes returns the stored hashes of tree nodes by key (see
	// audit.NodeKey), in the order asked; ENOTFOUND naming a missing one.
	AuditNodes(ctx context.Context, workspaceID int64, keys []int64) ([][]byte, error)
	// AuditSigningKey returns the server's checkpoint signing key, storing
	// the one generate makes when there is none yet; concurrent first calls
	// agree on one key.
	AuditSigningKey(ctx context.Context, generate func() (string, error)) (string, error)
	// AuditLink returns the workspace and decision a public audit token
	// opens; ENOTFOUND when it is unknown or revoked.
	AuditLink(ctx context.Context, token string) (workspaceID int64, decisionID string, err error)
	// SetAuditLink replaces a decision's public token: token "" revokes the
	// link. ENOTFOUND for a decision not in the workspace.
	SetAuditLink(ctx context.Context, workspaceID int64, decisionID, token string) error
	// EraseAuditFields drops the value and salt of the named fields of a
	// decision's record, keeping their commitments so the log still
	// verifies: a customer's erasure request. ENOTFOUND when the record or
	// a field does not exist.
	EraseAuditFields(ctx context.Context, workspaceID int64, decisionID string, names []string) error
}

// ValidateWebhookEndpoint returns EINVALID for an endpoint that cannot be
// stored, and its events as the JSON the stores keep.
func ValidateWebhookEndpoint(ep *WebhookEndpoint) (string, error) {
	if ep.ID == "" || ep.URL == "" || ep.Secret == "" {
		return "", Errorf(EINVALID, "a webhook endpoint needs an id, a URL and a secret")
	}
	if err := CheckText("webhook endpoint", append([]string{ep.ID, ep.URL, ep.Secret}, ep.Events...)...); err != nil {
		return "", err
	}
	events, err := json.Marshal(append([]string{}, ep.Events...))
	return string(events), err // a []string always encodes
}

// DeliveryCursor returns the cursor after a delivery: its id, in base 36.
func DeliveryCursor(id int64) string { return strconv.FormatInt(id, 36) }

// ParseDeliveryCursor returns the delivery id a cursor names; EINVALID if
// it is not one DeliveryCursor made.
func ParseDeliveryCursor(c string) (int64, error) {
	id, err := strconv.ParseInt(c, 36, 64)
	if err != nil || id <= 0 {
		return 0, Errorf(EINVALID, "cursor %q is not one this server gave out", c)
	}
	return id, nil
}
