package understand

import (
	"math"
	"strings"
)

// A flag is a yes/no fact read from cue phrases, with the span that fired.
type flag struct {
	on   bool
	a, b int // token span of the evidence
	hits int
}

// phraseSet is a set of phrases of up to three content words, indexed by
// first word so most words cost one lookup.
type phraseSet struct {
	phrases map[string]bool
	longest map[string]int // first word → longest phrase length
}

func phrases(list ...string) phraseSet {
	ps := phraseSet{phrases: set(list...), longest: map[string]int{}}
	for _, p := range list {
		first, _, _ := strings.Cut(p, " ")
		ps.longest[first] = max(ps.longest[first], strings.Count(p, " ")+1)
	}
	return ps
}

// phraseAt returns the length of the longest phrase of ps that starts at
// ws[i] within its clause, or 0.
func phraseAt(ws []word, i int, ps phraseSet) int {
	limit := ps.longest[ws[i].key]
	if limit <= 1 {
		return limit
	}
	var arr [64]byte
	buf := append(arr[:0], ws[i].key...)
	best := 0
	if ps.phrases[ws[i].key] {
		best = 1
	}
	for n := 2; n <= limit && i+n <= len(ws) && ws[i+n-1].clause == ws[i].clause; n++ {
		buf = append(append(buf, ' '), ws[i+n-1].key...)
		if ps.phrases[string(buf)] {
			best = n
		}
	}
	return best
}

// findFlag scans body words for phrases that are not negated and pass ok;
// negated words of negPhrases (e.g. "not renewing") count too.
func findFlag(ws []word, ps phraseSet, negPhrases map[string]bool, ok func(i, n int) bool) flag {
	f := flag{}
	for i := 0; i < len(ws); i++ {
		if n := phraseAt(ws, i, ps); n > 0 && !negated(ws, i) && (ok == nil || ok(i, n)) {
			f.hit(ws, i, n)
			i += n - 1
			continue
		}
		if negPhrases != nil && negPhrases[ws[i].key] && negated(ws, i) {
			f.hit(ws, i, 1)
		}
	}
	return f
}

func (f *flag) hit(ws []word, i, n int) {
	if !f.on {
		f.a, f.b = ws[i].tok, ws[i+n-1].tok
	}
	f.on = true
	f.hits++
}

var outagePhrases = phrases("outage", "outages", "downtime", "offline", "unreachable", "unavailable",
	"unavailability", "503s", "500s", "incident", "breach", "sla breach", "went down", "was down",
	"were down", "is down", "been down", "are down", "down again", "down for", "you're down",
	"down", "missed uptime", "missed uptime sla")

// outageClaim reports whether the customer says the service was down.
func outageClaim(d *document, ws []word) flag {
	return findFlag(ws, outagePhrases, nil, func(i, n int) bool {
		if n > 1 || ws[i].key != "down" || i == 0 || ws[i-1].clause != ws[i].clause {
			return true
		}
		return !downNotOutage[ws[i-1].key]
	})
}

var downNotOutage = set("winding", "shutting", "slow", "slowed", "turned", "calm", "narrow", "back",
	"break", "broke", "write", "wrote", "sit", "trickle", "mark", "marked", "scale", "scaled", "put",
	"count", "burn", "cut", "settle", "track", "tracked", "bring", "let", "paid", "pay", "not")

var lossVerbs = phrases("lost", "missing", "gone", "deleted", "dropped", "blank", "never saved",
	"no longer available", "can't find", "cannot find", "couldn't find", "# bytes", "disappeared",
	"vanished", "wiped", "erased", "corrupted", "overwrote", "overwritten", "lost data", "data loss")

var strongLoss = set("disappeared", "vanished", "wiped", "erased", "corrupted", "overwrote",
	"overwritten", "data loss", "never saved", "no longer available")

var dataNouns = set("data", "records", "record", "files", "file", "notes", "contacts", "contact",
	"entries", "invoices", "projects", "tickets", "documents", "attachments", "history", "responses",
	"submissions", "exports", "events", "notifications", "tables", "columns", "inspections", "stages",
	"list", "folder", "crm", "database", "orders", "deals", "backups", "uploads", "messages",
	"everything", "pdfs", "shipment", "accounts", "work", "changes", "photos", "reports", "rows",
	"fields", "emails", "content", "posts", "pages", "images", "leads", "customers", "products",
	"transactions", "logs", "entry", "notes.", "board", "tasks", "comments")

// lossClaim reports whether the customer says data was lost.
func lossClaim(ws []word) flag {
	return findFlag(ws, lossVerbs, nil, func(i, n int) bool {
		if askingHow(ws, i) {
			return false
		}
		return strongLoss[phraseKey(ws, i, n)] || nounNear(ws, i, 5)
	})
}

func phraseKey(ws []word, i, n int) string {
	key := ws[i].key
	for j := 1; j < n; j++ {
		key += " " + ws[i+j].key
	}
	return key
}

func askingHow(ws []word, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if ws[j].key == "how" {
			return true
		}
	}
	return false
}

func nounNear(ws []word, i, n int) bool {
	for j := max(0, i-n); j < len(ws) && j <= i+n+2; j++ {
		if j != i && dataNouns[ws[j].key] && sameSentence(ws, i, j) {
			return true
		}
	}
	return false
}

func sameSentence(ws []word, i, j int) bool { return abs(ws[i].clause-ws[j].clause) <= 3 }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

var churnPhrases = phrases("cancel", "cancels", "cancelling", "canceling", "cancelled", "canceled",
	"cancellation", "unsubscribe", "terminate", "terminating", "termination", "close account",
	"closing account", "close workspace", "delete account", "end contract", "stop renewal",
	"auto-renew", "auto renewal", "autorenew", "switch", "switching", "competitor", "competitors",
	"alternatives", "alternative", "leaving", "or out", "are out", "moved another", "moved different",
	"stopped using", "no longer use", "reconsidering", "reconsider", "shutting down",
	"winding down", "free tier", "not using", "cancle", "another vendor", "different vendor")

// churnNeg are words that signal churn when negated: "not renewing",
// "won't renew", "not to continue".
var churnNeg = set("renew", "renewing", "renewal", "continue", "renewed")

// churnClaim reports whether the customer says they will or may leave.
func churnClaim(d *document, ws []word) flag {
	f := findFlag(ws, churnPhrases, churnNeg, nil)
	if !f.on {
		for i, w := range ws {
			if w.key == "anymore" && i > 0 && nearKey(ws, i, 4, "use", "using") {
				f.hit(ws, i, 1)
				break
			}
		}
	}
	return f
}

func nearKey(ws []word, i, n int, keys ...string) bool {
	for j := max(0, i-n); j < i; j++ {
		for _, k := range keys {
			if ws[j].key == k {
				return true
			}
		}
	}
	return false
}

// angerCues weigh words that signal an angry customer.
var angerCues = map[string]float64{
	"furious": 0.9, "ridiculous": 0.9, "unacceptable": 0.9, "garbage": 0.9, "wtf": 0.9,
	"useless": 0.9, "worst": 0.9, "terrible": 0.9, "disaster": 0.9, "last straw": 0.9, "joke": 0.7,
	"pathetic": 0.9, "awful": 0.9, "hell": 0.7, "lawyers": 0.7, "legal": 0.5, "lawsuit": 0.9,
	"disappointed": 0.7, "frustrating": 0.7, "frustrated": 0.7, "annoying": 0.6, "not ok": 0.6,
	"not okay": 0.6, "not happy": 0.5, "seriously": 0.4, "embarrassing": 0.7, "tired": 0.5, "ugh": 0.6,
	"rude": 0.7, "condescending": 0.5, "asked twice": 0.6, "3rd time": 0.5, "third time": 0.5,
	"second time": 0.5, "second": 0.4, "third": 0.4, "again": 0.4, "nobody": 0.4, "no one": 0.4,
	"do you even": 0.5, "what going on": 0.5, "where": 0.3, "now": 0.2, "explain": 0.3, "bad": 0.3,
	"killed": 0.4, "immediately": 0.3, "unhappy": 0.5, "sick": 0.5, "hate": 0.7, "scam": 0.9,
	"incompetent": 0.9, "insane": 0.7, "crap": 0.9, "shit": 0.9, "damn": 0.6, "fuck": 0.9,
	"fucking": 0.9, "never again": 0.6, "wasted": 0.4, "demand": 0.5, "unbelievable": 0.8,
	"absurd": 0.8, "outrageous": 0.9, "angry": 0.8, "mad": 0.6, "upset": 0.6,
	"whats going on": 0.5, "fix": 0.3, "disgrace": 0.9, "horrible": 0.9, "livid": 0.9, "nightmare": 0.7, "answers": 0.3,
}

var angerKeys = func() phraseSet {
	keys := make([]string, 0, len(angerCues))
	for k := range angerCues {
		keys = append(keys, k)
	}
	return phrases(keys...)
}()

// acronyms written in capitals are not shouting.
var acronyms = set("GDPR", "ASAP", "HTTP", "JSON", "HTML", "SAML", "OKTA", "UTC", "GMT", "NOTE",
	"FYI", "CEST", "AWS", "IMPORTANT", "URGENT", "HIPAA", "SOC2", "PDFS", "CSV", "XLSX", "API")

// anger scores how angry the customer's own words are, 0–1.
func anger(d *document, ws []word, churn bool) (float64, flag) {
	sum, f := 0.0, flag{}
	for i := 0; i < len(ws); i++ {
		n := phraseAt(ws, i, angerKeys)
		if n == 0 {
			continue
		}
		key := phraseKey(ws, i, n)
		if negated(ws, i) && key != "not ok" && key != "not happy" && key != "no one" {
			i += n - 1
			continue
		}
		sum += angerCues[key] * ws[i].weight
		f.hit(ws, i, n)
		i += n - 1
	}
	sum += punctuationAnger(d)
	if churn {
		sum += 0.3
	}
	return round3(1 - math.Exp(-sum)), f
}

// punctuationAnger weighs "!!", "??", single "!" and words in capitals.
func punctuationAnger(d *document) float64 {
	sum, caps, bangs := 0.0, 0, 0
	for i, t := range d.toks {
		if !t.line.facts() {
			continue
		}
		switch {
		case t.caps && !acronyms[d.src[t.start:t.end]] && t.kind == kWord:
			caps++
		case t.norm == "!" || t.norm == "?":
			runStart := i == 0 || d.toks[i-1].norm != t.norm || d.toks[i-1].end != t.start
			runOn := i+1 < len(d.toks) && d.toks[i+1].norm == t.norm && d.toks[i+1].start == t.end
			switch {
			case runStart && runOn:
				sum += 0.4
			case runStart && t.norm == "!":
				bangs++
			}
		}
	}
	sum += math.Min(float64(bangs)*0.15, 0.3)
	if caps > 0 {
		sum += 0.6 + math.Min(float64(caps-1)*0.2, 0.6)
	}
	return math.Min(sum, 1.5) * d.weight
}
