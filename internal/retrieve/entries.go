package retrieve

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// EntryQuery describes the request entries are ranked for.
type EntryQuery struct {
	Intent     string
	Text       string
	Tags       []string         // request tags (profile, caller); the entity's tags are added
	Entity     *dz.Entity       // the matched entity, listed with relevance 1; may be nil
	Precedents []PrecedentMatch // cited precedents, listed with their relevance and freshness
	Now        time.Time
	Limit      int // at most this many results; 0 means all
}

// Weights of the relevance components of an entry.
const (
	relIntent = 0.4
	relText   = 0.3
	relTags   = 0.15
	relEntity = 0.15
)

// entry is a policy, playbook, template or source prepared for ranking.
type entry struct {
	typ      dz.ContextType
	id, hash string
	terms    []uint32 // sorted, distinct
	intents  []string // lowercase; empty matches all
	scoped   bool     // the type has intents at all (sources do not)
	tags     []string // lowercase
	entity   string   // lowercase linked entity id, if any
	updated  time.Time
	halfLife float64 // of its type, in days
}

// Entries scores the workspace's policies, playbooks, templates and sources,
// plus the matched entity and the given precedents, for the trace: Score =
// Relevance × Freshness, sorted by score desc, then type, then id, at most
// q.Limit. Relevance is a weighted mean of the components an entry has:
// intent (0.4: listed 1, applies to all 0.5, other intents 0), text (0.3:
// shared terms, cosine), tags (0.15: share of the entry's tags among the
// request's, the entity's and the intent) and entity link (0.15). Policies
// older than settings.staleness_days are Stale. Values are rounded to 4 places.
func (ix *Index) Entries(q EntryQuery) []dz.Retrieved {
	s := ix.getScratch()
	defer ix.putScratch(s)
	qterms := ix.queryTerms(s, q.Text)
	tags := queryTags(q)
	intent, entityID := strings.ToLower(q.Intent), ""
	if q.Entity != nil {
		entityID = strings.ToLower(q.Entity.ID)
	}
	s.ents = s.ents[:0]
	for i := range ix.entries {
		e := &ix.entries[i]
		rel := e.relevance(intent, qterms, tags, entityID)
		f := Freshness(e.updated, q.Now, e.halfLife)
		s.ents = append(s.ents, entryCand{score: round4(rel * f), rel: rel, fresh: f, i: int32(i)})
	}
	top := ix.topEntries(s.ents, q.Limit)
	out := make([]dz.Retrieved, 0, len(top)+len(q.Precedents)+1)
	for _, c := range top {
		e := &ix.entries[c.i]
		out = append(out, ix.retrieved(e.typ, e.id, e.hash, c.rel, c.fresh, e.updated, q.Now))
	}
	if e := q.Entity; e != nil {
		out = append(out, ix.retrieved(dz.TypeEntity, e.ID, e.Hash, 1, Freshness(e.Updated, q.Now, ix.halfLife(dz.TypeEntity)), e.Updated, q.Now))
	}
	for _, m := range q.Precedents {
		if p := m.Precedent; p != nil {
			r := ix.retrieved(dz.TypePrecedent, p.ID, p.Hash, m.Relevance, m.Features["freshness"], time.Time{}, q.Now)
			r.Score = round4(m.Similarity)
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b dz.Retrieved) int { return compareRanked(a.Score, b.Score, a.Type, b.Type, a.ID, b.ID) })
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

// entryCand is a scored workspace entry during Entries.
type entryCand struct {
	score, rel, fresh float64
	i                 int32 // in Index.entries
}

// topEntries sorts cs best first and keeps at most limit (all when limit ≤ 0),
// selecting by insertion when the limit is small.
func (ix *Index) topEntries(cs []entryCand, limit int) []entryCand {
	less := func(a, b *entryCand) bool {
		ea, eb := &ix.entries[a.i], &ix.entries[b.i]
		return compareRanked(a.score, b.score, ea.typ, eb.typ, ea.id, eb.id) < 0
	}
	if limit <= 0 || limit*8 >= len(cs) {
		slices.SortFunc(cs, func(a, b entryCand) int {
			if less(&a, &b) {
				return -1
			}
			return 1
		})
		if limit > 0 && len(cs) > limit {
			cs = cs[:limit]
		}
		return cs
	}
	n := 0 // cs[:n] holds the best so far, sorted
	for i := range cs {
		c := cs[i]
		j := n
		for j > 0 && less(&c, &cs[j-1]) {
			j--
		}
		if j >= limit {
			continue
		}
		n = min(n+1, limit)
		copy(cs[j+1:n], cs[j:n-1])
		cs[j] = c
	}
	return cs[:n]
}

// compareRanked orders by score descending, then type, then id.
func compareRanked(sa, sb float64, ta, tb dz.ContextType, ia, ib string) int {
	switch {
	case sa != sb:
		return cmpDesc(sa, sb)
	case ta != tb:
		return strings.Compare(string(ta), string(tb))
	}
	return strings.Compare(ia, ib)
}

// retrieved builds one result from its relevance and freshness.
func (ix *Index) retrieved(t dz.ContextType, id, hash string, rel, f float64, updated, now time.Time) dz.Retrieved {
	r := dz.Retrieved{Type: t, ID: id, Hash: hash, Relevance: round4(rel), Freshness: round4(f), Score: round4(rel * f)}
	r.Stale = t == dz.TypePolicy && IsStale(updated, now, ix.settings.StalenessDays)
	return r
}

// relevance combines the components this entry has.
func (e *entry) relevance(intent string, qterms []uint32, tags []string, entity string) float64 {
	var sum, w float64
	add := func(weight, v float64) { sum, w = sum+weight*v, w+weight }
	if e.scoped && intent != "" {
		switch {
		case len(e.intents) == 0:
			add(relIntent, 0.5)
		case slices.Contains(e.intents, intent):
			add(relIntent, 1)
		default:
			add(relIntent, 0)
		}
	}
	if len(e.terms) > 0 && len(qterms) > 0 {
		add(relText, float64(overlap(e.terms, qterms))/math.Sqrt(float64(len(e.terms)*len(qterms))))
	}
	if len(e.tags) > 0 {
		n := 0
		for _, t := range e.tags {
			if slices.Contains(tags, t) {
				n++
			}
		}
		add(relTags, float64(n)/float64(len(e.tags)))
	}
	if e.entity != "" {
		add(relEntity, b2f(e.entity == entity))
	}
	if w == 0 {
		return 0
	}
	return sum / w
}

// queryTerms returns the distinct known term ids of text, sorted, in s.ids.
func (ix *Index) queryTerms(s *scratch, text string) []uint32 {
	s.tok.reset(text)
	s.ids = s.ids[:0]
	for i := range s.tok.spans {
		if w := term(s.tok.word(i)); w != nil {
			if id, ok := ix.vocab[string(w)]; ok {
				s.ids = append(s.ids, id)
			}
		}
	}
	slices.Sort(s.ids)
	s.ids = slices.Compact(s.ids)
	return s.ids
}

// queryTags is the request's tags, the entity's and the intent, lowercase.
func queryTags(q EntryQuery) []string {
	tags := make([]string, 0, len(q.Tags)+4)
	for _, t := range q.Tags {
		tags = append(tags, strings.ToLower(t))
	}
	if q.Entity != nil {
		for _, t := range q.Entity.Tags {
			tags = append(tags, strings.ToLower(t))
		}
	}
	return append(tags, strings.ToLower(q.Intent))
}

// overlap counts the ids two sorted, distinct slices share.
func overlap(a, b []uint32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n, i, j = n+1, i+1, j+1
		}
	}
	return n
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func cmpDesc(a, b float64) int {
	if a > b {
		return -1
	}
	return 1
}

func round4(x float64) float64 { return math.Round(x*1e4) / 1e4 }
