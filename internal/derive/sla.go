package derive

import (
	"math"
	"sort"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// recentIncidentDays is how far back an incident may have started and still
// choose the SLA period when the request names no incident date.
const recentIncidentDays = 90

// sla derives uptime_percent, sla_breached, sla_credit_percent,
// sla_credit_amount and incident_id when the workspace has an SLA target.
//
// The period is the calendar month (in Loc) containing incident_date if it is
// known, else the month in which the most recent incident affecting the
// entity started within the last 90 days, else the current month. An incident
// affects the entity when its Affects list is empty or names the entity's
// plan or id. Overlapping incidents are merged and clipped to the period; an
// incident with no end counts as ongoing until now.
//
//	uptime_percent     = 100 × (1 − downtime / period length), rounded to 4 decimals
//	sla_breached       = uptime_percent < target_percent
//	sla_credit_percent = percent of the tier with the lowest below_percent above uptime, else 0
//	sla_credit_amount  = mrr × sla_credit_percent / 100, rounded to cents
func (d *deriver) sla() {
	terms := d.in.Settings.SLA
	if terms.TargetPercent <= 0 {
		return
	}
	incs := d.affecting()
	month, chosen, why := d.slaPeriod(incs)
	start, end := monthOf(month, d.in.Loc)
	down := downtime(incs, start, end, d.in.Now)
	length := end.Sub(start)
	uptime := math.Round(1e6*(1-down.Seconds()/length.Seconds())) / 1e4
	d.add("uptime_percent", uptime, "100 × (1 − %.1f min down / %.0f min in %04d-%02d, %s) = %g; period: %s",
		down.Minutes(), length.Minutes(), month.y, int(month.m), d.in.Loc, uptime, why)
	breached := uptime < terms.TargetPercent
	d.add("sla_breached", breached, "%g < target %g = %t", uptime, terms.TargetPercent, breached)
	pct, below := creditTier(terms.Credits, uptime)
	if below > 0 {
		d.add("sla_credit_percent", pct, "uptime %g < %g → %g%% credit", uptime, below, pct)
	} else {
		d.add("sla_credit_percent", pct, "uptime %g is under no credit tier → 0%%", uptime)
	}
	if mrr, ok := d.mrr(); ok {
		amt := cents(mrr * pct / 100)
		d.add("sla_credit_amount", amt, "mrr %g × %g%% = %g", mrr, pct, amt)
	}
	if chosen != nil {
		end := "ongoing"
		if !chosen.End.IsZero() {
			end = chosen.End.Format(time.RFC3339)
		}
		d.add("incident_id", chosen.ID, "%s (%s → %s): %s", chosen.ID, chosen.Start.Format(time.RFC3339), end, why)
	}
}

// affecting returns the incidents that affect the request's entity, by plan
// (the plan fact or the entity's) or by entity id, compared case-insensitively.
func (d *deriver) affecting() []dz.Incident {
	var names []string
	if p, ok := d.in.Facts["plan"].(string); ok && p != "" {
		names = append(names, p)
	}
	if e := d.in.Entity; e != nil {
		names = append(names, e.Plan, e.ID)
	}
	var out []dz.Incident
	for _, inc := range d.in.Incidents {
		if !inc.Start.IsZero() && affects(inc.Affects, names) {
			out = append(out, inc)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Start.Equal(out[j].Start) {
			return out[i].Start.Before(out[j].Start)
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// affects reports whether an Affects list covers any of names.
func affects(list, names []string) bool {
	if len(list) == 0 {
		return true
	}
	for _, a := range list {
		for _, n := range names {
			if n != "" && strings.EqualFold(a, n) {
				return true
			}
		}
	}
	return false
}

// slaPeriod picks the SLA month, the incident it was measured on (nil when
// none) and a note saying why. incs are sorted by start.
func (d *deriver) slaPeriod(incs []dz.Incident) (date, *dz.Incident, string) {
	loc := d.in.Loc
	if day, ok := parseDate(d.in.Facts["incident_date"], loc); ok {
		ds := time.Date(day.y, day.m, day.d, 0, 0, 0, 0, loc)
		chosen := latestOverlapping(incs, ds, ds.AddDate(0, 0, 1), d.in.Now)
		if chosen == nil {
			ms, me := monthOf(day, loc)
			chosen = latestOverlapping(incs, ms, me, d.in.Now)
		}
		return day, chosen, "month of incident_date " + day.String()
	}
	from := d.in.Now.AddDate(0, 0, -recentIncidentDays)
	for i := len(incs) - 1; i >= 0; i-- {
		s := incs[i].Start
		if s.After(from) && !s.After(d.in.Now) {
			return today(s, loc), &incs[i], "month of the most recent incident " + incs[i].ID
		}
	}
	start, end := monthOf(d.today, loc)
	return d.today, latestOverlapping(incs, start, end, d.in.Now), "current month (no incident in the last 90 days)"
}

// latestOverlapping returns the latest-starting incident that overlaps [start, end).
func latestOverlapping(incs []dz.Incident, start, end, now time.Time) *dz.Incident {
	for i := len(incs) - 1; i >= 0; i-- {
		s, e := span(incs[i], now)
		if s.Before(end) && e.After(start) {
			return &incs[i]
		}
	}
	return nil
}

// span is an incident's [start, end); an incident with no end lasts until now.
func span(inc dz.Incident, now time.Time) (time.Time, time.Time) {
	if inc.End.IsZero() {
		return inc.Start, now
	}
	return inc.Start, inc.End
}

// downtime is the total time in [start, end) covered by at least one incident.
// incs are sorted by start, so overlapping spans merge in one pass.
func downtime(incs []dz.Incident, start, end, now time.Time) time.Duration {
	var total time.Duration
	var curS, curE time.Time
	for _, inc := range incs {
		s, e := span(inc, now)
		s, e = later(s, start), earlier(e, end)
		if !e.After(s) {
			continue
		}
		if !curE.IsZero() && !s.After(curE) {
			curE = later(curE, e)
			continue
		}
		total += curE.Sub(curS)
		curS, curE = s, e
	}
	return total + curE.Sub(curS)
}

// creditTier returns the percent of the tier with the lowest BelowPercent
// that uptime is under, and that BelowPercent; 0, 0 when no tier applies.
func creditTier(tiers []dz.CreditTier, uptime float64) (percent, below float64) {
	for _, t := range tiers {
		if uptime < t.BelowPercent && (below == 0 || t.BelowPercent < below) {
			percent, below = t.Percent, t.BelowPercent
		}
	}
	return percent, below
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
