package compose

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		body string
		err  string // "" means valid
	}{
		{"plain text", "Thanks for writing.", ""},
		{"fields", "Hi {{.FirstName}}, {{.Refund}} {{.CreditPercent}}", ""},
		{"with and else", "{{with .Contact}}Dear {{.}}{{else}}Dear customer{{end}}", ""},
		{"if and functions", "{{if and .HasRefund (not .Escalate)}}{{upper .Refund}}{{end}}{{lower .Company | trim}}", ""},
		{"dollar field", "{{with .Company}}{{$.Founder}}{{end}}", ""},
		{"variables", "{{$c := .Company}}{{$c}}", ""},
		{"field of a variable", "{{$c := .Company}}{{$c.Name}}", "field access on a variable"},
		{"unknown field", "Hi\n{{.Amount}}", "line 2: unknown field .Amount"},
		{"unknown field in else", "{{if .HasRefund}}x{{else}}{{.Nope}}{{end}}", "unknown field .Nope"},
		{"unknown dollar field", "{{$.Nope}}", "unknown field .Nope"},
		{"field of a string", "{{with .Company}}{{.Name}}{{end}}", "has no fields"},
		{"field on a string field", "{{.Company.Name}}", "has no fields"},
		{"unknown function", "{{money .Refund}}", "does not parse"},
		{"unclosed", "{{if .HasRefund}}", "does not parse"},
		{"range", "{{range .Company}}x{{end}}", "range is not supported"},
		{"nested template", `{{define "x"}}y{{end}}{{template "x"}}`, "nested templates"},
		{"template call", `{{template "x"}}`, "not supported"},
		{"too long", strings.Repeat("x", maxBody+1), "keep it under"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Check(tt.body)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("Check(%q) = %v, want nil", tt.body, err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("Check(%q) = %v, want an error with %q", tt.body, err, tt.err)
			}
		})
	}
}

func TestBuiltinsPassCheck(t *testing.T) {
	for _, b := range builtins {
		if err := Check(b.Body); err != nil {
			t.Errorf("built-in %s: %v", b.ID, err)
		}
	}
}

// FuzzCheck holds Check and render to never panicking, and to agreeing: a
// body Check accepts renders without a field error.
func FuzzCheck(f *testing.F) {
	for _, b := range builtins {
		f.Add(b.Body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if Check(body) != nil {
			return
		}
		_, err := render(body, Data{Company: "Globex", Refund: "$5.00"})
		if err != nil && strings.Contains(err.Error(), "can't evaluate field") {
			t.Errorf("Check accepted %q but rendering failed: %v", body, err)
		}
	})
}
