package audit_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// The leaf format is a published spec (docs/audit.md): these vectors were
// computed outside Go (Python's hashlib) from the spec's words, so a change
// to the encoding fails here before it breaks third-party verifiers.
func TestSpecVectors(t *testing.T) {
	salt, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f")
	if got, want := audit.Commit("reply", salt, `"Hello"`), "9fd1f622e78582c86eed6b4748add862c272183cf404c9a2958e6d4bb2648c87"; got != want {
		t.Errorf("Commit = %s, want %s", got, want)
	}
	fields := []dz.AuditField{
		{Name: "decision_id", Commitment: strings.Repeat("ab", 32)},
		{Name: "reply", Commitment: strings.Repeat("cd", 32)},
	}
	data, err := audit.LeafData(fields)
	if err != nil {
		t.Fatal(err)
	}
	wantData := "dz-audit-leaf/v1\n" + strings.Repeat("ab", 32) + " decision_id\n" + strings.Repeat("cd", 32) + " reply\n"
	if string(data) != wantData {
		t.Errorf("LeafData = %q, want %q", data, wantData)
	}
	leaf, _ := audit.LeafHash(fields)
	sum := sha256.Sum256(append([]byte{0}, data...))
	if !bytes.Equal(leaf, sum[:]) {
		t.Errorf("LeafHash is not SHA-256(0x00 || leaf data)")
	}
}

func TestLeafDataRejectsBadFields(t *testing.T) {
	c := strings.Repeat("0", 64)
	for name, fields := range map[string][]dz.AuditField{
		"unsorted":        {{Name: "b", Commitment: c}, {Name: "a", Commitment: c}},
		"repeated":        {{Name: "a", Commitment: c}, {Name: "a", Commitment: c}},
		"space in name":   {{Name: "a b", Commitment: c}},
		"newline in name": {{Name: "a\nb", Commitment: c}},
		"short hash":      {{Name: "a", Commitment: "abc"}},
		"upper-case hash": {{Name: "a", Commitment: strings.Repeat("A", 64)}},
	} {
		if _, err := audit.LeafData(fields); err == nil {
			t.Errorf("%s: LeafData accepted %v", name, fields)
		}
	}
}

// A log built by Append, as the stores do, gives the same roots as one
// rebuilt from its leaves, and every record's inclusion proof and every
// consistency proof between sizes verifies.
func TestAppendProofsVerify(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 70).Draw(t, "records")
		nodes := map[int64][]byte{}
		fetch := func(keys []int64) ([][]byte, error) { return dz.OrderNodes(keys, nodes) }
		var border []byte
		var roots [][]byte
		var leaves [][]byte
		for i := range n {
			leaf := sha256.Sum256([]byte(fmt.Sprint("leaf ", i)))
			var root []byte
			var added []audit.Node
			var err error
			border, root, added, err = audit.Append(border, uint64(i), leaf[:])
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range added {
				nodes[a.Key] = a.Hash
			}
			roots = append(roots, root)
			leaves = append(leaves, leaf[:])
		}
		rebuilt := audit.NewRoots()
		for _, l := range leaves {
			if err := rebuilt.Add(l, nil); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(rebuilt.Root(), roots[n-1]) {
			t.Fatalf("root of %d appended leaves differs from the root rebuilt from them", n)
		}
		size := uint64(rapid.IntRange(1, n).Draw(t, "size"))
		index := uint64(rapid.IntRange(0, int(size)-1).Draw(t, "index"))
		p, err := audit.InclusionProof(index, size, fetch)
		if err != nil {
			t.Fatal(err)
		}
		if err := audit.VerifyInclusion(index, size, leaves[index], p, roots[size-1]); err != nil {
			t.Fatalf("inclusion of %d in %d: %v", index, size, err)
		}
		if err := audit.VerifyInclusion(index, size, leaves[(index+1)%uint64(n)], p, roots[size-1]); err == nil && n > 1 {
			t.Fatalf("a proof for leaf %d verified another leaf", index)
		}
		from := uint64(rapid.IntRange(1, int(size)).Draw(t, "from"))
		c, err := audit.ConsistencyProof(from, size, fetch)
		if err != nil {
			t.Fatal(err)
		}
		if err := audit.VerifyConsistency(from, size, c, roots[from-1], roots[size-1]); err != nil {
			t.Fatalf("consistency %d→%d: %v", from, size, err)
		}
	})
}

// bundleFor builds a real record from a decision, appends it after a few
// others, and bundles it against a signed checkpoint.
func bundleFor(t *testing.T, signer *audit.Signer) *audit.Bundle {
	t.Helper()
	rec := &dz.DecisionRecord{
		Decision: dz.Decision{ID: "dec_1", Status: dz.StatusComplete, Decision: dz.OutcomeDraft, Response: "We are sorry <b>about</b> the outage.",
			Actions: []dz.Action{{Type: "refund", Params: map[string]any{"amount": 290.0}}},
			Trace: &dz.Trace{EngineVersion: "test", Facts: []dz.Fact{{Name: "mrr", Value: 290.0, Source: dz.FromEntity}, {Name: "amount", Value: 290.0, Source: dz.FromExtracted}},
				Policies: []dz.PolicyResult{{ID: "refunds", Hash: "sha256:1", Rules: []dz.RuleResult{{ID: "window", Effect: dz.EffectLimit, Holds: true, Detail: "limit amount ≤ 290"}}}}}},
		WorkspaceID: 1, Request: dz.Request{Request: "I want a refund"}, CreatedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
	}
	a, err := audit.Build(audit.Input{Decision: rec, Versions: map[string]int{"policy/refunds": 3}})
	if err != nil {
		t.Fatal(err)
	}
	nodes := map[int64][]byte{}
	var border, root []byte
	for i := range 5 {
		fields := a.Fields
		if i != 3 {
			fields = []dz.AuditField{audit.NewField("decision_id", fmt.Sprintf(`"other_%d"`, i))}
		}
		leaf, err := audit.LeafHash(fields)
		if err != nil {
			t.Fatal(err)
		}
		var added []audit.Node
		border, root, added, err = audit.Append(border, uint64(i), leaf)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range added {
			nodes[n.Key] = n.Hash
		}
	}
	a.Index = 3
	proof, err := audit.InclusionProof(3, 5, func(keys []int64) ([][]byte, error) { return dz.OrderNodes(keys, nodes) })
	if err != nil {
		t.Fatal(err)
	}
	note, err := signer.Sign(audit.Checkpoint{Origin: audit.Origin("acme"), Size: 5, Root: root})
	if err != nil {
		t.Fatal(err)
	}
	b, err := audit.NewBundle(a, 5, proof, note, signer.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	return b
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

func TestBundleVerifiesAndRedactionKeepsIt(t *testing.T) {
	signer := newSigner(t)
	b := bundleFor(t, signer)
	v, err := audit.Verify(b, signer.VerifierKey())
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if v.Checkpoint.Origin != "delegatezero/acme" || v.Checkpoint.Size != 5 || v.Redacted != 0 {
		t.Errorf("verification = %+v", v)
	}
	if f, _ := b.Record.Field("context/policy/refunds"); !strings.Contains(f.Value, `"version":3`) {
		t.Errorf("the policy's field %q does not carry its stored version", f.Value)
	}
	red := audit.Redact(&b.Record, dz.AuditSettings{})
	mrr, _ := red.Field("fact/entity/mrr")
	if !mrr.Redacted() || mrr.Commitment == "" {
		t.Fatalf("fact/entity/mrr on a public page = %+v, want withheld with its commitment", mrr)
	}
	if reply, _ := red.Field("reply"); reply.Redacted() {
		t.Fatal("the reply was withheld from the public page")
	}
	rb := *b
	rb.Record = *red
	if v, err := audit.Verify(&rb, signer.VerifierKey()); err != nil || v.Redacted == 0 {
		t.Fatalf("redacted bundle: %v %+v, want it to verify with fields withheld", err, v)
	}
	shown := audit.Redact(&b.Record, dz.AuditSettings{Show: []string{"fact/entity/mrr"}, Hide: []string{"reply"}})
	if f, _ := shown.Field("fact/entity/mrr"); f.Redacted() {
		t.Error("audit.show did not show a default-hidden field")
	}
	if f, _ := shown.Field("reply"); !f.Redacted() {
		t.Error("audit.hide did not hide the reply")
	}
}

// Any change to a byte of the record, the proof or the checkpoint makes
// verification fail.
func TestVerifyFailsAfterAnyChange(t *testing.T) {
	signer := newSigner(t)
	b := bundleFor(t, signer)
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i := 0; i < len(raw); i += 7 {
		mut := bytes.Clone(raw)
		mut[i] ^= 0x01
		var m audit.Bundle
		dec := json.NewDecoder(bytes.NewReader(mut))
		dec.DisallowUnknownFields()
		if dec.Decode(&m) != nil {
			continue // no longer a bundle: nothing to verify
		}
		if reflectEqual(&m, b) {
			continue // the byte was in a JSON field name that decoding forgives, e.g. case
		}
		checked++
		if _, err := audit.Verify(&m, signer.VerifierKey()); err == nil {
			t.Errorf("changing byte %d (%q in %q) still verifies", i, raw[i], raw[max(0, i-20):min(len(raw), i+20)])
		}
	}
	if checked < 100 {
		t.Fatalf("only %d mutations checked", checked)
	}
	other := newSigner(t)
	if _, err := audit.Verify(b, other.VerifierKey()); err == nil {
		t.Error("a checkpoint verified with another server's key")
	}
}

func reflectEqual(a, b *audit.Bundle) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func TestSignerKeyRoundTrip(t *testing.T) {
	key, err := audit.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	s1, _ := audit.NewSigner(key)
	s2, _ := audit.NewSigner(key)
	if s1.VerifierKey() != s2.VerifierKey() || !strings.HasPrefix(s1.VerifierKey(), audit.KeyName+"+") {
		t.Fatalf("verifier keys %q, %q", s1.VerifierKey(), s2.VerifierKey())
	}
	if _, err := audit.NewSigner("PRIVATE+KEY+x+00000000+AAAA"); err == nil {
		t.Error("a malformed signing key was accepted")
	}
}
