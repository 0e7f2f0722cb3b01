package retrieve

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/delegatezero/dz"
)

// precedentIndex holds precedents grouped by intent, each group with its
// feature rows and TF-IDF postings, so a query scans one contiguous group.
type precedentIndex struct {
	all      []*dz.Precedent // sorted by id; the position breaks ties
	groups   []group
	byIntent map[string]int   // lowercase intent → group
	plans    map[string]int32 // lowercase plan → id
	idf      []float32        // by term id; 0 for terms no precedent uses
}

// group is every precedent of one intent.
type group struct {
	members []int32              // positions in all, by row
	rows    []row                // newest first
	post    map[uint32][]posting // term → members using it, with their weights
}

// posting is one member's normalised TF-IDF weight for a term.
type posting struct {
	local int32
	w     float32
}

// buildPrecedents indexes the workspace's precedents. Plan and MRR missing
// from a precedent's facts are read from its linked entity.
func buildPrecedents(ix *Index, ws *dz.Workspace) precedentIndex {
	pi := precedentIndex{byIntent: map[string]int{}, plans: map[string]int32{}}
	for _, p := range ws.Precedents {
		if p != nil {
			pi.all = append(pi.all, p)
		}
	}
	sort.SliceStable(pi.all, func(i, j int) bool { return pi.all[i].ID < pi.all[j].ID })
	window := ix.window()
	docs := make([][]uint32, len(pi.all))
	var df []int32
	for i, p := range pi.all {
		docs[i] = ix.termIDs(p.Summary)
		df = countDF(df, docs[i])
		pi.add(int32(i), pi.rowFor(ix, p, window))
	}
	pi.idf = make([]float32, len(df))
	for t, n := range df {
		if n > 0 {
			pi.idf[t] = float32(math.Log(1 + float64(len(pi.all))/float64(n)))
		}
	}
	for gi := range pi.groups {
		pi.groups[gi].newestFirst()
	}
	pi.post(docs)
	return pi
}

// newestFirst orders a group's rows by last update, newest first (rows with
// no date count as newest), then by position, so scans can stop early.
func (g *group) newestFirst() {
	order := make([]int, len(g.rows))
	for i := range order {
		order[i] = i
	}
	key := func(i int) float64 {
		if g.rows[i].mask&hasUpdated == 0 {
			return math.Inf(1)
		}
		return g.rows[i].updated
	}
	sort.SliceStable(order, func(a, b int) bool { return key(order[a]) > key(order[b]) })
	rows, members := make([]row, len(order)), make([]int32, len(order))
	for i, o := range order {
		rows[i], members[i] = g.rows[o], g.members[o]
	}
	g.rows, g.members = rows, members
}

// rowFor builds a precedent's feature row.
func (pi *precedentIndex) rowFor(ix *Index, p *dz.Precedent, window int) row {
	facts := p.Facts
	if n, ok := ix.ents.byID[strings.ToLower(p.Entity)]; ok && p.Entity != "" {
		e := ix.ents.all[n]
		facts = withDefault(facts, "plan", e.Plan, e.Plan != "")
		facts = withDefault(facts, "mrr", e.MRR, e.MRR > 0)
	}
	r := rowOf(facts, window, pi.planID)
	updated := p.Updated
	if updated.IsZero() {
		updated = p.Date
	}
	if !updated.IsZero() {
		r.updated, r.mask = float64(updated.Unix())/86400, r.mask|hasUpdated
	}
	return r
}

// withDefault returns facts with k set to v when k is absent and ok, copying
// rather than changing the precedent's map.
func withDefault(facts map[string]any, k string, v any, ok bool) map[string]any {
	if _, has := facts[k]; has || !ok {
		return facts
	}
	out := make(map[string]any, len(facts)+1)
	for fk, fv := range facts {
		out[fk] = fv
	}
	out[k] = v
	return out
}

// planID numbers plans as they are first seen.
func (pi *precedentIndex) planID(p string) int32 {
	id, ok := pi.plans[p]
	if !ok {
		id = int32(len(pi.plans))
		pi.plans[p] = id
	}
	return id
}

// add puts precedent i with row r into its intent's group.
func (pi *precedentIndex) add(i int32, r row) {
	key := strings.ToLower(pi.all[i].Intent)
	g, ok := pi.byIntent[key]
	if !ok {
		g = len(pi.groups)
		pi.byIntent[key] = g
		pi.groups = append(pi.groups, group{post: map[uint32][]posting{}})
	}
	pi.groups[g].members = append(pi.groups[g].members, i)
	pi.groups[g].rows = append(pi.groups[g].rows, r)
}

// post fills each group's postings with the documents' normalised TF-IDF
// weights, (1 + ln tf) × idf.
func (pi *precedentIndex) post(docs [][]uint32) {
	for gi := range pi.groups {
		g := &pi.groups[gi]
		for local, i := range g.members {
			vec := pi.vector(docs[i])
			if len(vec) > 0 {
				g.rows[local].mask |= hasText
			}
			for _, t := range vec {
				g.post[t.id] = append(g.post[t.id], posting{int32(local), t.w})
			}
		}
	}
}

// qterm is one term of a TF-IDF vector.
type qterm struct {
	id uint32
	w  float32
}

// vector turns sorted term ids into a unit TF-IDF vector, appending to dst.
func (pi *precedentIndex) vector(ids []uint32) []qterm {
	return pi.appendVector(nil, ids)
}

// appendVector is vector without allocating when dst has room.
func (pi *precedentIndex) appendVector(dst []qterm, ids []uint32) []qterm {
	dst = dst[:0]
	var norm float64
	for i := 0; i < len(ids); {
		j := i
		for j < len(ids) && ids[j] == ids[i] {
			j++
		}
		if t := ids[i]; int(t) < len(pi.idf) && pi.idf[t] > 0 {
			w := (1 + math.Log(float64(j-i))) * float64(pi.idf[t])
			dst = append(dst, qterm{t, float32(w)})
			norm += w * w
		}
		i = j
	}
	if norm > 0 {
		inv := 1 / math.Sqrt(norm)
		for k := range dst {
			dst[k].w = float32(float64(dst[k].w) * inv)
		}
	}
	return dst
}

// termIDs returns the sorted term ids of text, adding new terms; for building.
func (ix *Index) termIDs(text string) []uint32 {
	ts := terms(text)
	ids := make([]uint32, len(ts))
	for i, t := range ts {
		ids[i] = ix.termID(t)
	}
	slices.Sort(ids)
	return ids
}

// countDF adds one to the document frequency of each distinct id in sorted ids.
func countDF(df []int32, ids []uint32) []int32 {
	for i, t := range ids {
		if i > 0 && ids[i-1] == t {
			continue
		}
		for int(t) >= len(df) {
			df = append(df, 0)
		}
		df[t]++
	}
	return df
}
