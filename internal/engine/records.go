package engine

import (
	"fmt"
	"sort"
	"strings"

	"github.com/delegatezero/dz"
)

// loadRecords looks up every caller fact NAME_id whose NAME is a kind of
// entity the workspace has (reservation_id → an entity of kind reservation)
// and binds it as records.NAME. An id that names no such entity is recorded
// as not found: the decision escalates with a question rather than guess.
func (e *Engine) loadRecords(d *decision) {
	for _, name := range sortedKeys(d.req.Context.Facts) {
		kind, ok := strings.CutSuffix(name, "_id")
		if !ok || !e.kinds[kind] {
			continue
		}
		id, isText := d.req.Context.Facts[name].(string)
		use := dz.RecordUse{Name: kind, Fact: name, ID: fmt.Sprint(d.req.Context.Facts[name])}
		if ent := e.entities[id]; isText && ent != nil && strings.EqualFold(ent.Kind, kind) {
			use.Hash, use.Found = ent.Hash, true
			d.records[kind] = e.entityVarsFor(ent)
		}
		d.recordUses = append(d.recordUses, use)
	}
}

// missingRecords are the ids the request named that match no entity.
func (d *decision) missingRecords() []dz.RecordUse {
	var out []dz.RecordUse
	for _, r := range d.recordUses {
		if !r.Found {
			out = append(out, r)
		}
	}
	return out
}

// recordQuestion asks for a corrected id.
func recordQuestion(r dz.RecordUse) string {
	what := strings.ReplaceAll(r.Name, "_", " ")
	return fmt.Sprintf("I could not find %s %q (%s). Which %s is it? Check the id and send it again.", what, r.ID, r.Fact, what)
}

// entityKinds lists the kinds of entity a workspace holds, lower-cased.
func entityKinds(ents []*dz.Entity) map[string]bool {
	kinds := map[string]bool{}
	for _, ent := range ents {
		if ent.Kind != "" {
			kinds[strings.ToLower(ent.Kind)] = true
		}
	}
	return kinds
}

// mergeTables gathers every policy's lookup tables into the tables CEL
// variable. Names are unique across a loaded workspace; for one built by
// hand the first policy by id wins.
func mergeTables(policies []*dz.Policy) map[string]any {
	sorted := append([]*dz.Policy(nil), policies...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ID < sorted[j].ID })
	out := map[string]any{}
	for _, p := range sorted {
		for name, t := range p.Tables {
			if _, dup := out[name]; !dup {
				out[name] = normalize(t)
			}
		}
	}
	return out
}
