package retrieve

import (
	"unicode"
	"unicode/utf8"
)

// span is one word in a tokenizer's buffer: buf[s:e].
type span struct{ s, e int32 }

// tokenizer splits text into lowercase words (runs of letters and digits)
// into one reusable buffer, so a query tokenizes without allocating per word.
// Words are separated by one space in the buffer, so consecutive words form a
// normalised phrase: buf[spans[i].s:spans[j].e].
type tokenizer struct {
	buf   []byte
	spans []span
}

// reset tokenizes text, replacing what the tokenizer held.
func (t *tokenizer) reset(text string) {
	t.buf, t.spans = t.buf[:0], t.spans[:0]
	start := -1
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if start < 0 {
				if len(t.buf) > 0 {
					t.buf = append(t.buf, ' ')
				}
				start = len(t.buf)
			}
			if r < utf8.RuneSelf {
				if 'A' <= r && r <= 'Z' {
					r += 'a' - 'A'
				}
				t.buf = append(t.buf, byte(r))
			} else {
				t.buf = utf8.AppendRune(t.buf, unicode.ToLower(r))
			}
			continue
		}
		if start >= 0 {
			t.spans = append(t.spans, span{int32(start), int32(len(t.buf))})
			start = -1
		}
	}
	if start >= 0 {
		t.spans = append(t.spans, span{int32(start), int32(len(t.buf))})
	}
}

// word returns the i-th word; it is valid until the next reset.
func (t *tokenizer) word(i int) []byte {
	s := t.spans[i]
	return t.buf[s.s:s.e]
}

// phrase returns the n words from the i-th on, space-separated.
func (t *tokenizer) phrase(i, n int) []byte {
	return t.buf[t.spans[i].s:t.spans[i+n-1].e]
}

// term turns a word into an index term: nil for stop words and single
// characters, otherwise the word with a plural "s" removed ("outages" →
// "outage", but "status", "access" and "analysis" stay).
func term(w []byte) []byte {
	if len(w) < 2 || stopWords[string(w)] {
		return nil
	}
	n := len(w)
	if n > 3 && w[n-1] == 's' {
		switch w[n-2] {
		case 's', 'u', 'i':
		default:
			return w[:n-1]
		}
	}
	return w
}

// terms returns the index terms of text as new strings; for building only.
func terms(text string) []string {
	var t tokenizer
	t.reset(text)
	out := make([]string, 0, len(t.spans))
	for i := range t.spans {
		if w := term(t.word(i)); w != nil {
			out = append(out, string(w))
		}
	}
	return out
}

// stopWords are words too common in support messages to say what a request is about.
var stopWords = setOf(
	"a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "could", "did", "do", "does",
	"for", "from", "had", "has", "have", "he", "her", "hi", "his", "how", "i", "if", "in", "into", "is",
	"it", "its", "just", "me", "my", "no", "not", "of", "on", "or", "our", "ours", "please", "she", "so",
	"than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to",
	"too", "us", "very", "was", "we", "were", "what", "when", "which", "who", "why", "will", "with",
	"would", "you", "your", "yours", "am", "all", "any", "about", "after", "again", "also", "thanks",
	"thank", "dear", "hello", "regards", "best", "re", "fw", "fwd",
)

// setOf builds a set from a list of words.
func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
