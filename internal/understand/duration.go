package understand

import "math"

// hoursPer converts duration units to hours.
var hoursPer = map[string]float64{
	"hours": 1, "hour": 1, "hrs": 1, "hr": 1, "h": 1, "minutes": 1.0 / 60, "minute": 1.0 / 60,
	"mins": 1.0 / 60, "min": 1.0 / 60, "days": 24, "day": 24,
}

var outageCues = set("outage", "outages", "down", "downtime", "offline", "unreachable",
	"unavailable", "unavailability", "503s", "500s", "lasted", "went", "incident", "errors",
	"reachable", "accessible", "inaccessible", "degraded", "failed")

// durationBlockers before a figure mean it is not how long an outage lasted.
var durationBlockers = set("last", "past", "every", "within", "in", "than", "after", "took", "waiting", "waited")

// outageHours returns the first stated outage duration in hours: "down for 6
// hours", "a 4-hour outage", "~5h", "90 minutes", "from 2am to 8am".
func outageHours(d *document) (float64, int, int, bool) {
	for i, t := range d.toks {
		if !t.line.facts() || !d.isWord(i) {
			continue
		}
		h, b, ok := durationAt(d, i)
		if !ok || !near(d, i, 12, outageCues) && !previousSentenceCue(d, i) {
			continue
		}
		return math.Round(h*100) / 100, i, b, true
	}
	return 0, 0, 0, false
}

// durationAt reads a duration starting at token i and returns it in hours
// with the index of its last token.
func durationAt(d *document, i int) (float64, int, bool) {
	if p := d.prevWord(i); p >= 0 && durationBlockers[d.toks[p].norm] {
		return 0, 0, false
	}
	if h, b, ok := timeRange(d, i); ok {
		return h, b, true
	}
	n := d.toks[i].norm
	v, unit, ok := leadingNumber(n)
	j := i
	if !ok {
		if v, ok = numberWords[n]; !ok {
			return 0, 0, false
		}
		unit = ""
	}
	if unit == "" {
		if j = d.nextWord(i); j < 0 {
			return 0, 0, false
		}
		unit = d.toks[j].norm
	}
	per, ok := hoursPer[unit]
	if !ok || (n == "a" || n == "an") && per != 1 || v <= 0 || v > 1000 {
		return 0, 0, false
	}
	switch next := d.norm(d.nextWord(j)); next {
	case "ago", "window", "trial", "period", "notice", "policy", "guarantee", "refund":
		return 0, 0, false
	case "of":
		if !outageCues[d.norm(d.nextWord(d.nextWord(j)))] {
			return 0, 0, false
		}
	}
	return v * per, j, true
}

// timeRange reads "from 2am to 8am" as a number of hours.
func timeRange(d *document, i int) (float64, int, bool) {
	if d.toks[i].norm != "from" {
		return 0, 0, false
	}
	a := d.nextWord(i)
	to := d.nextWord(a)
	b := d.nextWord(to)
	if a < 0 || to < 0 || b < 0 || d.toks[to].norm != "to" && d.toks[to].norm != "until" {
		return 0, 0, false
	}
	h1, ok1 := clockHour(d.toks[a].norm)
	h2, ok2 := clockHour(d.toks[b].norm)
	if !ok1 || !ok2 {
		return 0, 0, false
	}
	h := math.Mod(h2-h1+24, 24)
	return h, b, h > 0
}

// clockHour reads "2am", "8pm", "14:30", and the European "14h" and "19h30"
// as hours since midnight.
func clockHour(s string) (float64, bool) {
	v, rest, ok := leadingNumber(s)
	if !ok {
		return 0, false
	}
	switch rest {
	case "am":
		return math.Mod(v, 12), v <= 12
	case "pm":
		return math.Mod(v, 12) + 12, v <= 12
	case "h":
		return v, v < 24
	}
	if len(rest) == 3 && (rest[0] == ':' || rest[0] == 'h') {
		m, _, ok := leadingNumber(rest[1:])
		return v + m/60, ok && v < 24
	}
	return 0, false
}

// previousSentenceCue reports whether a duration that opens its sentence
// ("Second outage this month. 12 hours last Tuesday.") follows a sentence
// about an outage.
func previousSentenceCue(d *document, i int) bool {
	p := d.prevWord(i)
	if p < 0 || d.toks[p].sent == d.toks[i].sent {
		return false
	}
	for j, sent := p, d.toks[p].sent; j >= 0 && j > p-30 && d.toks[j].sent == sent; j-- {
		if outageCues[d.toks[j].norm] {
			return true
		}
	}
	return false
}
