package derive

import (
	"fmt"
	"strings"
	"time"
)

// date is a calendar date with no time of day and no zone.
type date struct {
	y int
	m time.Month
	d int
}

// String formats the date as YYYY-MM-DD.
func (d date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.y, int(d.m), d.d) }

// serial is the number of days since 1970-01-01, so that subtracting two
// serials counts calendar days regardless of daylight saving.
func (d date) serial() int {
	return int(time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// daysBetween counts calendar days from a to b (negative when b is before a).
func daysBetween(a, b date) int { return b.serial() - a.serial() }

// monthsBetween counts whole calendar months from a to b, day-of-month aware:
// Jan 31 → Feb 28 is 0 months, Jan 31 → Mar 1 is 1, Jan 15 → Feb 15 is 1.
func monthsBetween(a, b date) int {
	n := (b.y-a.y)*12 + int(b.m-a.m)
	if b.d < a.d {
		n--
	}
	return n
}

// today is the calendar date of t in loc.
func today(t time.Time, loc *time.Location) date {
	y, m, d := t.In(loc).Date()
	return date{y, m, d}
}

// storedDate is the calendar date of a stored time. Workspace dates are read
// as midnight UTC and mean that calendar day wherever the founder is, so a
// UTC midnight keeps its own date; any other instant is converted to loc.
func storedDate(t time.Time, loc *time.Location) date {
	if t.Location() == time.UTC && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		y, m, d := t.Date()
		return date{y, m, d}
	}
	return today(t, loc)
}

// parseDate reads a fact value as a calendar date: "YYYY-MM-DD" as written,
// an RFC 3339 string or a time.Time converted to loc.
func parseDate(v any, loc *time.Location) (date, bool) {
	switch v := v.(type) {
	case time.Time:
		if v.IsZero() {
			return date{}, false
		}
		return storedDate(v, loc), true
	case string:
		s := strings.TrimSpace(v)
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return storedDate(t, loc), true
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return today(t, loc), true
		}
	}
	return date{}, false
}

// monthOf is the calendar month containing d, as an instant range in loc:
// [first day 00:00, first day of next month 00:00).
func monthOf(d date, loc *time.Location) (start, end time.Time) {
	start = time.Date(d.y, d.m, 1, 0, 0, 0, 0, loc)
	end = time.Date(d.y, d.m+1, 1, 0, 0, 0, 0, loc)
	return start, end
}
