package engine

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"time"

	"github.com/delegatezero/dz"
)

// factSet holds the decision's facts by name, each with its provenance.
// Higher-precedence sources replace lower ones (dz.FactSource).
type factSet struct {
	byName map[string]dz.Fact
}

var precedence = map[dz.FactSource]int{dz.FromExtracted: 0, dz.FromEntity: 1, dz.FromDerived: 2, dz.FromCaller: 3}

func newFactSet() *factSet { return &factSet{byName: map[string]dz.Fact{}} }

// add records f unless a fact of the same name from a stronger source is known.
func (s *factSet) add(f dz.Fact) {
	if old, ok := s.byName[f.Name]; ok && precedence[old.Source] > precedence[f.Source] {
		return
	}
	f.Value = normalize(f.Value)
	s.byName[f.Name] = f
}

func (s *factSet) has(name string) bool { _, ok := s.byName[name]; return ok }

// values returns name → value, the `facts` CEL variable.
func (s *factSet) values() map[string]any {
	m := make(map[string]any, len(s.byName))
	for k, f := range s.byName {
		m[k] = f.Value
	}
	return m
}

// list returns the facts sorted by name, for the trace.
func (s *factSet) list() []dz.Fact {
	out := slices.Collect(maps.Values(s.byName))
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (s *factSet) number(name string) (float64, bool) {
	f, ok := s.byName[name]
	if !ok {
		return 0, false
	}
	v, ok := f.Value.(float64)
	return v, ok
}

func (s *factSet) bool(name string) bool {
	v, _ := s.byName[name].Value.(bool)
	return v
}

// callerFacts turns context.facts into facts that win over every other source.
func callerFacts(m map[string]any) []dz.Fact {
	var out []dz.Fact
	for _, k := range sortedKeys(m) {
		out = append(out, dz.Fact{Name: k, Value: m[k], Source: dz.FromCaller, Confidence: 1, Evidence: "context.facts"})
	}
	return out
}

// entityFacts are the facts every decision about an entity can use.
func entityFacts(ent *dz.Entity) []dz.Fact {
	if ent == nil {
		return nil
	}
	var out []dz.Fact
	add := func(name string, v any, field string) {
		out = append(out, dz.Fact{Name: name, Value: v, Source: dz.FromEntity, Confidence: 1, Evidence: fmt.Sprintf("entity %s %s", ent.ID, field)})
	}
	if ent.Plan != "" {
		add("plan", ent.Plan, "plan")
	}
	if ent.MRR != 0 {
		add("mrr", ent.MRR, "mrr")
	}
	if ent.Currency != "" {
		add("currency", ent.Currency, "currency")
	}
	addDate := func(name string, t time.Time) {
		if !t.IsZero() {
			add(name, t.Format(time.DateOnly), name)
		}
	}
	addDate("started", ent.Started)
	addDate("renewal", ent.Renewal)
	addDate("last_charge", ent.LastCharge)
	if ent.LastChargeAmount != 0 {
		add("last_charge_amount", ent.LastChargeAmount, "last_charge_amount")
	}
	add("prior_escalations", float64(ent.PriorEscalations), "prior_escalations")
	add("open_issues", float64(len(ent.OpenIssues)), "open_issues")
	return out
}

// entityVars is the `entity` CEL variable: the entity's fields by JSON name,
// dates as YYYY-MM-DD, numbers as float64.
func entityVars(ent *dz.Entity) map[string]any {
	if ent == nil {
		return map[string]any{}
	}
	date := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.DateOnly)
	}
	strs := func(s []string) []any {
		out := make([]any, len(s))
		for i, x := range s {
			out[i] = x
		}
		return out
	}
	return map[string]any{
		"id": ent.ID, "name": ent.Name, "kind": ent.Kind, "plan": ent.Plan, "mrr": ent.MRR,
		"currency": ent.Currency, "started": date(ent.Started), "renewal": date(ent.Renewal),
		"last_charge": date(ent.LastCharge), "last_charge_amount": ent.LastChargeAmount,
		"emails": strs(ent.Emails), "domains": strs(ent.Domains), "contact": ent.Contact,
		"tone": ent.Tone, "notes": ent.Notes, "open_issues": strs(ent.OpenIssues),
		"prior_escalations": float64(ent.PriorEscalations), "tags": strs(ent.Tags),
		"data": normalize(orEmpty(ent.Data)),
	}
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// normalize turns every number into float64 and every date into YYYY-MM-DD,
// recursively, so CEL sees one numeric type whatever the source decoded.
func normalize(v any) any {
	switch v := v.(type) {
	case int:
		return float64(v)
	case int64:
		return float64(v)
	case uint64:
		return float64(v)
	case int32:
		return float64(v)
	case float32:
		return float64(v)
	case time.Time:
		return v.Format(time.DateOnly)
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalize(x)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = normalize(x)
		}
		return out
	}
	return v
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
