package understand

import (
	"strconv"
	"strings"
	"time"
)

// dateRef is a calendar date found in a message.
type dateRef struct {
	day        time.Time // midnight in the reader's location
	a, b       int       // token span
	confidence float64
}

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
	"may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
	"sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

var weekdays = map[string]time.Weekday{
	"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
	"sun": 0, "mon": 1, "tue": 2, "tues": 2, "wed": 3, "thu": 4, "thur": 4, "thurs": 4, "fri": 5, "sat": 6,
}

// dateStarts are the words a date can start with (besides figures).
var dateStarts = func() map[string]bool {
	m := set("yesterday", "today", "the")
	for _, src := range []map[string]time.Month{months} {
		for k := range src {
			m[k] = true
		}
	}
	for k := range weekdays {
		m[k] = true
		m[k+"s"] = len(k) > 4
	}
	for k := range numberWords {
		m[k] = true
	}
	return m
}()

// dateReader resolves dates against today in the reader's location.
type dateReader struct {
	d     *document
	today time.Time
	loc   *time.Location
}

// findDates returns every date on the customer's lines, in text order.
func findDates(d *document, now time.Time, loc *time.Location) []dateRef {
	y, m, dd := now.In(loc).Date()
	r := dateReader{d: d, today: time.Date(y, m, dd, 0, 0, 0, 0, loc), loc: loc}
	var out []dateRef
	for i := 0; i < len(d.toks); i++ {
		if t := d.toks[i]; !t.line.facts() || t.kind == kWord && !dateStarts[t.norm] || t.kind > kNumber {
			continue
		}
		if ref, ok := r.at(i); ok {
			if !ref.day.After(r.today) {
				out = append(out, ref)
			}
			i = ref.b
		}
	}
	return out
}

// at reads a date starting at token i.
func (r dateReader) at(i int) (dateRef, bool) {
	t := r.d.toks[i]
	switch {
	case t.kind == kNumber:
		if ref, ok := r.numeric(i); ok {
			return ref, true
		}
		if ref, ok := r.dayMonth(i); ok {
			return ref, true
		}
		return r.ago(i)
	case months[t.norm] != 0:
		return r.monthDay(i)
	case t.norm == "yesterday":
		return dateRef{day: r.today.AddDate(0, 0, -1), a: i, b: i, confidence: 0.9}, true
	case t.norm == "today":
		return dateRef{day: r.today, a: i, b: i, confidence: 0.85}, true
	case t.norm == "the":
		return r.ordinal(i)
	}
	if wd, ok := weekdays[t.norm]; ok && (len(t.norm) > 3 || r.d.src[t.start] <= 'Z') {
		return r.weekday(i, wd)
	}
	if wd, ok := r.possessiveWeekday(i); ok {
		return r.weekday(i, wd)
	}
	return r.ago(i)
}

// possessiveWeekday reads "mondays outage" (Monday's, apostrophe dropped):
// a plural weekday directly followed by an event word.
func (r dateReader) possessiveWeekday(i int) (time.Weekday, bool) {
	n := r.d.toks[i].norm
	wd, ok := weekdays[strings.TrimSuffix(n, "s")]
	if !ok || len(n) < 6 || n[len(n)-1] != 's' {
		return 0, false
	}
	next := r.d.nextWord(i)
	return wd, next == i+1 && dateCues[r.d.toks[next].norm] != roleNone
}

// numeric reads 2026-03-03, 2026/03/03, 3/3/2026 (US order unless the first
// part is over 12) and 14.03.2026.
func (r dateReader) numeric(i int) (dateRef, bool) {
	s := r.d.toks[i].norm
	var parts []string
	for _, sep := range []string{"-", "/", "."} {
		if strings.Count(s, sep) == 2 {
			parts = strings.Split(s, sep)
			break
		}
	}
	if len(parts) != 3 {
		return dateRef{}, false
	}
	n := make([]int, 3)
	for k, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || len(p) > 4 {
			return dateRef{}, false
		}
		n[k] = v
	}
	var y, m, d int
	switch {
	case len(parts[0]) == 4:
		y, m, d = n[0], n[1], n[2]
	case len(parts[2]) == 4 && (n[0] > 12 || strings.Contains(s, ".")):
		d, m, y = n[0], n[1], n[2]
	case len(parts[2]) == 4:
		m, d, y = n[0], n[1], n[2]
	default:
		return dateRef{}, false
	}
	return r.make(y, m, d, i, i, 0.95)
}

// monthDay reads "March 3", "Mar 3rd, 2026", "March 3 2026".
func (r dateReader) monthDay(i int) (dateRef, bool) {
	j := r.d.nextWord(i)
	if j != i+1 {
		return dateRef{}, false
	}
	day, ok := dayNumber(r.d.toks[j].norm)
	if !ok {
		return dateRef{}, false
	}
	return r.withYear(int(months[r.d.toks[i].norm]), day, i, j)
}

// dayMonth reads "3rd of March", "3 March 2026", "the 28th of last month".
func (r dateReader) dayMonth(i int) (dateRef, bool) {
	day, ok := dayNumber(r.d.toks[i].norm)
	if !ok {
		return dateRef{}, false
	}
	j := r.d.nextWord(i)
	if r.d.norm(j) == "of" {
		j = r.d.nextWord(j)
	}
	if r.d.norm(j) == "last" && r.d.norm(r.d.nextWord(j)) == "month" {
		prev := r.today.AddDate(0, 0, -r.today.Day()) // last day of the previous month
		return r.make(prev.Year(), int(prev.Month()), day, i, r.d.nextWord(j), 0.85)
	}
	if j < 0 || j-i > 3 || months[r.d.toks[j].norm] == 0 {
		return dateRef{}, false
	}
	return r.withYear(int(months[r.d.toks[j].norm]), day, i, j)
}

// withYear completes a month and day with the year after it, or with the
// latest year that does not put the date in the future.
func (r dateReader) withYear(m, day, a, b int) (dateRef, bool) {
	k := b + 1
	if k < len(r.d.toks) && r.d.toks[k].norm == "," {
		k++
	}
	if k < len(r.d.toks) && r.d.toks[k].kind == kNumber && len(r.d.toks[k].norm) == 4 {
		if y, err := strconv.Atoi(r.d.toks[k].norm); err == nil && y >= 1990 && y <= 2100 {
			return r.make(y, m, day, a, k, 0.95)
		}
	}
	y := r.today.Year()
	if time.Date(y, time.Month(m), day, 0, 0, 0, 0, r.loc).After(r.today) {
		y--
	}
	return r.make(y, m, day, a, b, 0.9)
}

// ordinal reads "the 12th": the latest such day not after today.
func (r dateReader) ordinal(i int) (dateRef, bool) {
	j := i + 1
	if j >= len(r.d.toks) || !isOrdinal(r.d.toks[j].norm) {
		return dateRef{}, false
	}
	next := r.d.norm(r.d.nextWord(j))
	switch {
	case next == "of":
		return r.dayMonth(j)
	case ordinalNouns[next]:
		return dateRef{}, false // "the 2nd month in a row", "the 3rd time"
	}
	day, _ := dayNumber(r.d.toks[j].norm)
	ref := r.today
	if day > r.today.Day() {
		ref = r.today.AddDate(0, 0, -r.today.Day())
	}
	return r.make(ref.Year(), int(ref.Month()), day, i, j, 0.75)
}

// ordinalNouns after "the 2nd" make it a count, not a day of the month.
var ordinalNouns = set("time", "times", "attempt", "try", "month", "week", "year", "day", "quarter",
	"invoice", "charge", "payment", "email", "ticket", "message", "reminder", "request", "person",
	"one", "row", "floor", "outage", "incident", "breach", "failure", "issue", "bill", "call",
	"agent", "step", "part", "option", "round", "case", "account", "seat", "user", "place")

// weekday reads "Tuesday", "last Tuesday", "on Tuesday": the latest such day
// before today.
func (r dateReader) weekday(i int, wd time.Weekday) (dateRef, bool) {
	back := (int(r.today.Weekday()) - int(wd) + 7) % 7
	if back == 0 {
		back = 7
	}
	a := i
	if p := r.d.prevWord(i); p >= 0 && p == i-1 && r.d.toks[p].norm == "last" {
		a = p
	}
	return dateRef{day: r.today.AddDate(0, 0, -back), a: a, b: i, confidence: 0.8}, true
}

// ago reads "46 days ago", "six weeks ago", "a month ago", "a couple of weeks
// ago", and "46 days since …" (the charge or outage named after it).
func (r dateReader) ago(i int) (dateRef, bool) {
	n, ok := count(r.d.toks[i].norm)
	if !ok {
		return dateRef{}, false
	}
	j := r.d.nextWord(i)
	if r.d.norm(j) == "couple" {
		n, j = 2, r.d.nextWord(j)
	}
	if r.d.norm(j) == "of" {
		j = r.d.nextWord(j)
	}
	unit, k := r.d.norm(j), r.d.nextWord(j)
	if end := r.d.norm(k); end != "ago" && end != "since" || n > 400 || n != float64(int(n)) {
		return dateRef{}, false
	}
	days := map[string]int{"day": 1, "days": 1, "week": 7, "weeks": 7}[unit]
	mon := map[string]int{"month": 1, "months": 1, "year": 12, "years": 12}[unit]
	switch {
	case days > 0:
		return dateRef{day: r.today.AddDate(0, 0, -days*int(n)), a: i, b: k, confidence: 0.9}, true
	case mon > 0:
		return dateRef{day: r.today.AddDate(0, -mon*int(n), 0), a: i, b: k, confidence: 0.8}, true
	}
	return dateRef{}, false
}

// make validates a calendar date.
func (r dateReader) make(y, m, d, a, b int, conf float64) (dateRef, bool) {
	if y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31 {
		return dateRef{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, r.loc)
	if t.Day() != d {
		return dateRef{}, false
	}
	return dateRef{day: t, a: a, b: b, confidence: conf}, true
}

// dayNumber reads "3", "3rd", "20th" as a day of the month.
func dayNumber(s string) (int, bool) {
	digits := strings.TrimRight(s, "stndrh")
	if len(digits) == 0 || len(digits) > 2 || len(s)-len(digits) > 2 || (len(s) != len(digits) && !isOrdinal(s)) {
		return 0, false
	}
	v, err := strconv.Atoi(digits)
	if err != nil || v < 1 || v > 31 {
		return 0, false
	}
	return v, true
}

func isOrdinal(s string) bool {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if d, ok := strings.CutSuffix(s, suf); ok && d != "" && len(d) <= 2 {
			_, err := strconv.Atoi(d)
			return err == nil
		}
	}
	return false
}
