package understand

import "strings"

// lineKind says what a line of a message is, so quoted mail, headers and
// signatures weigh less than the customer's own newest words.
type lineKind uint8

const (
	lineBody      lineKind = iota // the customer's words
	lineQuoted                    // "> …" or below an "On … wrote:" line
	lineAgent                     // a support agent's turn in a ticket thread
	lineHeader                    // "On … wrote:", "Date:", forwarding markers
	lineFrom                      // a "From:" header: only its address counts
	lineClosing                   // "Best regards," and the like
	lineSignature                 // everything below a closing or "--"
)

// intentWeight is how much a line's words count towards intents.
func (k lineKind) intentWeight() float64 {
	switch k {
	case lineBody:
		return 1
	case lineQuoted, lineAgent:
		return 0.2
	}
	return 0
}

// facts reports whether facts other than addresses are read from the line.
func (k lineKind) facts() bool { return k == lineBody }

// addresses reports whether e-mail addresses and domains are read from the line.
func (k lineKind) addresses() bool {
	return k == lineBody || k == lineFrom || k == lineClosing || k == lineSignature
}

var closings = []string{
	"thanks", "thank you", "thx", "cheers", "best", "best regards", "kind regards",
	"regards", "warm regards", "many thanks", "sincerely", "br", "all the best",
	"mit freundlichen grüßen", "cordialement", "thanks again", "best wishes",
}

// classifyLines gives the kind of each line of s.
func classifyLines(s string) []lineKind {
	n := strings.Count(s, "\n") + 1
	kinds := make([]lineKind, 0, n)
	state := lineBody // what unmarked lines are
	inHeader := false // the previous line was part of a mail header block
	for rest := s; ; {
		line, tail, more := strings.Cut(rest, "\n")
		l := strings.TrimSpace(line)
		k, next := classifyLine(l, state, inHeader)
		kinds = append(kinds, k)
		inHeader = k == lineHeader || k == lineFrom || inHeader && hasAnyPrefix(asciiLower(l[:min(len(l), 8)]), "subject:")
		state = next
		if !more {
			break
		}
		rest = tail
	}
	return kinds
}

// classifyLine returns the kind of one trimmed line and the state for the
// lines after it. "Date:", "To:" and the like are mail headers only inside a
// header block (after "From:" or a forwarding marker); elsewhere, as in a
// ticket's "Invoice: …" / "Date: …" fields, they are ordinary lines.
func classifyLine(l string, state lineKind, inHeader bool) (lineKind, lineKind) {
	// Every marker sits in a line's first 40 bytes or last 16; lower-casing
	// only those keeps long lines cheap.
	var low, tail string
	if len(l) <= 40 {
		low = asciiLower(l) // one copy serves both ends of a short line
		tail = low[max(0, len(low)-16):]
	} else {
		low, tail = asciiLower(l[:40]), asciiLower(l[len(l)-16:])
	}
	switch {
	case strings.HasPrefix(l, ">"):
		return lineQuoted, state
	case isWroteLine(tail):
		return lineHeader, lineBody
	case strings.Contains(low, "original message"):
		return lineHeader, lineQuoted
	case strings.Contains(low, "forwarded message"):
		return lineHeader, lineBody
	case strings.HasPrefix(low, "from:"):
		return lineFrom, state
	case inHeader && hasAnyPrefix(low, "date:", "to:", "cc:", "sent:"):
		return lineHeader, state
	case strings.HasPrefix(low, "subject:"):
		return state, state
	case state == lineQuoted || state == lineSignature:
		return state, state
	case l == "--" || l == "-- " || l == "—" || strings.HasPrefix(low, "sent from my"):
		return lineSignature, lineSignature
	case len(l) <= 40 && isClosing(low):
		return lineClosing, lineSignature
	case hasAnyPrefix(low, "agent", "support (", "support:", "rep:", "reply from"):
		return lineAgent, state
	}
	return state, state
}

func isWroteLine(low string) bool {
	return strings.HasSuffix(low, "wrote:") || strings.HasSuffix(low, "a écrit :") || strings.HasSuffix(low, "schrieb:")
}

// isClosing reports whether a lower-case line is a sign-off such as
// "Best regards," or "Thanks, Priya".
func isClosing(low string) bool {
	low = strings.TrimRight(low, ",.! ")
	for _, c := range closings {
		if low == c {
			return true
		}
		if rest, ok := strings.CutPrefix(low, c); ok && strings.HasPrefix(rest, ",") && len(strings.Fields(rest[1:])) <= 2 {
			return true
		}
	}
	return false
}

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
