package audit_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
	"pgregory.net/rapid"
)

// Stored fields read back byte for byte, whatever the names and values:
// the commitments hold only if every value's JSON text survives exactly.
func TestStoredFieldsRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 8).Draw(t, "n")
		var fields []dz.AuditField
		for range n {
			name := rapid.String().Draw(t, "name")
			var value string
			if rapid.Bool().Draw(t, "present") {
				v := rapid.OneOf[any](
					rapid.Just[any](nil),
					rapid.Map(rapid.String(), func(s string) any { return s }),
					rapid.Map(rapid.Float64(), func(f float64) any { return f }),
					rapid.Map(rapid.MapOf(rapid.String(), rapid.String()), func(m map[string]string) any { return m }),
				).Draw(t, "value")
				b, err := json.Marshal(v)
				if err != nil {
					t.Skip(err)
				}
				value = string(b)
				if rapid.Bool().Draw(t, "indented") {
					var buf strings.Builder
					enc := json.NewEncoder(&buf)
					enc.SetIndent("", "  ")
					enc.SetEscapeHTML(false)
					_ = enc.Encode(v)
					value = strings.TrimSpace(buf.String())
				}
			}
			f := audit.NewField(name, value)
			if value == "" {
				f.Salt = ""
			}
			fields = append(fields, f)
		}
		data, err := audit.EncodeFields(fields)
		if err != nil {
			t.Fatalf("encode: %v", err)
		}
		if !json.Valid(data) {
			t.Fatalf("stored form is not JSON: %s", data)
		}
		got, err := audit.DecodeFields(data)
		if err != nil {
			t.Fatalf("decode %s: %v", data, err)
		}
		if len(got) != len(fields) {
			t.Fatalf("%d fields read back, %d stored", len(got), len(fields))
		}
		for i := range fields {
			if got[i] != fields[i] {
				t.Fatalf("field %d read back as %+v, stored %+v", i, got[i], fields[i])
			}
		}
	})
}

// Values that plainly are not JSON text, or carry space a decoder would
// not hand back, are refused, naming the field.
func TestStoredFieldsRefuseInexactValues(t *testing.T) {
	for _, v := range []string{"not json", "hello", ` "padded"`, "{\"a\":1}\n", `{"a":`, `[1, 2`, `"`, `"open`, "<b>"} {
		_, err := audit.EncodeFields([]dz.AuditField{audit.NewField("reply", v)})
		if err == nil || !strings.Contains(err.Error(), "field reply") {
			t.Errorf("value %q: err = %v, want a refusal naming the field", v, err)
		}
	}
}

// A stored form with a key this version does not know is an error, not a
// record with a value silently missing.
func TestDecodeFieldsRefusesUnknownKeys(t *testing.T) {
	_, err := audit.DecodeFields([]byte(`[{"name":"reply","commitment":"00","salt":"00","value":"\"hi\""}]`))
	if err == nil {
		t.Fatal("a stored field with an unknown key decoded")
	}
}

// FuzzDecodeFields: any bytes either fail to decode or decode to fields
// that store and read back the same.
func FuzzDecodeFields(f *testing.F) {
	f.Add([]byte(`[{"name":"reply","commitment":"ab","salt":"cd","json":"Hi"}]`))
	f.Add([]byte(`[{"name":"x","commitment":"ab"},{"name":"y","commitment":"cd","json":{"a":[1,2.5e3,null]}}]`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fields, err := audit.DecodeFields(data)
		if err != nil {
			return
		}
		again, err := audit.EncodeFields(fields)
		if err != nil {
			t.Fatalf("decoded fields do not store again: %v", err)
		}
		back, err := audit.DecodeFields(again)
		if err != nil {
			t.Fatalf("re-stored fields do not decode: %v\n%s", err, again)
		}
		if len(back) != len(fields) {
			t.Fatalf("%d fields, then %d", len(fields), len(back))
		}
		for i := range back {
			if back[i] != fields[i] {
				t.Fatalf("field %d: %+v, then %+v", i, fields[i], back[i])
			}
		}
	})
}
