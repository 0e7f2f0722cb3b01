package audit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/delegatezero/dz"
)

// EncodeFields is the form both stores keep a record's fields in: a JSON
// array of {"name", "commitment", "salt", "json"} objects, where "json" is
// the value's JSON text embedded as itself, not escaped into a string. A
// record's values are most of its bytes, and storing them is then a copy;
// a withheld value has no "salt" or "json".
//
// Values must be JSON texts with no surrounding space, as Build and
// DecodeFields give them, so that DecodeFields returns the exact bytes
// committed to. EncodeFields refuses a value that is plainly not one (it
// starts or ends with a byte no JSON text does) but does not parse each
// value again: on a real decision that cost more than the rest of an
// append.
func EncodeFields(fields []dz.AuditField) ([]byte, error) {
	n := 2
	for _, f := range fields {
		n += len(f.Name) + len(f.Commitment) + len(f.Salt) + len(f.Value) + 48
	}
	b := make([]byte, 0, n)
	b = append(b, '[')
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(append(b, `{"name":`...), f.Name)
		b = appendString(append(b, `,"commitment":`...), f.Commitment)
		if f.Salt != "" {
			b = appendString(append(b, `,"salt":`...), f.Salt)
		}
		if f.Value != "" {
			if !plausibleJSON(f.Value) {
				return nil, fmt.Errorf("field %s: its value is not JSON text without surrounding space", f.Name)
			}
			b = append(append(b, `,"json":`...), f.Value...)
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// Prepare is what a store appends for a record: its leaf hash and its
// fields as EncodeFields stores them. A record a leaf cannot be made of
// is EINVALID, naming its decision.
func Prepare(a *dz.AuditRecord) (leaf, fields []byte, err error) {
	if leaf, err = LeafHash(a.Fields); err == nil {
		fields, err = EncodeFields(a.Fields)
	}
	if err != nil {
		return nil, nil, dz.Errorf(dz.EINVALID, "audit record of decision %s: %v", a.DecisionID, err)
	}
	return leaf, fields, nil
}

// storedField is one element of EncodeFields' array.
type storedField struct {
	Name       string          `json:"name"`
	Commitment string          `json:"commitment"`
	Salt       string          `json:"salt"`
	JSON       json.RawMessage `json:"json"`
}

// DecodeFields reads what EncodeFields wrote, each value byte for byte.
func DecodeFields(data []byte) ([]dz.AuditField, error) {
	var stored []storedField
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields() // a key this version does not know would be lost
	if err := dec.Decode(&stored); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, fmt.Errorf("text after the fields' array")
	}
	fields := make([]dz.AuditField, len(stored))
	for i, s := range stored {
		fields[i] = dz.AuditField{Name: s.Name, Commitment: s.Commitment, Salt: s.Salt, Value: string(s.JSON)}
	}
	return fields, nil
}

// plausibleJSON reports whether v starts and ends with bytes a JSON text
// can start and end with: an object, array, string, number, true, false
// or null, with no space around it.
func plausibleJSON(v string) bool {
	if v == "" {
		return false
	}
	first, last := v[0], v[len(v)-1]
	return (strings.IndexByte(`{["-tfn`, first) >= 0 || isDigit(first)) &&
		(strings.IndexByte(`}]"el`, last) >= 0 || isDigit(last)) &&
		(first != '{' || last == '}') && (first != '[' || last == ']') && (first != '"' || last == '"' && len(v) > 1)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// appendString appends s as a JSON string: copied when it needs no
// escaping, as names, hex commitments and salts almost never do.
func appendString(b []byte, s string) []byte {
	for i := range len(s) {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			q, _ := json.Marshal(s) // a string always encodes
			return append(b, q...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}
