package compose

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
	"github.com/google/go-cmp/cmp"
)

func TestFormats(t *testing.T) {
	templates := []*dz.Template{
		tmpl("g", dz.PartGreeting, "Hi {{.Company}},", nil),
		tmpl("b", dz.PartBody, "Refund: {{.Refund}}.\n\nSecond paragraph.", nil),
		tmpl("c", dz.PartClosing, "Best,\n{{.Signature}}", nil),
		tmpl("o", dz.PartOpening, "", nil),
	}
	tests := []struct {
		format string
		want   string
	}{
		{"text", "Hi <Acme & *Co*>,\n\nRefund: $5.00.\n\nSecond paragraph.\n\nBest,\nDana"},
		{"", "Hi <Acme & *Co*>,\n\nRefund: $5.00.\n\nSecond paragraph.\n\nBest,\nDana"},
		{"markdown", "Hi \\<Acme & \\*Co\\*\\>,\n\nRefund: $5.00.  \n  \nSecond paragraph.\n\nBest,  \nDana"},
		{"html", "<p>Hi &lt;Acme &amp; *Co*&gt;,</p>\n<p>Refund: $5.00.</p>\n<p>Second paragraph.</p>\n<p>Best,<br>\nDana</p>"},
		{"json", `{"greeting":"Hi <Acme & *Co*>,","body":"Refund: $5.00.\n\nSecond paragraph.","closing":"Best,\nDana"}`},
	}
	for _, tt := range tests {
		t.Run("format "+tt.format, func(t *testing.T) {
			out := mustCompose(t, Input{Templates: templates, Outcome: dz.OutcomeExecute, Actions: []dz.Action{refund(5)},
				Entity: &dz.Entity{Name: "<Acme & *Co*>"}, Settings: dz.Settings{Founder: "Dana"}, Instructions: dz.Instructions{Format: tt.format}})
			if diff := cmp.Diff(tt.want, out.Response); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnknownFormatWritesText(t *testing.T) {
	out := mustCompose(t, Input{Settings: dz.Settings{Format: "rtf"}, Outcome: dz.OutcomeExecute})
	if !strings.HasPrefix(out.Response, "Hello,\n\n") || !strings.Contains(strings.Join(out.Warnings, " "), `format "rtf"`) {
		t.Errorf("response %q, warnings %q: want text and a warning", out.Response, out.Warnings)
	}
}

func TestMaxLength(t *testing.T) {
	templates := []*dz.Template{
		tmpl("g", dz.PartGreeting, "Hi Hank,", nil),
		tmpl("o", dz.PartOpening, "Sorry about the outage. Thanks for waiting.", nil),
		tmpl("b", dz.PartBody, "I've issued a refund of {{.Refund}}. It arrives in a few days. Write back with questions.", nil),
		tmpl("c", dz.PartClosing, "Best,\nDana", nil),
	}
	full := "Hi Hank,\n\nSorry about the outage. Thanks for waiting.\n\nI've issued a refund of $1,450.00. It arrives in a few days. Write back with questions.\n\nBest,\nDana"
	tests := []struct {
		name   string
		max    int
		format string
		want   string
	}{
		{"no limit", 0, "text", full},
		{"fits exactly", runes(full), "text", full},
		{"drops the last body sentence", runes(full) - 1, "text",
			"Hi Hank,\n\nSorry about the outage. Thanks for waiting.\n\nI've issued a refund of $1,450.00. It arrives in a few days.\n\nBest,\nDana"},
		{"keeps the first body sentence, then drops opening sentences", 81, "text",
			"Hi Hank,\n\nSorry about the outage.\n\nI've issued a refund of $1,450.00.\n\nBest,\nDana"},
		{"then the whole opening", 60, "text", "Hi Hank,\n\nI've issued a refund of $1,450.00.\n\nBest,\nDana"},
		{"then the greeting", 50, "text", "I've issued a refund of $1,450.00.\n\nBest,\nDana"},
		{"then the closing", 40, "text", "I've issued a refund of $1,450.00."},
		{"then words, never cutting an amount", 30, "text", "I've issued a refund of…"},
		{"html counts its markup", 67, "html", "<p>I&#39;ve issued a refund of $1,450.00.</p>\n<p>Best,<br>\nDana</p>"},
		{"json stays valid", 30, "json", `{"body":"I've issued a…"}`},
		{"json too small for anything", 1, "json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustCompose(t, Input{Templates: templates, Outcome: dz.OutcomeExecute, Actions: []dz.Action{refund(1450)},
				Instructions: dz.Instructions{MaxLength: tt.max, Format: tt.format}})
			if diff := cmp.Diff(tt.want, out.Response); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if tt.max > 0 && runes(out.Response) > tt.max {
				t.Errorf("response has %d runes, max %d", runes(out.Response), tt.max)
			}
			if tt.format == "json" && out.Response != "" && !json.Valid([]byte(out.Response)) {
				t.Errorf("json response is not valid JSON: %s", out.Response)
			}
		})
	}
}
