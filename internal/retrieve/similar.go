package retrieve

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// PrecedentQuery describes the request precedents are compared with.
type PrecedentQuery struct {
	Intent string         // the top intent
	Facts  map[string]any // plan, days_past_window, sla_breached, tenure_months, mrr, amount, …
	Text   string         // the request text, compared with precedent summaries
	Now    time.Time      // for freshness
}

// PrecedentMatch is one similar precedent.
type PrecedentMatch struct {
	Precedent *dz.Precedent
	// Similarity in [0, 1] is Relevance × (0.5 + 0.5 × freshness), freshness
	// decaying with the precedent half-life: age can halve a precedent's
	// weight but never outweigh a closer case.
	Similarity float64
	// Relevance is the weighted mean of the features both sides have, times
	// 0.25 when the intents differ.
	Relevance float64
	// Features holds each feature's similarity in [0, 1] by name (intent,
	// plan, days_past_window, sla_breached, tenure_months, mrr, amount, text)
	// or Missing (-1) when left out of the mean, and the precedent's freshness,
	// rounded to 4 places for the trace.
	Features map[string]float64
}

// boundSlack covers rounding between upperBound and fastMean, which add
// the same terms in different orders.
const boundSlack = 1e-9

// cand is a scored precedent during a query.
type cand struct {
	score, base float64
	text        float32
	intent      float64
	pos         int32 // position in precedentIndex.all
	local       int32 // position in its group
	group       int32
}

// Precedents returns the k most similar precedents, best first, ties broken
// by id. Precedents of the query's intent are scanned first; the others, whose
// similarity is at most mismatchPenalty, only when they could still rank.
func (ix *Index) Precedents(q PrecedentQuery, k int) []PrecedentMatch {
	pi := &ix.prec
	if k <= 0 || len(pi.all) == 0 {
		return nil
	}
	s := ix.getScratch()
	defer ix.putScratch(s)
	qr := ix.queryRow(s, q)
	hl := ix.halfLife(dz.TypePrecedent)
	sc := scan{ix: ix, s: s, q: &qr, k: k, hl: hl, now: float64(q.Now.Unix()) / 86400}
	s.top = s.top[:0]
	own, ok := pi.byIntent[strings.ToLower(q.Intent)]
	switch {
	case q.Intent == "":
		for g := range pi.groups {
			sc.group(g, Missing, 1)
		}
	case ok:
		sc.group(own, 1, 1)
		if len(s.top) < k || s.top[k-1].score < mismatchPenalty {
			for g := range pi.groups {
				if g != own {
					sc.group(g, 0, mismatchPenalty)
				}
			}
		}
	default:
		for g := range pi.groups {
			sc.group(g, 0, mismatchPenalty)
		}
	}
	return sc.results()
}

// queryRow builds the query's feature row and its TF-IDF vector in s.terms.
func (ix *Index) queryRow(s *scratch, q PrecedentQuery) row {
	pi := &ix.prec
	r := rowOf(q.Facts, ix.window(), func(p string) int32 {
		if id, ok := pi.plans[p]; ok {
			return id
		}
		return noPlan
	})
	s.tok.reset(q.Text)
	s.ids = s.ids[:0]
	for i := range s.tok.spans {
		if w := term(s.tok.word(i)); w != nil {
			if id, ok := ix.vocab[string(w)]; ok {
				s.ids = append(s.ids, id)
			}
		}
	}
	slices.Sort(s.ids)
	s.terms = pi.appendVector(s.terms, s.ids)
	if len(s.terms) > 0 {
		r.mask |= hasText
	}
	return r
}

// window is the workspace's refund window in days, 30 when unset (as in
// internal/derive).
func (ix *Index) window() int {
	if w := ix.settings.RefundWindowDays; w > 0 {
		return w
	}
	return 30
}

// scan holds one precedent query's state.
type scan struct {
	ix  *Index
	s   *scratch
	q   *row
	k   int
	hl  float64
	now float64 // days since 1970
}

// group scores the members of group g, keeping the best k in s.top. Rows
// are ordered newest first, so once a row's freshness × penalty cannot reach
// the k-th best score, no later row can either and the scan stops.
func (sc *scan) group(g int, intent, penalty float64) {
	gr := &sc.ix.prec.groups[g]
	text := sc.textScores(gr)
	cut := sc.cutoff(penalty)
	for local := range gr.rows {
		r := &gr.rows[local]
		if r.mask&hasUpdated != 0 && r.updated < cut {
			break
		}
		full := len(sc.s.top) == sc.k
		if full {
			num, den := boundParts(sc.q, r, intent, text[local])
			if num*penalty+boundSlack*den < sc.s.top[sc.k-1].score*den {
				continue
			}
		}
		base := fastMean(sc.q, r, intent, text[local]) * penalty
		if full && base < sc.s.top[sc.k-1].score {
			continue // freshness only lowers it
		}
		c := cand{score: base * ageWeight(sc.freshness(r)), base: base, text: text[local], intent: intent,
			pos: gr.members[local], local: int32(local), group: int32(g)}
		if sc.insert(c) {
			cut = sc.cutoff(penalty)
		}
	}
}

// cutoff is the update day (days since 1970) before which a row's freshness
// × penalty is below the k-th best score, so it cannot rank; -Inf while
// fewer than k are kept. It errs a microsecond early to stay exact.
func (sc *scan) cutoff(penalty float64) float64 {
	if len(sc.s.top) < sc.k || sc.hl <= 0 {
		return math.Inf(-1)
	}
	// The k-th score needs ageWeight(freshness) ≥ ratio, i.e. freshness ≥
	// (ratio − ageFloor) / (1 − ageFloor).
	ratio := sc.s.top[sc.k-1].score / penalty
	need := (ratio - ageFloor) / (1 - ageFloor)
	switch {
	case need <= 0:
		return math.Inf(-1)
	case need > 1:
		return math.Inf(1)
	}
	return sc.now + sc.hl*math.Log2(need) - 1e-6
}

// ageFloor is the least weight age leaves a precedent: an old case that
// matches closely still counts for at least half.
const ageFloor = 0.5

// ageWeight turns freshness in [0, 1] into the factor on similarity.
func ageWeight(fresh float64) float64 { return ageFloor + (1-ageFloor)*fresh }

// textScores accumulates the cosine of the query vector with each member's
// summary through the group's postings.
func (sc *scan) textScores(gr *group) []float32 {
	s := sc.s
	n := len(gr.rows)
	if cap(s.text) < n {
		s.text = make([]float32, n)
	}
	text := s.text[:n]
	clear(text)
	for _, t := range s.terms {
		for _, p := range gr.post[t.id] {
			text[p.local] += t.w * p.w
		}
	}
	return text
}

// freshness is the precedent's 0.5^(age/half-life), as Freshness.
func (sc *scan) freshness(r *row) float64 {
	if r.mask&hasUpdated == 0 || sc.hl <= 0 {
		return 1
	}
	age := sc.now - r.updated
	if age <= 0 {
		return 1
	}
	return math.Exp2(-age / sc.hl)
}

// insert keeps s.top sorted by score, then position, and at most k long.
// It reports whether c was kept.
func (sc *scan) insert(c cand) bool {
	top := sc.s.top
	i := len(top)
	for i > 0 && (top[i-1].score < c.score || top[i-1].score == c.score && top[i-1].pos > c.pos) {
		i--
	}
	if i >= sc.k {
		return false
	}
	if len(top) < sc.k {
		top = append(top, cand{})
	}
	copy(top[i+1:], top[i:len(top)-1])
	top[i] = c
	sc.s.top = top
	return true
}

// results turns the kept candidates into matches with their features.
func (sc *scan) results() []PrecedentMatch {
	pi := &sc.ix.prec
	out := make([]PrecedentMatch, len(sc.s.top))
	for i, c := range sc.s.top {
		r := &pi.groups[c.group].rows[c.local]
		f := sims(sc.q, r, c.intent, c.text)
		feats := make(map[string]float64, nFeatures+1)
		for j, v := range f {
			feats[featureNames[j]] = round4(v)
		}
		feats["freshness"] = round4(sc.freshness(r))
		out[i] = PrecedentMatch{Precedent: pi.all[c.pos], Similarity: c.score, Relevance: c.base, Features: feats}
	}
	return out
}
