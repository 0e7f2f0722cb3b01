package understand

// A short reply such as "Yes, please go ahead and close it." above a quoted
// e-mail means what the quoted e-mail proposed: when it points at the thread
// ("it", "that") the thread's words count more towards intents, and when it
// says yes a churn the quoted side offered counts as the customer's.

// shortReplyWords is the most content words a reply can have and still lean
// on the thread it quotes.
const shortReplyWords = 12

// assentWords say yes to what the quoted e-mail proposed.
var assentWords = set("yes", "yeah", "yep", "sure", "ok", "okay", "ahead", "confirm", "confirmed",
	"agreed", "agree", "fine", "correct", "please")

// pointers are the words by which a reply points at the thread: "close it",
// "do that".
var pointers = set("it", "that", "this", "them", "so", "one")

// replyShape describes a document as a reply to a quoted thread.
type replyShape struct {
	leans  bool // few words of its own, pointing at a quoted thread
	assent bool // few words of its own above a quoted thread, saying yes
}

// shapeOf measures d's own words against the thread it quotes.
func shapeOf(d *document) replyShape {
	own, quoted, assent, points := 0, false, false, false
	for _, t := range d.toks {
		switch {
		case t.kind > kNumber:
		case t.line.facts():
			own++
			assent = assent || assentWords[t.norm]
			points = points || pointers[t.norm]
		case t.line.intentWeight() > 0:
			quoted = true
		}
		if own > shortReplyWords {
			return replyShape{}
		}
	}
	return replyShape{leans: quoted && points, assent: quoted && assent}
}

// quotedWeight is how much a quoted or agent line counts towards intents.
func (r replyShape) quotedWeight() float64 {
	if r.leans {
		return 0.6
	}
	return 0.2
}

// quotedWords are the content words of the quoted thread, for flags.
func quotedWords(d *document) []word {
	var ws []word
	for i, t := range d.toks {
		if t.kind > kNumber || t.line.facts() || t.line.intentWeight() == 0 || t.filler {
			continue
		}
		k := matchKey(t)
		ws = append(ws, word{key: k, tok: i, clause: t.clause, weight: d.weight, starts: firstWords[k]})
	}
	return ws
}

// replyChurn is churnClaim, extended to a churn the quoted thread proposed
// when the customer's short reply says yes to it.
func replyChurn(d *document, ws []word) flag {
	f := churnClaim(d, ws)
	if !f.on && d.reply.assent {
		f = churnClaim(d, quotedWords(d))
	}
	return f
}
