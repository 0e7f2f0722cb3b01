package audit

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/delegatezero/dz"
	"github.com/transparency-dev/merkle/rfc6962"
)

// LeafFormat names the leaf encoding; it is the first line of every leaf.
const LeafFormat = "dz-audit-leaf/v1"

// fieldDomain starts every field commitment's input.
const fieldDomain = "dz-audit-field/v1\x00"

// SaltSize is the length of a field's salt in bytes.
const SaltSize = 16

// Commit returns the hex SHA-256 commitment to a field:
// SHA-256("dz-audit-field/v1" 0x00 || salt || name || 0x00 || value).
func Commit(name string, salt []byte, value string) string {
	h := sha256.New()
	h.Write([]byte(fieldDomain))
	h.Write(salt)
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write([]byte(value))
	return hex.EncodeToString(h.Sum(nil))
}

// NewField commits to a value under a fresh random salt.
func NewField(name, value string) dz.AuditField {
	salt := make([]byte, SaltSize)
	rand.Read(salt) // crypto/rand.Read never fails
	return dz.AuditField{Name: name, Salt: hex.EncodeToString(salt), Value: value, Commitment: Commit(name, salt, value)}
}

// CheckField reports a field whose value and salt do not match its
// commitment. A redacted field (no value) has nothing to check.
func CheckField(f dz.AuditField) error {
	if f.Redacted() {
		return nil
	}
	salt, err := hex.DecodeString(f.Salt)
	if err != nil || len(salt) != SaltSize {
		return fmt.Errorf("field %s: salt %q is not %d bytes of hex", f.Name, f.Salt, SaltSize)
	}
	if got := Commit(f.Name, salt, f.Value); got != f.Commitment {
		return fmt.Errorf("field %s: its value does not match its commitment (the value or salt was changed)", f.Name)
	}
	return nil
}

// validName reports whether a field name can go on a leaf line: printable,
// no spaces, at most 512 bytes.
func validName(name string) bool {
	if name == "" || len(name) > 512 {
		return false
	}
	for _, r := range name {
		if r > ' ' && r < 0x7f {
			continue // printable ASCII: the common case
		}
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// isCommitment reports whether s is 64 lower-case hex digits.
func isCommitment(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := range len(s) {
		if !lowerHex[s[i]] {
			return false
		}
	}
	return true
}

// lowerHex marks the bytes of lower-case hex: a table, since every leaf
// checks 64 of them per field on every decision.
var lowerHex = func() (t [256]bool) {
	for _, c := range "0123456789abcdef" {
		t[c] = true
	}
	return t
}()

// LeafData is the leaf's bytes: the line "dz-audit-leaf/v1", then one line
// "COMMITMENT NAME" per field in byte order of name, each ending in "\n".
// Fields must be sorted by name, unique, and carry 64-hex commitments.
func LeafData(fields []dz.AuditField) ([]byte, error) {
	n := len(LeafFormat) + 1
	for _, f := range fields {
		n += len(f.Commitment) + len(f.Name) + 2
	}
	b := make([]byte, 0, n)
	b = append(b, LeafFormat+"\n"...)
	for i, f := range fields {
		if !validName(f.Name) {
			return nil, fmt.Errorf("field name %q is empty, too long or holds spaces or control characters", f.Name)
		}
		if i > 0 && fields[i-1].Name >= f.Name {
			return nil, fmt.Errorf("field %s: fields must be sorted by name with no repeats", f.Name)
		}
		if !isCommitment(f.Commitment) {
			return nil, fmt.Errorf("field %s: commitment %q is not 64 lower-case hex digits", f.Name, f.Commitment)
		}
		b = append(b, f.Commitment...)
		b = append(b, ' ')
		b = append(b, f.Name...)
		b = append(b, '\n')
	}
	return b, nil
}

// LeafHash is the RFC 6962 leaf hash of the record's fields:
// SHA-256(0x00 || LeafData).
func LeafHash(fields []dz.AuditField) ([]byte, error) {
	data, err := LeafData(fields)
	if err != nil {
		return nil, err
	}
	return rfc6962.DefaultHasher.HashLeaf(data), nil
}

// SortFields orders fields by name, as LeafData needs.
func SortFields(fields []dz.AuditField) {
	slices.SortFunc(fields, func(a, b dz.AuditField) int { return strings.Compare(a.Name, b.Name) })
}
