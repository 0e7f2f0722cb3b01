package compose

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/delegatezero/dz"
)

const ellipsis = "…"

// fit formats the reply and, when it is longer than max runes (max > 0),
// shortens it: body sentences from the end (keeping the first), the
// opening, then the greeting, then the closing, then words from the end of
// what is left. What remains still passes the guard. It returns the reply
// and the parts it kept.
func fit(p replyParts, format string, max int, a allowed) (string, replyParts, []string) {
	var warns []string
	if !slices.Contains(dz.Formats, format) {
		warns = append(warns, fmt.Sprintf("format %q is not one of %s: wrote text", format, strings.Join(dz.Formats, ", ")))
		format = "text"
	}
	out := formatReply(p, format)
	if max <= 0 || runes(out) <= max {
		return out, p, warns
	}
	fits := func() bool { return runes(formatReply(p, format)) <= max }
	body, opening := partIndex(dz.PartBody), partIndex(dz.PartOpening)
	for !fits() && len(sentences(p[body])) > 1 {
		p[body] = dropLastSentence(p[body])
	}
	for !fits() && p[opening] != "" {
		p[opening] = dropLastSentence(p[opening])
	}
	for _, part := range []string{dz.PartGreeting, dz.PartClosing} {
		if !fits() {
			p[partIndex(part)] = ""
		}
	}
	for i := body; !fits() && p[i] != ""; {
		p[i] = dropLastWord(p[i])
	}
	p.scrub(a)
	out = formatReply(p, format)
	if runes(out) > max {
		out = "" // only a JSON object too small to hold even an empty part gets here
	}
	return out, p, append(warns, fmt.Sprintf("reply shortened to fit max_length %d", max))
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// dropLastSentence removes the last sentence of s.
func dropLastSentence(s string) string {
	ss := sentences(s)
	if len(ss) <= 1 {
		return ""
	}
	return strings.TrimSpace(strings.Join(ss[:len(ss)-1], ""))
}

// dropLastWord removes the last word of s and marks the cut with "…"; a
// single word loses its last rune instead.
func dropLastWord(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(s, ellipsis))
	if i := strings.LastIndexAny(s, " \n\t"); i > 0 {
		return strings.TrimRight(s[:i], " \n\t,;:") + ellipsis
	}
	_, size := utf8.DecodeLastRuneInString(s)
	if size >= len(s) {
		return ""
	}
	return s[:len(s)-size]
}
