package retrieve

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randomRow builds a row with random features, each present half the time.
func randomRow(r *rand.Rand) row {
	var x row
	for i := range nNumeric {
		if r.IntN(2) == 0 {
			x.set(i, float32(r.NormFloat64()*100))
		}
	}
	if r.IntN(2) == 0 {
		x.plan, x.mask = int32(r.IntN(3)), x.mask|hasPlan
	}
	if r.IntN(2) == 0 {
		x.sla, x.mask = r.IntN(2) == 0, x.mask|hasSLA
	}
	if r.IntN(2) == 0 {
		x.mask |= hasText
	}
	return x
}

// TestScoreAgreement checks on random rows that the unrolled scorer equals
// the explained one, that the pruning bound never undercuts it, and that
// every similarity is in [0, 1].
func TestScoreAgreement(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for n := range 20000 {
		q, p := randomRow(r), randomRow(r)
		intent := []float64{Missing, 0, 1}[r.IntN(3)]
		text := float32(r.Float64() * 1.01)
		f := sims(&q, &p, intent, text)
		want, got := mean(&f), fastMean(&q, &p, intent, text)
		num, den := boundParts(&q, &p, intent, text)
		if got != want {
			t.Fatalf("case %d: fastMean %v, mean of features %v", n, got, want)
		}
		if den > 0 && num/den+1e-12 < got {
			t.Fatalf("case %d: bound %v below score %v", n, num/den, got)
		}
		for i, v := range f {
			if v != Missing && (v < 0 || v > 1) {
				t.Fatalf("case %d: feature %s = %v outside [0, 1]", n, featureNames[i], v)
			}
		}
	}
}

// TestRelMatchesFormula checks the reciprocal form against the stated
// formula 1 − |a−b| / max(|a|, |b|, scale).
func TestRelMatchesFormula(t *testing.T) {
	tests := []struct {
		name string
		i    int
		a, b float32
		want float64
	}{
		{name: "equal", i: numMRR, a: 290, b: 290, want: 1},
		{name: "both under the scale", i: numDaysPastWindow, a: 0, b: 5, want: 1 - 5.0/30},
		{name: "relative above the scale", i: numAmount, a: 100, b: 150, want: 1 - 50.0/150},
		{name: "opposite signs floor at 0", i: numMRR, a: -500, b: 500, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var x, y row
			x.set(tt.i, tt.a)
			y.set(tt.i, tt.b)
			if got := rel(&x, &y, tt.i); math.Abs(got-tt.want) > 1e-6 {
				t.Errorf("rel = %v, want %v", got, tt.want)
			}
		})
	}
}
