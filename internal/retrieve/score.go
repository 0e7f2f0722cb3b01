package retrieve

import "math"

// sims computes each feature's similarity between query q and precedent
// row r, Missing where either lacks it. intent is the intent similarity
// (Missing when the query has no intent) and text the TF-IDF cosine.
func sims(q, r *row, intent float64, text float32) [nFeatures]float64 {
	var s [nFeatures]float64
	m := q.mask & r.mask
	s[featIntent] = intent
	s[featPlan] = boolSim(m&hasPlan != 0, q.plan == r.plan)
	s[featSLABreached] = boolSim(m&hasSLA != 0, q.sla == r.sla)
	for i, f := range numFeature {
		s[f] = Missing
		if m&(1<<i) != 0 {
			s[f] = rel(q, r, i)
		}
	}
	s[featText] = Missing
	if m&hasText != 0 {
		s[featText] = min(1, float64(text))
	}
	return s
}

// mean is the weighted mean of the features present.
func mean(s *[nFeatures]float64) float64 {
	var sum, w float64
	for i, v := range s {
		if v != Missing {
			sum += featureWeights[i] * v
			w += featureWeights[i]
		}
	}
	if w == 0 {
		return 0
	}
	return sum / w
}

// boolSim is 1 for equal, 0 for different, Missing when not both present.
func boolSim(present, equal bool) float64 {
	switch {
	case !present:
		return Missing
	case equal:
		return 1
	}
	return 0
}

// rel is numeric feature i's similarity, 1 − |a−b| / max(|a|, |b|, scale)
// and at least 0, computed with the rows' reciprocals: it runs for every
// scanned precedent.
func rel(a, b *row, i int) float64 {
	d := math.Abs(float64(a.v[i]) - float64(b.v[i]))
	return max(0, 1-d*float64(min(a.inv[i], b.inv[i])))
}

// same is 1 when a == b, else 0, without a branch: random matches would
// mispredict on every other row.
func same[T comparable](a, b T) float64 {
	n := 0
	if a == b {
		n = 1
	}
	return float64(n)
}

// boundParts returns num and den with num/den ≥ mean(sims(q, r, intent,
// text)), cheaper to get: the boolean features, the text and days past the
// window are computed, tenure, MRR and amount count as perfect matches.
// Callers compare num with score × den to avoid a division.
func boundParts(q, r *row, intent float64, text float32) (num, den float64) {
	if intent != Missing {
		num, den = wIntent*intent, wIntent
	}
	m := q.mask & r.mask
	if m&hasPlan != 0 {
		num, den = num+wPlan*same(q.plan, r.plan), den+wPlan
	}
	if m&hasSLA != 0 {
		num, den = num+wSLA*same(q.sla, r.sla), den+wSLA
	}
	if m&hasText != 0 {
		num, den = num+wText*min(1, float64(text)), den+wText
	}
	if m&hasDaysPastWindow != 0 {
		num, den = num+wDaysPastWindow*rel(q, r, numDaysPastWindow), den+wDaysPastWindow
	}
	rest := restWeight[m>>1&7]
	return num + rest, den + rest
}

// restWeight is the weight of tenure, MRR and amount by their presence bits
// (hasTenure, hasMRR, hasAmount shifted down to bits 0–2).
var restWeight = [8]float64{0, wTenure, wMRR, wTenure + wMRR, wAmount, wTenure + wAmount, wMRR + wAmount, wTenure + wMRR + wAmount}

// fastMean is mean(sims(q, r, intent, text)) without building the array;
// it adds the same terms in the same order, so the results are identical.
func fastMean(q, r *row, intent float64, text float32) float64 {
	var sum, w float64
	if intent != Missing {
		sum, w = wIntent*intent, wIntent
	}
	m := q.mask & r.mask
	if m&hasPlan != 0 {
		sum, w = sum+wPlan*same(q.plan, r.plan), w+wPlan
	}
	if m&hasDaysPastWindow != 0 {
		sum, w = sum+wDaysPastWindow*rel(q, r, numDaysPastWindow), w+wDaysPastWindow
	}
	if m&hasSLA != 0 {
		sum, w = sum+wSLA*same(q.sla, r.sla), w+wSLA
	}
	if m&hasTenure != 0 {
		sum, w = sum+wTenure*rel(q, r, numTenure), w+wTenure
	}
	if m&hasMRR != 0 {
		sum, w = sum+wMRR*rel(q, r, numMRR), w+wMRR
	}
	if m&hasAmount != 0 {
		sum, w = sum+wAmount*rel(q, r, numAmount), w+wAmount
	}
	if m&hasText != 0 {
		sum, w = sum+wText*min(1, float64(text)), w+wText
	}
	if w == 0 {
		return 0
	}
	return sum / w
}
