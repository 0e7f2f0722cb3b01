package understand

import "strings"

// maxInput bounds the bytes read from each of text and data, so a huge input
// costs bounded time.
const maxInput = 256 << 10

// document is one analysed input (the request text or its context data).
type document struct {
	src    string
	toks   []token
	weight float64 // text 1, data 0.5
	amount []bool  // tokens that are part of a money amount
	reply  replyShape
}

// parse tokenises s, corrects typos and marks money amounts.
func parse(s string, weight float64) *document {
	if len(s) > maxInput {
		s = s[:maxInput]
		for len(s) > 0 && s[len(s)-1]&0xC0 == 0x80 {
			s = s[:len(s)-1]
		}
	}
	d := &document{src: s, weight: weight, toks: tokenize(s, classifyLines(s))}
	var buf []byte
	for i := range d.toks {
		if t := &d.toks[i]; t.kind == kWord {
			t.typed = t.norm
			t.norm, buf = correct(t.norm, buf)
			t.filler = fillers[t.norm]
		}
	}
	d.amount = make([]bool, len(d.toks))
	d.reply = shapeOf(d)
	return d
}

// span returns the source text from token a to token b inclusive.
func (d *document) span(a, b int) string {
	return strings.TrimSpace(d.src[d.toks[a].start:d.toks[b].end])
}

// isWord reports whether token i is a word or number (not a symbol or break).
func (d *document) isWord(i int) bool { return d.toks[i].kind <= kNumber }

// nextWord returns the index of the next word token after i, or -1.
func (d *document) nextWord(i int) int {
	for j := i + 1; j < len(d.toks); j++ {
		if d.isWord(j) {
			return j
		}
	}
	return -1
}

// prevWord returns the index of the previous word token before i, or -1.
func (d *document) prevWord(i int) int {
	for j := i - 1; j >= 0; j-- {
		if d.isWord(j) {
			return j
		}
	}
	return -1
}

// nextContent returns the index of the next word after i that is not a
// filler, or -1.
func (d *document) nextContent(i int) int {
	if i < 0 {
		return -1
	}
	for j := d.nextWord(i); j >= 0; j = d.nextWord(j) {
		if !d.toks[j].filler {
			return j
		}
	}
	return -1
}

// norm returns the normalised form of token i, or "" when out of range.
func (d *document) norm(i int) string {
	if i < 0 || i >= len(d.toks) {
		return ""
	}
	return d.toks[i].norm
}

// bodyWords are the content words of the customer's own lines, for flags.
func bodyWords(d *document) []word {
	ws := make([]word, 0, len(d.toks))
	for i, t := range d.toks {
		if t.kind > kNumber || !t.line.facts() || t.filler {
			continue
		}
		k := matchKey(t)
		ws = append(ws, word{key: k, tok: i, clause: t.clause, weight: d.weight, starts: firstWords[k]})
	}
	return ws
}
