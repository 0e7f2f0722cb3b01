package derive

import (
	"time"

	"github.com/delegatezero/dz"
)

// charge derives the refund-window facts from the charge date: the
// charge_date fact, else the last_charge fact, else the entity's LastCharge.
//
//	days_since_charge    = today − charge date, in calendar days
//	days_past_window     = max(0, days_since_charge − refund_window_days)
//	within_refund_window = days_since_charge ≤ refund_window_days (the last day is inside)
func (d *deriver) charge() {
	last := d.entityTime(func(e *dz.Entity) time.Time { return e.LastCharge })
	at, from, ok := d.dateFact(last, "charge_date", "last_charge")
	if !ok {
		return
	}
	window := d.in.Settings.RefundWindowDays
	if window <= 0 {
		window = DefaultRefundWindowDays
	}
	days := daysBetween(at, d.today)
	d.add("days_since_charge", float64(days), "%s − %s (%s) = %d days, in %s",
		d.today, at, from, days, d.in.Loc)
	past := max(0, days-window)
	d.add("days_past_window", float64(past), "max(0, %d − %d-day window) = %d", days, window, past)
	d.add("within_refund_window", days <= window, "%d ≤ %d = %t", days, window, days <= window)
}

// renewal derives days_to_renewal = renewal date − today (negative when the
// renewal date has passed), from the renewal fact or the entity's Renewal.
func (d *deriver) renewal() {
	r := d.entityTime(func(e *dz.Entity) time.Time { return e.Renewal })
	at, from, ok := d.dateFact(r, "renewal")
	if !ok {
		return
	}
	days := daysBetween(d.today, at)
	d.add("days_to_renewal", float64(days), "%s (%s) − %s = %d days, in %s", at, from, d.today, days, d.in.Loc)
}

// tenure derives tenure_months: whole calendar months from the started fact
// or the entity's Started to today, day-of-month aware (Jan 31 → Feb 28 is 0
// months, → Mar 1 is 1), and 0 when the start is in the future.
func (d *deriver) tenure() {
	s := d.entityTime(func(e *dz.Entity) time.Time { return e.Started })
	at, from, ok := d.dateFact(s, "started")
	if !ok {
		return
	}
	n := max(0, monthsBetween(at, d.today))
	d.add("tenure_months", float64(n), "whole months from %s (%s) to %s = %d", at, from, d.today, n)
}

// revenue derives mrr_band (the band with the smallest Below above mrr, else
// the unbounded band with Below 0) and amount_at_risk = mrr × 12.
func (d *deriver) revenue() {
	mrr, ok := d.mrr()
	if !ok {
		return
	}
	risk := cents(mrr * 12)
	d.add("amount_at_risk", risk, "mrr %g × 12 = %g", mrr, risk)
	if b, ok := band(d.in.Settings.MRRBands, mrr); ok {
		if b.Below > 0 {
			d.add("mrr_band", b.Name, "mrr %g < %g → %s", mrr, b.Below, b.Name)
		} else {
			d.add("mrr_band", b.Name, "mrr %g above every bounded band → %s", mrr, b.Name)
		}
	}
}

// band picks the MRR band for mrr, whatever order the bands are listed in.
func band(bands []dz.MRRBand, mrr float64) (dz.MRRBand, bool) {
	var best, open dz.MRRBand
	var found, haveOpen bool
	for _, b := range bands {
		switch {
		case b.Below <= 0:
			if !haveOpen {
				open, haveOpen = b, true
			}
		case mrr < b.Below && (!found || b.Below < best.Below):
			best, found = b, true
		}
	}
	if found {
		return best, true
	}
	return open, haveOpen
}
