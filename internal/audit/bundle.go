package audit

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/delegatezero/dz"
)

// BundleFormat names the proof bundle's JSON layout.
const BundleFormat = "dz-audit-bundle/v1"

// Bundle is everything needed to check one decision's record offline: the
// record (some fields possibly redacted), its inclusion proof, a signed
// checkpoint of the log it is in, and the key that signed it. The public
// audit page serves it as JSON; dz audit verify checks it.
type Bundle struct {
	Format     string         `json:"format"` // BundleFormat
	Record     dz.AuditRecord `json:"record"`
	LeafHash   string         `json:"leaf_hash"` // hex; recomputed from the fields when checked
	TreeSize   uint64         `json:"tree_size"`
	Proof      []string       `json:"proof"`      // base64 hashes, leaf to root
	Checkpoint string         `json:"checkpoint"` // signed note of the log at TreeSize
	PublicKey  string         `json:"public_key"` // the verifier key that signed it
}

// NewBundle assembles a bundle for rec from a proof against a signed
// checkpoint of size treeSize.
func NewBundle(rec *dz.AuditRecord, treeSize uint64, proof [][]byte, checkpoint, publicKey string) (*Bundle, error) {
	leaf, err := LeafHash(rec.Fields)
	if err != nil {
		return nil, err
	}
	b := &Bundle{Format: BundleFormat, Record: *rec, LeafHash: hex.EncodeToString(leaf), TreeSize: treeSize,
		Proof: make([]string, len(proof)), Checkpoint: checkpoint, PublicKey: publicKey}
	for i, h := range proof {
		b.Proof[i] = base64.StdEncoding.EncodeToString(h)
	}
	return b, nil
}

// Verification is what a successful check established.
type Verification struct {
	Checkpoint Checkpoint
	LeafHash   []byte
	Shown      int // fields whose value was checked against its commitment
	Redacted   int // fields present only as commitments
}

// Verify checks a bundle: the checkpoint's signature with trustedKey (or,
// when it is "", with the bundle's own key), every shown field against its
// commitment, and the record's inclusion in the checkpoint's tree. The
// error says which step failed.
func Verify(b *Bundle, trustedKey string) (*Verification, error) {
	if b.Format != BundleFormat {
		return nil, fmt.Errorf("format %q is not %s", b.Format, BundleFormat)
	}
	key := trustedKey
	if key != "" && b.PublicKey != "" && b.PublicKey != key {
		return nil, fmt.Errorf("the bundle names the key %s, not the key you trust (%s)", b.PublicKey, key)
	}
	if key == "" {
		key = b.PublicKey
	}
	if key == "" {
		return nil, errors.New("no public key: pass one, or use a bundle that carries one")
	}
	cp, err := OpenCheckpoint(b.Checkpoint, key)
	if err != nil {
		return nil, err
	}
	if cp.Size != b.TreeSize {
		return nil, fmt.Errorf("the proof is for a log of %d records but the checkpoint is of %d", b.TreeSize, cp.Size)
	}
	v := &Verification{Checkpoint: cp}
	for _, f := range b.Record.Fields {
		if err := CheckField(f); err != nil {
			return nil, fmt.Errorf("record %d: %w", b.Record.Index, err)
		}
		if f.Redacted() {
			v.Redacted++
		} else {
			v.Shown++
		}
	}
	if err := checkLabels(&b.Record); err != nil {
		return nil, err
	}
	leaf, err := LeafHash(b.Record.Fields)
	if err != nil {
		return nil, fmt.Errorf("record %d: %w", b.Record.Index, err)
	}
	v.LeafHash = leaf
	if b.LeafHash != "" && b.LeafHash != hex.EncodeToString(leaf) {
		return nil, fmt.Errorf("record %d: the bundle's leaf hash %s is not the hash of its fields (%x)", b.Record.Index, b.LeafHash, leaf)
	}
	proof := make([][]byte, len(b.Proof))
	for i, s := range b.Proof {
		if proof[i], err = base64.StdEncoding.Strict().DecodeString(s); err != nil || len(proof[i]) != HashSize {
			return nil, fmt.Errorf("proof hash %d is not a base64 SHA-256 hash", i)
		}
	}
	if err := VerifyInclusion(b.Record.Index, b.TreeSize, leaf, proof, cp.Root); err != nil {
		return nil, fmt.Errorf("record %d is not in the signed log of %d records: %w", b.Record.Index, b.TreeSize, err)
	}
	return v, nil
}

// checkLabels compares a record's uncommitted labels (decision id,
// workspace id, time) with the fields that commit to them, when shown.
func checkLabels(r *dz.AuditRecord) error {
	for name, want := range map[string]string{
		"decision_id":  strconv.Quote(r.DecisionID),
		"workspace_id": strconv.FormatInt(r.WorkspaceID, 10),
		"created_at":   strconv.Quote(r.CreatedAt.UTC().Format(time.RFC3339Nano)),
	} {
		if f, ok := r.Field(name); ok && !f.Redacted() && f.Value != want {
			return fmt.Errorf("record %d: it says %s %s but is committed to %s", r.Index, name, want, f.Value)
		}
	}
	return nil
}
