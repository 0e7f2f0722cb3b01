package understand

import "strings"

// A flag is a yes/no fact read from cue phrases, with the span that fired.
type flag struct {
	on   bool
	a, b int // token span of the evidence
	hits int
}

// phraseSet is a set of phrases of up to three content words, indexed by
// first word so most words cost no lookup at all.
type phraseSet struct {
	bit     uint8 // this set's bit in firstWords
	phrases map[string]bool
	longest map[string]int // first word → longest phrase length
}

// firstWords maps a word to the bits of the phrase sets with a phrase
// starting with it; bodyWords stores it on each word.
var (
	firstWords = map[string]uint8{}
	nextBit    uint8
)

func phrases(list ...string) phraseSet {
	ps := phraseSet{bit: 1 << nextBit, phrases: set(list...), longest: map[string]int{}}
	nextBit++
	for _, p := range list {
		first, _, _ := strings.Cut(p, " ")
		ps.longest[first] = max(ps.longest[first], strings.Count(p, " ")+1)
		firstWords[first] |= ps.bit
	}
	return ps
}

// phraseAt returns the length of the longest phrase of ps that starts at
// ws[i] within its clause, or 0.
func phraseAt(ws []word, i int, ps phraseSet) int {
	if ws[i].starts&ps.bit == 0 {
		return 0
	}
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
	"down", "missed uptime", "missed uptime sla", "inaccessible", "server problem", "server problems",
	"server issue", "server issues", "server outage", "degraded", "failed", "went dark")

// outageNeg are words that claim an outage when negated: "not reachable
// from 14h to 19h30", "wasn't accessible".
var outageNeg = set("reachable", "accessible", "responding", "responsive")

// outageClaim reports whether the customer says the service was down.
func outageClaim(d *document, ws []word) flag {
	return findFlag(ws, outagePhrases, outageNeg, func(i, n int) bool {
		if ws[i].key == "failed" {
			// "failed for 11 hours", not "failed for 3 users"
			return i+2 < len(ws) && ws[i+1].key == "#" && hoursPer[ws[i+2].key] > 0
		}
		if n > 1 || ws[i].key != "down" || i == 0 || ws[i-1].clause != ws[i].clause {
			return true
		}
		return !downNotOutage[ws[i-1].key]
	})
}

var downNotOutage = set("wind", "winds", "winding", "shutting", "shut", "slow", "slowed", "turned", "calm", "narrow", "back",
	"break", "broke", "write", "wrote", "sit", "trickle", "mark", "marked", "scale", "scaled", "put",
	"count", "burn", "cut", "settle", "track", "tracked", "bring", "let", "paid", "pay", "not")

var lossVerbs = phrases("lost", "lose", "missing", "empty", "gone", "deleted", "dropped", "blank", "never saved",
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
	"transactions", "logs", "entry", "notes.", "board", "tasks", "comments", "timesheets", "timesheet",
	"sheets", "spreadsheets", "spreadsheet", "dashboards", "dashboard", "config", "configuration",
	"templates", "forms", "workflows", "automations", "calendars", "calendar", "bookings",
	"appointments", "receipts", "members", "drafts", "videos", "recordings", "assets", "designs",
	"charts", "metrics", "monitors", "integrations", "labels", "tags", "repos", "repositories",
	"subscribers", "lists", "campaigns", "surveys", "results", "folders", "conversations", "chats",
	"threads", "transcripts", "archive", "archives")

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

func sameSentence(ws []word, i, j int) bool { return abs(int(ws[i].clause-ws[j].clause)) <= 3 }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
