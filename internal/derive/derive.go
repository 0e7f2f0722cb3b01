// Package derive computes the facts a decision needs but nobody states: days
// since the charge and past the refund window, days to renewal, tenure, the
// MRR band, uptime against the SLA from incident records, the credit owed and
// the revenue at risk. Each fact is computed only when its inputs are known,
// and its Evidence shows the formula with the numbers used.
//
// Day counts are calendar days in the workspace time zone: "now" is converted
// to Input.Loc, while dates written in the workspace ("YYYY-MM-DD") mean that
// calendar day wherever the founder is.
package derive

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/delegatezero/dz"
)

// DefaultRefundWindowDays is the refund window used when settings give none.
const DefaultRefundWindowDays = 30

// Input is everything Derive reads.
type Input struct {
	Now       time.Time
	Loc       *time.Location // day counts in the workspace time zone; nil means UTC
	Facts     map[string]any // merged caller/extracted/entity facts so far
	Entity    *dz.Entity     // may be nil
	Settings  dz.Settings
	Incidents []dz.Incident // from all sources of kind incidents
}

// Derive returns the derived facts whose inputs are known, with Source
// dz.FromDerived, Confidence 1 and Evidence the formula with its numbers,
// sorted by Name. Facts in Input.Facts win over entity fields as inputs, so a
// caller-given charge_date or mrr is what the derivation uses.
func Derive(in Input) []dz.Fact {
	if in.Loc == nil {
		in.Loc = time.UTC
	}
	d := &deriver{in: in, today: today(in.Now, in.Loc)}
	d.charge()
	d.renewal()
	d.tenure()
	d.revenue()
	d.sla()
	sort.Slice(d.out, func(i, j int) bool { return d.out[i].Name < d.out[j].Name })
	return d.out
}

// deriver accumulates derived facts for one Input.
type deriver struct {
	in    Input
	today date
	out   []dz.Fact
}

// add records one derived fact.
func (d *deriver) add(name string, value any, format string, args ...any) {
	d.out = append(d.out, dz.Fact{
		Name: name, Value: value, Source: dz.FromDerived, Confidence: 1,
		Evidence: fmt.Sprintf(format, args...),
	})
}

// num reads a numeric fact.
func (d *deriver) num(name string) (float64, bool) {
	return toFloat(d.in.Facts[name])
}

// dateFact reads the first of names that holds a date, then falls back to the
// entity time t (zero when the entity has none). It returns the name used.
func (d *deriver) dateFact(t time.Time, names ...string) (date, string, bool) {
	for _, n := range names {
		if v, ok := d.in.Facts[n]; ok {
			if dt, ok := parseDate(v, d.in.Loc); ok {
				return dt, n, true
			}
		}
	}
	if t.IsZero() {
		return date{}, "", false
	}
	return storedDate(t, d.in.Loc), "entity." + names[len(names)-1], true
}

// entityTime returns f(entity), or the zero time when there is no entity.
func (d *deriver) entityTime(f func(*dz.Entity) time.Time) time.Time {
	if d.in.Entity == nil {
		return time.Time{}
	}
	return f(d.in.Entity)
}

// mrr is the monthly recurring revenue: the mrr fact, else a positive entity MRR.
func (d *deriver) mrr() (float64, bool) {
	if v, ok := d.num("mrr"); ok {
		return v, true
	}
	if d.in.Entity != nil && d.in.Entity.MRR > 0 {
		return d.in.Entity.MRR, true
	}
	return 0, false
}

// toFloat reads a number of any Go numeric type; NaN and infinities are not numbers.
func toFloat(v any) (float64, bool) { return dz.Number(v) }

// cents rounds money to two decimals.
func cents(x float64) float64 { return math.Round(x*100) / 100 }
