// Package verifyaudit_test runs the standalone Python verifier, written from
// docs/audit.md alone, against bundles the audit package makes: it must accept
// real bundles and reject tampered ones, so the specification and the code
// cannot drift apart unnoticed.
package verifyaudit_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// logSize records make up the test log; the bundles are for leaf proveIndex.
const (
	logSize    = 5
	proveIndex = 2
	origin     = "delegatezero/verifier-test"
)

func TestVerifier(t *testing.T) {
	python := findPython(t)
	signer := newSigner(t)
	other := newSigner(t)
	recs, full, head := buildLog(t, signer)
	redacted := *full
	redacted.Record = *audit.Redact(&recs[proveIndex], dz.AuditSettings{Hide: []string{"request/message", "reply"}})

	tests := []struct {
		name   string
		bundle audit.Bundle
		edit   func(b *audit.Bundle)
		key    string // --key, when set
		want   string // "OK" or the "FAIL step N" prefix expected
		also   string // another part of the output, when set
	}{
		{name: "full", bundle: *full, want: "OK", also: " 0 withheld"},
		{name: "full, pinned key", bundle: *full, key: signer.VerifierKey(), want: "OK"},
		{name: "redacted", bundle: redacted, want: "OK", also: " 3 withheld"}, // request/message, reply, fact/entity/mrr
		{name: "changed value byte", bundle: *full, edit: changeValue("outcome"), want: "FAIL step 3"},
		{name: "changed value byte, redacted", bundle: redacted, edit: changeValue("actions"), want: "FAIL step 3"},
		{name: "changed proof byte", bundle: *full, edit: changeProof(t), want: "FAIL step 6"},
		{name: "changed index", bundle: *full, edit: func(b *audit.Bundle) { b.Record.Index++ }, want: "FAIL step 6"},
		{name: "changed created_at", bundle: *full, edit: func(b *audit.Bundle) { b.Record.CreatedAt = b.Record.CreatedAt.Add(time.Microsecond) }, want: "FAIL step 4"},
		{name: "dropped field", bundle: *full, edit: func(b *audit.Bundle) { b.Record.Fields = b.Record.Fields[1:] }, want: "FAIL step 5"},
		{name: "signed by another key", bundle: *full, edit: resign(t, other, head, false), want: "FAIL step 2"},
		{name: "another key, sent along", bundle: *full, edit: resign(t, other, head, true), key: signer.VerifierKey(), want: "FAIL step 1"},
		{name: "another key, trusted from the bundle", bundle: *full, edit: resign(t, other, head, true), want: "OK"},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := cloneBundle(t, tt.bundle)
			if tt.edit != nil {
				tt.edit(&b)
			}
			path := filepath.Join(dir, fmt.Sprintf("bundle%d.json", i))
			writeJSON(t, path, b)
			ok, out := runVerifier(t, python, path, tt.key)
			if ok != (tt.want == "OK") || !strings.HasPrefix(out, tt.want) || !strings.Contains(out, tt.also) {
				t.Errorf("verify_audit.py = exit ok %v, %q; want output starting %q and holding %q", ok, out, tt.want, tt.also)
			}
		})
	}
}

// TestRedactedHidesValues checks the redacted bundle the verifier accepts
// really holds no value or salt for the hidden fields.
func TestRedactedHidesValues(t *testing.T) {
	recs, _, _ := buildLog(t, newSigner(t))
	red := audit.Redact(&recs[proveIndex], dz.AuditSettings{Hide: []string{"request/message"}})
	for _, f := range red.Fields {
		if f.Name == "request/message" && (f.Value != "" || f.Salt != "") {
			t.Errorf("redacted request/message keeps value %q, salt %q", f.Value, f.Salt)
		}
	}
}

func findPython(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 is required in CI: %v", err)
		}
		t.Skipf("python3 not found: %v", err)
	}
	return p
}

func newSigner(t *testing.T) *audit.Signer {
	t.Helper()
	key, err := audit.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	s, err := audit.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// buildLog appends logSize records to an in-memory log and returns them
// with the full bundle for leaf proveIndex and the log's head.
func buildLog(t *testing.T, signer *audit.Signer) ([]dz.AuditRecord, *audit.Bundle, audit.Checkpoint) {
	t.Helper()
	nodes := map[int64][]byte{}
	var border, root []byte
	var recs []dz.AuditRecord
	for i := range uint64(logSize) {
		rec := newRecord(t, i)
		var added []audit.Node
		var err error
		border, root, added, err = audit.Append(border, i, specLeafHash(rec.Fields))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range added {
			nodes[n.Key] = n.Hash
		}
		recs = append(recs, rec)
	}
	proof, err := audit.InclusionProof(proveIndex, logSize, func(keys []int64) ([][]byte, error) {
		out := make([][]byte, len(keys))
		for i, k := range keys {
			h, ok := nodes[k]
			if !ok {
				return nil, fmt.Errorf("no node %d", k)
			}
			out[i] = h
		}
		return out, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	head := audit.Checkpoint{Origin: origin, Size: logSize, Root: root}
	note, err := signer.Sign(head)
	if err != nil {
		t.Fatal(err)
	}
	b, err := audit.NewBundle(&recs[proveIndex], logSize, proof, note, signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	return recs, b, head
}

// newRecord makes record i with the header fields and a few others,
// including non-ASCII text and a time whose last microsecond digit is 0.
func newRecord(t *testing.T, i uint64) dz.AuditRecord {
	t.Helper()
	created := time.Date(2026, 11, 17, 9, 12, 3, 120430000+int(i)*1000, time.UTC)
	id := fmt.Sprintf("dec_%024x", i+1)
	values := map[string]any{
		"decision_id":       id,
		"workspace_id":      7,
		"created_at":        created,
		"request/message":   fmt.Sprintf("Où est mon remboursement ? 😀 #%d", i),
		"outcome":           map[string]any{"decision": "draft", "confidence": 0.857},
		"actions":           []any{map[string]any{"type": "refund", "params": map[string]any{"amount": 145}}},
		"reply":             "Hi Dana,\n\nI've refunded $145.00.\n",
		"fact/entity/mrr":   290,
		"rule/refunds/late": map[string]any{"held": true, "effect": "allow"},
	}
	var fields []dz.AuditField
	for name, v := range values {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		fields = append(fields, audit.NewField(name, string(raw)))
	}
	slices.SortFunc(fields, func(a, b dz.AuditField) int { return strings.Compare(a.Name, b.Name) })
	return dz.AuditRecord{WorkspaceID: 7, Index: i, DecisionID: id, Fields: fields, CreatedAt: created}
}

// specLeafHash is the leaf hash as docs/audit.md defines it, computed here
// rather than by the audit package so the test log follows the spec.
func specLeafHash(fields []dz.AuditField) []byte {
	var leaf bytes.Buffer
	leaf.WriteString("dz-audit-leaf/v1\n")
	for _, f := range fields { // already sorted by name
		fmt.Fprintf(&leaf, "%s %s\n", f.Commitment, f.Name)
	}
	h := sha256.Sum256(append([]byte{0}, leaf.Bytes()...))
	return h[:]
}

func changeValue(name string) func(b *audit.Bundle) {
	return func(b *audit.Bundle) {
		for i, f := range b.Record.Fields {
			if f.Name == name {
				v := []byte(f.Value)
				v[len(v)/2] ^= 0x01
				b.Record.Fields[i].Value = string(v)
			}
		}
	}
}

func changeProof(t *testing.T) func(b *audit.Bundle) {
	return func(b *audit.Bundle) {
		h, err := base64.StdEncoding.DecodeString(b.Proof[0])
		if err != nil {
			t.Fatal(err)
		}
		h[0] ^= 0x01
		b.Proof[0] = base64.StdEncoding.EncodeToString(h)
	}
}

// resign replaces the checkpoint with the same head signed by other; with
// sendKey the bundle also names other's key as its public_key.
func resign(t *testing.T, other *audit.Signer, head audit.Checkpoint, sendKey bool) func(b *audit.Bundle) {
	return func(b *audit.Bundle) {
		var err error
		if b.Checkpoint, err = other.Sign(head); err != nil {
			t.Fatal(err)
		}
		if sendKey {
			b.PublicKey = other.VerifierKey()
		}
	}
}

func cloneBundle(t *testing.T, b audit.Bundle) audit.Bundle {
	t.Helper()
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	var out audit.Bundle
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func writeJSON(t *testing.T, path string, v any) {
	t.Helper()
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// runVerifier reports whether verify_audit.py accepted the bundle, and its
// output line.
func runVerifier(t *testing.T, python, path, key string) (bool, string) {
	t.Helper()
	args := []string{"verify_audit.py", path}
	if key != "" {
		args = append(args, "--key", key)
	}
	cmd := exec.Command(python, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if _, failed := err.(*exec.ExitError); err != nil && !failed {
		t.Fatalf("running %s: %v", python, err)
	}
	if err != nil && cmd.ProcessState.ExitCode() != 1 {
		t.Fatalf("verify_audit.py exited %d: %s", cmd.ProcessState.ExitCode(), out.String())
	}
	return err == nil, strings.TrimSpace(out.String())
}
