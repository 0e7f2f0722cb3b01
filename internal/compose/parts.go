package compose

import (
	"regexp"
	"strings"

	"github.com/delegatezero/dz"
)

// partOrder is the order parts are composed into a reply.
var partOrder = []string{dz.PartGreeting, dz.PartOpening, dz.PartBody, dz.PartClosing}

// replyParts holds the rendered text of each part, in partOrder.
type replyParts [4]string

func partIndex(part string) int {
	for i, p := range partOrder {
		if p == part {
			return i
		}
	}
	return -1
}

func (p *replyParts) set(part, text string) {
	if i := partIndex(part); i >= 0 {
		p[i] = strings.TrimSpace(text)
	}
}

// nonEmpty returns the parts that have text, in order.
func (p replyParts) nonEmpty() []string {
	var out []string
	for _, s := range p {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// text joins the parts as the plain-text reply, a blank line between them.
func (p replyParts) text() string { return strings.Join(p.nonEmpty(), "\n\n") }

// sentenceEnd matches the end of a sentence and the space after it.
var sentenceEnd = regexp.MustCompile(`[.!?]+["')\]]*[ \t]+|\n`)

// sentences splits text into sentences (and lines); joined back together
// they give the text unchanged.
func sentences(text string) []string {
	var out []string
	start := 0
	for _, loc := range sentenceEnd.FindAllStringIndex(text, -1) {
		out = append(out, text[start:loc[1]])
		start = loc[1]
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// scrub applies scrubText to every part.
func (p *replyParts) scrub(a allowed) {
	for i, s := range p {
		p[i] = scrubText(s, a)
	}
}

// scrubText is the guard's last line: it drops every sentence of s that
// states an amount or a promise the actions do not back, and all of s if
// that is not enough.
func scrubText(s string, a allowed) string {
	if guard(s, a) == nil {
		return s
	}
	var kept, checked, quoted strings.Builder
	for _, sent := range sentences(s) {
		switch {
		case a.quotes(sent):
			kept.WriteString(sent)
			quoted.WriteString(sent)
		case guard(sent, a) == nil:
			kept.WriteString(sent)
			checked.WriteString(sent)
		}
	}
	if guard(checked.String(), a) != nil { // sentences that pass alone but not together
		return strings.TrimSpace(quoted.String())
	}
	return strings.TrimSpace(kept.String())
}

// quotes reports whether sentence is the founder's own policy text, which
// the reply gives as written: "An order can only be cancelled while it is
// pending" states a rule, it promises nothing.
func (a allowed) quotes(sentence string) bool {
	t := strings.TrimSpace(sentence)
	return t != "" && a.verbatim != "" && strings.Contains(a.verbatim, t)
}
