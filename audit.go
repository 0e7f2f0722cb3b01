package dz

import (
	"slices"
	"time"
)

// AuditField is one separately committed part of an audit record: the
// commitment is SHA-256 over a random salt, the field's name and its value
// (docs/audit.md gives the exact bytes). Hiding a field on a page, or
// erasing it on a customer's request, drops Salt and Value and keeps the
// commitment, so the record still verifies.
type AuditField struct {
	Name       string `json:"name"`
	Commitment string `json:"commitment"`      // lower-case hex
	Salt       string `json:"salt,omitempty"`  // lower-case hex of 16 random bytes; "" when hidden or erased
	Value      string `json:"value,omitempty"` // the value's exact JSON text; "" when hidden or erased
}

// Redacted reports whether the field's value is withheld (hidden or erased).
func (f AuditField) Redacted() bool { return f.Value == "" }

// AuditRecord is a decision's entry in its workspace's append-only audit
// log: leaf Index of the workspace's Merkle tree. Records are written in
// the same transaction as the decision and never changed, except that a
// field may be erased.
type AuditRecord struct {
	WorkspaceID int64        `json:"workspace_id"`
	Index       uint64       `json:"index"` // leaf index in the workspace's log, from 0
	DecisionID  string       `json:"decision_id"`
	Fields      []AuditField `json:"fields"`     // sorted by name
	CreatedAt   time.Time    `json:"created_at"` // the decision's time, as its created_at field commits
}

// Field returns the named field, or false.
func (r *AuditRecord) Field(name string) (AuditField, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return AuditField{}, false
}

// AuditHead is the state of a workspace's audit log: how many records it
// holds and the RFC 6962 root hash over them.
type AuditHead struct {
	WorkspaceID int64  `json:"workspace_id"`
	Size        uint64 `json:"size"`
	Root        []byte `json:"root"` // empty for an empty log
}

// AuditSettings say what a decision's public audit page shows. Fields are
// named as in the audit record (docs/audit.md); patterns use path.Match
// syntax, where * does not cross '/'.
type AuditSettings struct {
	Hide []string `json:"hide,omitempty"` // hidden in addition to the defaults
	Show []string `json:"show,omitempty"` // shown although a default hides them
}

// DefaultAuditHidden are the fields a public audit page hides unless the
// workspace's audit.show names them: entity internals (MRR, plan, notes,
// charges), the caller's private context and metadata, other customers'
// cases, and the founder's private reasoning.
var DefaultAuditHidden = []string{
	"request/context", "request/metadata", "request/instructions", "request/profile",
	"entity",
	"fact/entity/*", "fact/*/mrr", "fact/*/amount_at_risk", "fact/*/tenure_months",
	"context/entity/*",
	"precedent-summary/*",
	"confidence", "would_change", "warnings",
}

// OrderNodes returns the hashes of keys in order from what a store found;
// ENOTFOUND naming the first key it did not find. The stores share it.
func OrderNodes(keys []int64, found map[int64][]byte) ([][]byte, error) {
	out := make([][]byte, len(keys))
	for i, k := range keys {
		h, ok := found[k]
		if !ok {
			return nil, Errorf(ENOTFOUND, "audit log node %d (level %d, index %d) is missing", k, k>>48, k&(1<<48-1))
		}
		out[i] = h
	}
	return out, nil
}

// EraseFields drops the value and salt of the named fields of a record,
// keeping their commitments; ENOTFOUND for a name the record lacks.
func EraseFields(r *AuditRecord, names []string) error {
	for _, name := range names {
		i := slices.IndexFunc(r.Fields, func(f AuditField) bool { return f.Name == name })
		if i < 0 {
			return Errorf(ENOTFOUND, "decision %s's audit record has no field %q", r.DecisionID, name)
		}
		r.Fields[i].Salt, r.Fields[i].Value = "", ""
	}
	return nil
}
