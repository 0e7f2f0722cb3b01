package workspace

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/delegatezero/dz"
)

// FormatEntry writes a stored entry as its workspace file, the text
// ParseEntry reads back to the same entry (same hash): dz.yaml for the
// settings, YAML for entities, policies, precedents and incident logs, and
// Markdown with front matter for playbooks, templates and text sources.
func FormatEntry(e dz.ContextEntry) ([]byte, error) {
	ws, err := FromEntries([]dz.ContextEntry{e})
	if err != nil {
		return nil, err
	}
	switch {
	case e.Type == dz.TypeSettings:
		return marshal(settingsDoc(ws.Settings))
	case len(ws.Entities) == 1:
		return marshal(entityDoc(ws.Entities[0]))
	case len(ws.Policies) == 1:
		return marshal(policyDoc(ws.Policies[0]))
	case len(ws.Precedents) == 1:
		return marshal(precedentDoc(ws.Precedents[0]))
	case len(ws.Playbooks) == 1:
		p := ws.Playbooks[0]
		doc := doc{}.put("id", p.ID).put("title", p.Title).put("intents", p.Intents).put("when", p.When).put("tone", p.Tone)
		if !slices.Equal(numberedItems(p.Body), p.Steps) {
			doc = doc.put("steps", p.Steps)
		}
		return frontMatter(withMeta2(doc, p.Meta), p.Body)
	case len(ws.Templates) == 1:
		t := ws.Templates[0]
		doc := doc{}.put("id", t.ID).put("part", t.Part).put("intents", t.Intents).put("outcomes", t.Outcomes).
			put("actions", t.Actions).put("tones", t.Tones).put("handling", t.Handling)
		return frontMatter(withMeta2(doc, t.Meta), t.Body)
	case len(ws.Sources) == 1:
		return sourceFile(ws.Sources[0])
	}
	return nil, fmt.Errorf("format %s %s: the entry holds nothing", e.Type, e.ID)
}

// doc is a YAML mapping in the order its keys are written.
type doc yaml.MapSlice

// put adds key unless v is empty (zero, "", or an empty list or map).
func (d doc) put(key string, v any) doc {
	if v == nil || reflect.ValueOf(v).IsZero() {
		return d
	}
	if rv := reflect.ValueOf(v); (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Map) && rv.Len() == 0 {
		return d
	}
	return d.set(key, v)
}

// set adds key whatever its value.
func (d doc) set(key string, v any) doc {
	return append(d, yaml.MapItem{Key: key, Value: plain(v)})
}

// withMeta2 adds the shared keys an entry carries after its own: tags and updated.
func withMeta2(d doc, m dz.Meta) doc {
	return d.put("tags", m.Tags).put("updated", m.Updated)
}

// plain turns values into what reads back the same: whole numbers without
// a decimal point, dates as YYYY-MM-DD, times as RFC 3339, and the numbers
// inside lists and maps likewise.
func plain(v any) any {
	switch x := v.(type) {
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return int64(x)
		}
		return x
	case time.Time:
		if x.IsZero() {
			return nil
		}
		if x.Equal(x.Truncate(24*time.Hour)) && x.Location() == time.UTC {
			return rawYAML(x.Format(time.DateOnly))
		}
		return rawYAML(x.Format(time.RFC3339Nano))
	case []any:
		out := make([]any, len(x))
		for i, it := range x {
			out[i] = plain(it)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, it := range x {
			out[k] = plain(it)
		}
		return out
	case doc:
		return yaml.MapSlice(x)
	case []doc:
		out := make([]yaml.MapSlice, len(x))
		for i, d := range x {
			out[i] = yaml.MapSlice(d)
		}
		return out
	}
	return v
}

// rawYAML is text written into the YAML as it is, unquoted.
type rawYAML string

// MarshalYAML writes the text as it is.
func (r rawYAML) MarshalYAML() ([]byte, error) { return []byte(r), nil }

// marshal writes a document as block YAML, multi-line text as `|` blocks.
func marshal(d doc) ([]byte, error) {
	return yaml.MarshalWithOptions(yaml.MapSlice(d), yaml.UseLiteralStyleIfMultiline(true), yaml.IndentSequence(true))
}

// frontMatter writes a Markdown file: the front matter, then the body.
func frontMatter(d doc, body string) ([]byte, error) {
	b, err := marshal(d)
	if err != nil {
		return nil, err
	}
	var sb strings.Builder
	sb.WriteString("---\n")
	sb.Write(b)
	sb.WriteString("---\n")
	if body != "" {
		sb.WriteString(body)
		sb.WriteString("\n")
	}
	return []byte(sb.String()), nil
}

func entityDoc(e *dz.Entity) doc {
	d := doc{}.put("id", e.ID).put("name", e.Name)
	if e.Kind != "customer" {
		d = d.put("kind", e.Kind)
	}
	d = d.put("plan", e.Plan).put("mrr", e.MRR).put("currency", e.Currency).put("started", e.Started).
		put("renewal", e.Renewal).put("last_charge", e.LastCharge).put("last_charge_amount", e.LastChargeAmount).
		put("emails", e.Emails).put("domains", e.Domains).put("contact", e.Contact).put("tone", e.Tone).
		put("notes", e.Notes).put("internal_notes", e.InternalNotes).put("open_issues", e.OpenIssues).
		put("prior_escalations", e.PriorEscalations).put("data", e.Data)
	return withMeta2(d, e.Meta)
}

func policyDoc(p *dz.Policy) doc {
	d := doc{}.put("id", p.ID).put("title", p.Title).put("description", p.Description)
	d = withMeta2(d, p.Meta)
	scope := doc{}.put("intents", p.Scope.Intents).put("tags", p.Scope.Tags).put("profiles", p.Scope.Profiles)
	d = d.put("scope", scope).put("tables", p.Tables)
	rules := make([]doc, 0, len(p.Rules))
	for _, r := range p.Rules {
		params := doc{}
		for _, k := range slices.Sorted(maps.Keys(r.Params)) {
			params = params.set(k, r.Params[k])
		}
		rules = append(rules, doc{}.put("id", r.ID).put("when", r.When).put("effect", string(r.Effect)).
			put("message", r.Message).put("action", r.Action).put("param", r.Param).put("max", r.Max).
			put("min", r.Min).put("params", params).put("fact", r.Fact).put("question", r.Question))
	}
	return d.set("rules", rules)
}

func precedentDoc(p *dz.Precedent) doc {
	d := doc{}.put("id", p.ID).put("date", p.Date).put("entity", p.Entity).put("intent", p.Intent).
		put("summary", p.Summary).put("facts", p.Facts).put("resolution", p.Resolution)
	var actions []doc
	for _, a := range p.Actions {
		actions = append(actions, doc{}.put("type", a.Type).put("params", a.Params))
	}
	return withMeta2(d.put("actions", actions).put("reason", p.Reason), p.Meta)
}

// sourceFile writes a text source as Markdown and an incident log as YAML.
func sourceFile(s *dz.Source) ([]byte, error) {
	d := doc{}.put("id", s.ID).put("title", s.Title)
	if s.Kind != "incidents" {
		return frontMatter(withMeta2(d.put("entity", s.Entity), s.Meta), s.Body)
	}
	d = withMeta2(d.set("kind", s.Kind).put("entity", s.Entity), s.Meta)
	incidents := make([]doc, 0, len(s.Incidents))
	for _, in := range s.Incidents {
		incidents = append(incidents, doc{}.put("id", in.ID).put("start", in.Start).put("end", in.End).
			put("severity", in.Severity).put("affects", in.Affects).put("data_loss", in.DataLoss).put("summary", in.Summary))
	}
	return marshal(d.set("incidents", incidents))
}

func settingsDoc(s dz.Settings) doc {
	d := doc{}.put("name", s.Name).put("founder", s.Founder).put("assistant", s.Assistant).put("currency", s.Currency).
		put("timezone", s.Timezone).put("clock", s.Clock).put("tone", s.Tone).put("attribution", s.Attribution).
		put("format", s.Format).set("refund_window_days", s.RefundWindowDays)
	var credits []doc
	for _, c := range s.SLA.Credits {
		credits = append(credits, doc{}.set("below_percent", c.BelowPercent).set("percent", c.Percent))
	}
	d = d.set("sla", doc{}.set("target_percent", s.SLA.TargetPercent).put("period", s.SLA.Period).put("credits", credits))
	var bands []doc
	for _, b := range s.MRRBands {
		bands = append(bands, doc{}.set("name", b.Name).set("below", b.Below))
	}
	var risk []doc
	for _, lv := range s.Risk {
		risk = append(risk, doc{}.set("name", lv.Name).put("when", lv.When).set("threshold", lv.Threshold))
	}
	d = d.put("mrr_bands", bands).put("risk", risk).set("draft_floor", s.DraftFloor).put("confidence_weights", floats(s.Confidence))
	hl := map[string]any{}
	for t, days := range s.HalfLifeDays {
		hl[string(t)] = days
	}
	d = d.put("half_life_days", hl).put("staleness_days", s.StalenessDays)
	var intents []doc
	for _, in := range s.Intents {
		intents = append(intents, doc{}.set("name", in.Name).set("keywords", in.Keywords))
	}
	var profiles []doc
	for _, p := range s.Profiles {
		profiles = append(profiles, doc{}.set("name", p.Name).put("intents", p.Intents).put("tags", p.Tags).put("draft_floor", p.DraftFloor))
	}
	audit := doc{}.put("hide", s.Audit.Hide).put("show", s.Audit.Show)
	return d.put("intents", intents).put("profiles", profiles).put("audit", audit)
}

// floats is a map of numbers as plain values.
func floats(m map[string]float64) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
