package audit

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/delegatezero/dz"
)

// Input is what a decision's audit record is made of.
type Input struct {
	Decision *dz.DecisionRecord
	// Versions maps "TYPE/ID" to the stored version of each context entry
	// the decision's engine was built from.
	Versions map[string]int
	// Workspace is the context the decision was made with: it gives the
	// policies' titles and the founder's words for each rule.
	Workspace *dz.Workspace
}

// ruleValue is a policy rule's result as the record keeps it. The
// policy's title, description, version and hash are in its
// "context/policy/ID" field, once for all its rules.
type ruleValue struct {
	Policy  string    `json:"policy"`
	Rule    string    `json:"rule"`
	Effect  dz.Effect `json:"effect"`
	When    string    `json:"when,omitempty"`
	Holds   bool      `json:"holds"`
	Message string    `json:"message,omitempty"`
	Detail  string    `json:"detail,omitempty"`
	Error   string    `json:"error,omitempty"`
}

// contextValue is one context entry the decision considered; a policy's
// also carries its title and description, the plain words its rules'
// results are read with.
type contextValue struct {
	Type        dz.ContextType `json:"type"`
	ID          string         `json:"id"`
	Version     int            `json:"version,omitempty"` // 0 when the entry was not read from a store
	Hash        string         `json:"hash"`
	Score       float64        `json:"score,omitempty"`
	Used        string         `json:"used"` // retrieved, policy, precedent, playbook, record
	Title       string         `json:"title,omitempty"`
	Description string         `json:"description,omitempty"`
}

// precedentValue is a cited precedent without its summary, which speaks
// of another customer and is committed separately.
type precedentValue struct {
	ID         string      `json:"id"`
	Hash       string      `json:"hash"`
	Similarity float64     `json:"similarity"`
	Resolution string      `json:"resolution"`
	Actions    []dz.Action `json:"actions,omitempty"`
}

// outcomeValue is the decision itself.
type outcomeValue struct {
	Decision   dz.Outcome `json:"decision"`
	Confidence float64    `json:"confidence"`
	RiskLevel  string     `json:"risk_level"`
	Title      string     `json:"title"`
	Summary    string     `json:"summary"`
	Reason     string     `json:"reason"`
}

// Build makes a decision's record: every field committed under its own
// salt, sorted by name. Field names are listed in docs/audit.md.
func Build(in Input) (*dz.AuditRecord, error) {
	rec := in.Decision
	if rec == nil || rec.Trace == nil {
		return nil, fmt.Errorf("audit: a decision needs its trace to be recorded")
	}
	b := builder{}
	t := rec.Trace
	b.add("decision_id", rec.ID)
	b.add("workspace_id", rec.WorkspaceID)
	created := rec.CreatedAt.UTC().Truncate(time.Microsecond) // as the stores keep times
	b.add("created_at", created.Format(time.RFC3339Nano))
	b.add("engine_version", t.EngineVersion)
	b.add("workspace_hash", t.WorkspaceHash)

	req := rec.Request
	b.add("request/message", req.Request)
	b.addIf(req.Context.Source != "" || req.Context.Type != "" || req.Context.Entity != "" || req.Context.Data != "" || len(req.Context.Facts) > 0, "request/context", req.Context)
	if in, _ := json.Marshal(req.Instructions); string(in) != "{}" {
		b.add("request/instructions", req.Instructions)
	}
	b.addIf(req.Profile != "", "request/profile", req.Profile)
	b.addIf(len(req.Metadata) > 0, "request/metadata", req.Metadata)
	b.addIf(req.RequestID != "", "request/request_id", req.RequestID)

	b.addIf(t.Entity != nil, "entity", t.Entity)
	for _, f := range t.Facts {
		b.add("fact/"+string(f.Source)+"/"+f.Name, f)
	}
	b.addContext(in, t)
	b.addRules(in, t)
	for _, p := range t.Precedents {
		b.add("precedent/"+p.ID, precedentValue{ID: p.ID, Hash: p.Hash, Similarity: p.Similarity, Resolution: p.Resolution, Actions: p.Actions})
		b.add("precedent-summary/"+p.ID, p.Summary)
	}
	b.add("outcome", outcomeValue{Decision: rec.Decision.Decision, Confidence: rec.Confidence, RiskLevel: rec.RiskLevel,
		Title: rec.Title, Summary: rec.Summary, Reason: rec.Reason})
	b.add("actions", nonNil(rec.Actions))
	b.add("reply", rec.Response)
	b.addIf(len(rec.Questions) > 0, "questions", rec.Questions)
	b.add("steps", nonNil(t.Steps))
	b.add("confidence", nonNil(t.Confidence))
	b.add("would_change", nonNil(t.WouldChange))
	b.addIf(len(t.Warnings) > 0, "warnings", t.Warnings)
	b.add("tone", t.Tone)
	if b.err != nil {
		return nil, b.err
	}
	SortFields(b.fields)
	if _, err := LeafData(b.fields); err != nil {
		return nil, fmt.Errorf("audit: decision %s: %w", rec.ID, err)
	}
	return &dz.AuditRecord{WorkspaceID: rec.WorkspaceID, DecisionID: rec.ID, Fields: b.fields, CreatedAt: created}, nil
}

// addContext records every context entry the decision read, once, with
// the stored version it was.
func (b *builder) addContext(in Input, t *dz.Trace) {
	seen := map[string]bool{}
	add := func(v contextValue) {
		key := string(v.Type) + "/" + v.ID
		if seen[key] {
			return
		}
		seen[key] = true
		v.Version = in.Versions[key]
		b.add("context/"+key, v)
	}
	for _, p := range t.Policies {
		v := contextValue{Type: dz.TypePolicy, ID: p.ID, Hash: p.Hash, Used: "policy"}
		if pol := policyByID(in.Workspace, p.ID); pol != nil {
			v.Title, v.Description = pol.Title, pol.Description
		}
		add(v)
	}
	for _, p := range t.Precedents {
		add(contextValue{Type: dz.TypePrecedent, ID: p.ID, Hash: p.Hash, Score: p.Similarity, Used: "precedent"})
	}
	if t.Playbook != nil {
		add(contextValue{Type: dz.TypePlaybook, ID: t.Playbook.ID, Hash: t.Playbook.Hash, Used: "playbook"})
	}
	for _, r := range t.Records {
		if r.Found {
			add(contextValue{Type: dz.TypeEntity, ID: r.ID, Hash: r.Hash, Used: "record"})
		}
	}
	for _, r := range t.Retrieved {
		add(contextValue{Type: r.Type, ID: r.ID, Hash: r.Hash, Score: r.Score, Used: "retrieved"})
	}
}

// addRules records each evaluated rule with the founder's words for it.
func (b *builder) addRules(in Input, t *dz.Trace) {
	for _, pr := range t.Policies {
		p := policyByID(in.Workspace, pr.ID)
		for _, r := range pr.Rules {
			v := ruleValue{Policy: pr.ID, Rule: r.ID, Effect: r.Effect, When: r.When, Holds: r.Holds, Detail: r.Detail, Error: r.Error}
			if p != nil {
				for _, pr := range p.Rules {
					if pr.ID == r.ID {
						v.Message = pr.Message
					}
				}
			}
			b.add("rule/"+pr.ID+"/"+r.ID, v)
		}
	}
}

// policyByID is the workspace's policy of that id, or nil.
func policyByID(ws *dz.Workspace, id string) *dz.Policy {
	if ws == nil {
		return nil
	}
	for _, p := range ws.Policies {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// builder collects fields, keeping the first encoding error.
type builder struct {
	fields []dz.AuditField
	names  map[string]bool
	buf    bytes.Buffer
	enc    *json.Encoder // writes to buf
	salts  []byte        // fresh randomness, SaltSize bytes per field
	err    error
}

func (b *builder) addIf(ok bool, name string, v any) {
	if ok {
		b.add(name, v)
	}
}

func (b *builder) add(name string, v any) {
	if b.err != nil {
		return
	}
	if b.names == nil {
		b.names = map[string]bool{}
		b.enc = json.NewEncoder(&b.buf)
	}
	name = fieldName(name)
	if b.names[name] {
		return // the first wins: ids are unique within a trace, so this is a repeat
	}
	b.names[name] = true
	b.buf.Reset()
	if err := b.enc.Encode(v); err != nil {
		b.err = fmt.Errorf("audit: field %s: %w", name, err)
		return
	}
	value := string(bytes.TrimSuffix(b.buf.Bytes(), []byte("\n"))) // Encode ends each value with a newline
	if len(b.salts) < SaltSize {
		b.salts = make([]byte, 64*SaltSize)
		rand.Read(b.salts) // crypto/rand.Read never fails
	}
	salt := b.salts[:SaltSize]
	b.salts = b.salts[SaltSize:]
	b.fields = append(b.fields, dz.AuditField{Name: name, Salt: hex.EncodeToString(salt), Value: value, Commitment: Commit(name, salt, value)})
}

// fieldName makes an id usable in a field name: spaces and control
// characters become '_'.
func fieldName(s string) string {
	if validName(s) {
		return s
	}
	out := []rune(s)
	for i, r := range out {
		if r <= ' ' || r == 0x7f || !validName(string(r)) {
			out[i] = '_'
		}
	}
	return string(out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
