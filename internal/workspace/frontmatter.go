package workspace

import (
	"bytes"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/delegatezero/dz"
)

// markdown is a Markdown file split into its YAML front matter and body.
type markdown struct {
	r        *reader
	meta     ast.Node // the front matter's mapping; nil when absent or invalid
	body     string
	bodyLine int // the file line the body starts on
}

// splitFrontMatter splits src at its front matter, which sits between a
// first line "---" and the next line "---". It reports a file without one.
func splitFrontMatter(c *collector, file string, src []byte) *markdown {
	src = bytes.TrimPrefix(src, []byte("\ufeff"))
	text := strings.ReplaceAll(string(src), "\r\n", "\n")
	lines := strings.SplitAfter(text, "\n")
	md := &markdown{r: &reader{file: file, c: c}}
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		c.add(dz.Pos{File: file, Line: 1, Col: 1}, "start the file with a line ---, then id: … and the other keys, then a line ---",
			"the file has no front matter")
		return md
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if t := strings.TrimRight(lines[i], " \t\n"); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		c.add(dz.Pos{File: file, Line: 1, Col: 1}, "end the front matter with a line ---", "the front matter is never closed")
		return md
	}
	// A leading newline keeps the YAML's line numbers equal to the file's.
	yml := "\n" + strings.Join(lines[1:end], "")
	md.bodyLine = end + 2
	md.body = strings.Join(lines[end+1:], "")
	if strings.TrimSpace(yml) == "" {
		c.add(dz.Pos{File: file, Line: 1, Col: 1}, "add id: … and the other keys between the --- lines", "the front matter is empty")
		return md
	}
	md.r, md.meta = parseYAML(c, file, []byte(yml))
	return md
}

// numberedItems returns the numbered list items of a Markdown body
// ("1. Do this"), joining indented continuation lines to their item.
func numberedItems(body string) []string {
	var out []string
	inItem := false
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if text, ok := listItem(trimmed); ok {
			out = append(out, text)
			inItem = true
			continue
		}
		switch {
		case trimmed == "":
			inItem = false
		case inItem && (strings.HasPrefix(line, " ") || strings.HasPrefix(line, "\t")):
			out[len(out)-1] += " " + trimmed
		default:
			inItem = false
		}
	}
	return out
}

// listItem returns the text of a numbered list line such as "2. Ask" or "2) Ask".
func listItem(s string) (string, bool) {
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i+1 >= len(s) || (s[i] != '.' && s[i] != ')') || (s[i+1] != ' ' && s[i+1] != '\t') {
		return "", false
	}
	text := strings.TrimSpace(s[i+1:])
	return text, text != ""
}
