package compose

import (
	"bytes"
	"encoding/json"
	"html"
	"strings"
)

// jsonReply is the json format: the reply parts by name, empty ones left out.
type jsonReply struct {
	Greeting string `json:"greeting,omitempty"`
	Opening  string `json:"opening,omitempty"`
	Body     string `json:"body,omitempty"`
	Closing  string `json:"closing,omitempty"`
}

// formatReply writes the parts in a format: text, markdown, html or json.
// The caller has checked the format name.
func formatReply(p replyParts, format string) string {
	switch format {
	case "markdown":
		return formatEach(p, "\n\n", markdownPart)
	case "html":
		return formatEach(p, "\n", htmlPart)
	case "json":
		return jsonOf(p)
	default:
		return p.text()
	}
}

func formatEach(p replyParts, sep string, f func(string) string) string {
	var out []string
	for _, s := range p.nonEmpty() {
		out = append(out, f(s))
	}
	return strings.Join(out, sep)
}

var markdownEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`, `#`, `\#`,
)

// markdownPart escapes Markdown's marks and keeps line breaks inside a part
// as hard breaks.
func markdownPart(s string) string {
	lines := strings.Split(markdownEscaper.Replace(s), "\n")
	return strings.Join(lines, "  \n")
}

// htmlPart escapes a part and puts each paragraph in <p>, line breaks as <br>.
func htmlPart(s string) string {
	var out []string
	for _, para := range strings.Split(s, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		out = append(out, "<p>"+strings.ReplaceAll(html.EscapeString(para), "\n", "<br>\n")+"</p>")
	}
	return strings.Join(out, "\n")
}

func jsonOf(p replyParts) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	// Encoding four strings cannot fail.
	_ = enc.Encode(jsonReply{Greeting: p[0], Opening: p[1], Body: p[2], Closing: p[3]})
	return strings.TrimSuffix(b.String(), "\n")
}
