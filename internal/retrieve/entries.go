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
	entityID := ""
	if q.Entity != nil {
		entityID = strings.ToLower(q.Entity.ID)
	}
	out := make([]dz.Retrieved, 0, len(ix.entries)+len(q.Precedents)+1)
	for i := range ix.entries {
		e := &ix.entries[i]
		rel := e.relevance(strings.ToLower(q.Intent), qterms, tags, entityID)
		out = append(out, ix.retrieved(e.typ, e.id, e.hash, rel, e.updated, q.Now))
	}
	if q.Entity != nil {
		out = append(out, ix.retrieved(dz.TypeEntity, q.Entity.ID, q.Entity.Hash, 1, q.Entity.Updated, q.Now))
	}
	for _, m := range q.Precedents {
		if p := m.Precedent; p != nil {
			r := ix.retrieved(dz.TypePrecedent, p.ID, p.Hash, m.Relevance, time.Time{}, q.Now)
			r.Freshness, r.Score = round4(m.Features["freshness"]), round4(m.Similarity)
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b dz.Retrieved) int {
		switch {
		case a.Score != b.Score:
			return cmpDesc(a.Score, b.Score)
		case a.Type != b.Type:
			return strings.Compare(string(a.Type), string(b.Type))
		}
		return strings.Compare(a.ID, b.ID)
	})
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

// retrieved scores one entry.
func (ix *Index) retrieved(t dz.ContextType, id, hash string, rel float64, updated, now time.Time) dz.Retrieved {
	f := Freshness(updated, now, ix.halfLife(t))
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
