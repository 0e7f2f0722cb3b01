package understand

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kind classifies a token.
type kind uint8

const (
	kWord   kind = iota // letters, possibly with digits and inner connectors
	kNumber             // starts with a digit
	kSymbol             // a single non-word rune such as $, €, %, #
	kBreak              // clause punctuation: . , ; : ! ? ( ) and dashes
)

// token is one word, number or symbol of a message, with its byte span in
// the message, its normalised form and where it sits.
type token struct {
	norm       string // lower-case; "’" → "'"; trailing "'s" dropped; typos corrected
	typed      string // norm before typo correction (words only)
	start, end int32  // input is capped at maxInput bytes
	clause     int32  // changes at punctuation, "but" and "and"
	sent       int32  // changes at . ! ? and line ends
	kind       kind
	line       lineKind
	caps       bool
	filler     bool // skipped when matching phrases
}

// isWordRune reports whether r can be part of a word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isConnector reports whether c joins the word runes around it into one
// token: a decimal point, a hyphen, an e-mail's @, an apostrophe, a time's
// colon, a date's slash.
func isConnector(prev, c, next rune) bool {
	digits := isDigit(prev) && isDigit(next)
	switch c {
	case '.', '-', '@', '_', '+':
		return true
	case ',', '/', ':':
		return digits
	case '\'', '’':
		return unicode.IsLetter(prev) && unicode.IsLetter(next)
	}
	return false
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// tokenize splits s into tokens. lines gives the kind of each line of s.
func tokenize(s string, lines []lineKind) []token {
	toks := make([]token, 0, len(s)/5+4)
	low := asciiLower(s)
	line, clause, sent := 0, int32(0), int32(0)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			line++
			if !wrapped(s, i+n) {
				clause++
				sent++
			}
			i += n
		case isWordRune(r):
			end := wordEnd(s, i)
			t := newWord(s, low, i, end)
			if t.norm == "but" || t.norm == "however" || t.norm == "and" {
				clause++
			}
			t.line, t.clause, t.sent = lineAt(lines, line), clause, sent
			toks = append(toks, t)
			i = end
		case unicode.IsSpace(r):
			i += n
		default:
			if isBreak(r) {
				clause++
				if r == '.' || r == '!' || r == '?' {
					sent++
				}
			}
			toks = append(toks, token{start: int32(i), end: int32(i + n), norm: s[i : i+n], kind: symbolKind(r),
				line: lineAt(lines, line), clause: clause, sent: sent})
			i += n
		}
	}
	return toks
}

// wrapped reports whether the line starting at i continues the previous
// line's sentence, as in a hard-wrapped e-mail: it starts with a lower-case
// letter.
func wrapped(s string, i int) bool {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLower(r)
}

func lineAt(lines []lineKind, i int) lineKind {
	if i < len(lines) {
		return lines[i]
	}
	return lineBody
}

func isBreak(r rune) bool {
	return strings.ContainsRune(".,;:!?()[]—–\"“”", r)
}

func symbolKind(r rune) kind {
	if isBreak(r) {
		return kBreak
	}
	return kSymbol
}

// wordEnd returns the end of the word starting at i.
func wordEnd(s string, i int) int {
	prev := rune(0)
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if isWordRune(r) {
			prev, i = r, i+n
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[i+n:])
		if i+n < len(s) && isWordRune(next) && isConnector(prev, r, next) {
			prev, i = r, i+n
			continue
		}
		break
	}
	return i
}

// newWord builds the token for s[start:end].
func newWord(s, low string, start, end int) token {
	norm := low[start:end]
	if strings.Contains(norm, "’") {
		norm = strings.ReplaceAll(norm, "’", "'")
	}
	if len(norm) > 2 && strings.HasSuffix(norm, "'s") {
		norm = norm[:len(norm)-2]
	}
	k := kWord
	if isDigit(rune(s[start])) {
		k = kNumber
	}
	return token{start: int32(start), end: int32(end), norm: norm, kind: k, caps: isCaps(s[start:end])}
}

// isCaps reports whether w is written in capitals and has at least 4 letters.
func isCaps(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return false
		case r >= utf8.RuneSelf && unicode.IsLower(r):
			return false
		}
	}
	return letters >= 4
}

// asciiLower lower-cases ASCII letters only, so byte offsets stay valid.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; c >= 'A' && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
