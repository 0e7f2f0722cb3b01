package retrieve

import (
	"math"
	"strings"

	"github.com/delegatezero/dz"
)

// Missing is the value reported in PrecedentMatch.Features for a feature
// that one side does not have; such features are left out of the mean.
const Missing = -1.0

// The structured and text features of precedent similarity, in the order of
// featureNames and featureWeights.
const (
	featIntent = iota
	featPlan
	featDaysPastWindow
	featSLABreached
	featTenure
	featMRR
	featAmount
	featText
	nFeatures
)

// featureNames are the keys of PrecedentMatch.Features, by feature.
var featureNames = [nFeatures]string{"intent", "plan", "days_past_window", "sla_breached", "tenure_months", "mrr", "amount", "text"}

// featureWeights weigh each feature in the similarity mean: the intent most,
// then how far past the refund window the case was, whether the SLA was
// breached and the wording; the account's shape counts least.
var featureWeights = [nFeatures]float64{wIntent, wPlan, wDaysPastWindow, wSLA, wTenure, wMRR, wAmount, wText}

// The weights by name, for the unrolled scoring loop.
const (
	wIntent         = 3
	wPlan           = 1
	wDaysPastWindow = 2
	wSLA            = 1.5
	wTenure         = 1
	wMRR            = 1
	wAmount         = 1
	wText           = 1.5
)

// Numeric features, in row.v order; numeric feature i has presence bit 1<<i.
const (
	numDaysPastWindow = iota
	numTenure
	numMRR
	numAmount
	nNumeric
)

// numScales are the numeric features' scales: differences smaller than the
// scale never count as totally different, so 0 vs 5 days past the window is
// still close.
var numScales = [nNumeric]float64{30, 12, 100, 50}

// numFeature maps numeric features to their place among all features.
var numFeature = [nNumeric]int{featDaysPastWindow, featTenure, featMRR, featAmount}

// mismatchPenalty multiplies the similarity of a precedent whose intent
// differs from the request's, so it only ranks when nothing matching does.
const mismatchPenalty = 0.25

// Presence bits of a row's features; the numeric ones first.
const (
	hasDaysPastWindow uint8 = 1 << iota
	hasTenure
	hasMRR
	hasAmount
	hasPlan
	hasSLA
	hasText
	hasUpdated
)

// row is the compact feature record of a precedent (or of a query). inv
// holds 1 / max(|v|, scale) so similarity needs no division per row.
type row struct {
	v, inv  [nNumeric]float32
	updated float64 // days since 1970 of the last update, if hasUpdated
	plan    int32
	mask    uint8
	sla     bool
}

// noPlan is the plan id of a query plan that no precedent has.
const noPlan = -1

// rowOf reads a row's structured features from facts. planID maps a
// lowercase plan name to its id; window is the refund window used to derive
// days_past_window from days_since_charge when only the latter is known.
func rowOf(facts map[string]any, window int, planID func(string) int32) row {
	var r row
	if p, ok := facts["plan"].(string); ok && strings.TrimSpace(p) != "" {
		r.plan, r.mask = planID(strings.ToLower(strings.TrimSpace(p))), r.mask|hasPlan
	}
	if b, ok := facts["sla_breached"].(bool); ok {
		r.sla, r.mask = b, r.mask|hasSLA
	}
	if v, ok := num(facts["days_past_window"]); ok {
		r.set(numDaysPastWindow, v)
	} else if v, ok := num(facts["days_since_charge"]); ok {
		r.set(numDaysPastWindow, max(0, v-float32(window)))
	}
	for i, name := range [...]string{numTenure: "tenure_months", numMRR: "mrr", numAmount: "amount"} {
		if v, ok := num(facts[name]); ok && name != "" {
			r.set(i, v)
		}
	}
	return r
}

// set stores numeric feature i, its reciprocal scale and its presence bit.
func (r *row) set(i int, v float32) {
	r.v[i] = v
	r.inv[i] = float32(1 / max(math.Abs(float64(v)), numScales[i]))
	r.mask |= 1 << i
}

// num reads a number of any Go numeric type that fits a float32.
func num(v any) (float32, bool) {
	f, ok := dz.Number(v)
	if !ok || math.Abs(f) > 1e30 {
		return 0, false
	}
	return float32(f), true
}
