package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/derive"
	"github.com/delegatezero/dz/internal/retrieve"
	"github.com/delegatezero/dz/internal/understand"
)

// assumedConfidence marks a fact the engine assumed rather than read: the
// disputed amount taken to be the last charge. A decision that relies on an
// assumed fact is drafted, never executed.
const assumedConfidence = 0.6

// scopeScore is how strong a secondary intent must be to bring its policies
// into scope. The top intent is always in scope.
const scopeScore = 0.35

// understand classifies the request and extracts facts from its text.
func (e *Engine) understand(req *dz.Request, now time.Time) *decision {
	d := &decision{req: req, now: now, facts: newFactSet(), tags: map[string]bool{}, records: map[string]any{}}
	res := e.analyzer.Analyze(req.Request, req.Context.Data, now, e.loc)
	d.intents = res.Intents
	if name := e.callerIntent(req.Context.Type); name != "" {
		d.intents = append([]dz.IntentScore{{Name: name, Score: 1, Evidence: []string{"context.type " + req.Context.Type}}}, without(d.intents, name)...)
	}
	if len(d.intents) == 0 {
		d.intents = []dz.IntentScore{{Name: "other", Score: 0}}
	}
	d.intent = d.intents[0].Name
	d.intentSet = map[string]bool{d.intent: true}
	for _, s := range d.intents[1:] {
		if s.Score >= scopeScore {
			d.intentSet[s.Name] = true
		}
	}
	for _, f := range res.Facts {
		d.facts.add(f)
	}
	for _, t := range []string{req.Context.Source, req.Context.Type} {
		if t != "" {
			d.tags[t] = true
		}
	}
	return d
}

// callerIntent maps context.type ("refund" or "refund_request") to a known intent.
func (e *Engine) callerIntent(typ string) string {
	typ = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(typ)), "_request")
	if typ == "" {
		return ""
	}
	for _, name := range understand.Builtin {
		if name == typ {
			return name
		}
	}
	for _, in := range e.ws.Settings.Intents {
		if in.Name == typ {
			return in.Name
		}
	}
	return ""
}

func without(scores []dz.IntentScore, name string) []dz.IntentScore {
	var out []dz.IntentScore
	for _, s := range scores {
		if s.Name != name {
			out = append(out, s)
		}
	}
	return out
}

// resolveEntity finds who the request is about.
func (e *Engine) resolveEntity(d *decision) {
	var emails, domains []string
	if s, ok := d.facts.byName["email"].Value.(string); ok {
		emails = append(emails, s)
	}
	if s, ok := d.facts.byName["domain"].Value.(string); ok {
		domains = append(domains, s)
	}
	hint := d.req.Context.Entity
	d.entity, d.match = e.index.ResolveEntity(hint, emails, domains, d.req.Request+"\n"+d.req.Context.Data)
	if d.entity == nil && hint != "" {
		d.warnings = append(d.warnings, "context.entity "+quote(hint)+" matches no entity in the workspace")
	}
	if d.match != nil && d.match.MatchedBy == "name" && len(emails) > 0 {
		// The text names a customer, but the sender's address is not one of
		// theirs: anyone can type a company's name.
		d.senderDoubt = emails[0]
		d.warnings = append(d.warnings, fmt.Sprintf("the sender %s is not a known address of %s, whom the text names", emails[0], d.entity.Name))
	}
	if d.entity != nil {
		for _, t := range d.entity.Tags {
			d.tags[t] = true
		}
	}
}

// gatherFacts merges entity facts and derived facts under the extracted ones,
// and caller facts over everything.
func (e *Engine) gatherFacts(d *decision) {
	written, wrote := d.facts.byName["currency"]
	for _, f := range entityFacts(d.entity) {
		if f.Name == "currency" && wrote {
			// The currency follows the amount the customer wrote; a
			// different billing currency is a question for the founder.
			if f.Value != written.Value {
				d.currencyMismatch = fmt.Sprintf("%v", written.Value) + "|" + fmt.Sprintf("%v", f.Value)
			}
			continue
		}
		d.facts.add(f)
	}
	for _, f := range callerFacts(d.req.Context.Facts) {
		d.facts.add(f)
	}
	e.loadRecords(d)
	// With no amount named, the disputed amount is the entity's last charge.
	if last, ok := d.facts.byName["last_charge_amount"]; ok && !d.facts.has("amount") {
		d.facts.add(dz.Fact{Name: "amount", Value: last.Value, Source: dz.FromEntity, Confidence: assumedConfidence, Evidence: last.Evidence + " (no amount named in the request)"})
	}
	for _, f := range derive.Derive(derive.Input{
		Now: d.now, Loc: e.loc, Facts: d.facts.values(), Entity: d.entity,
		Settings: e.ws.Settings, Incidents: e.incidents,
	}) {
		d.facts.add(f)
	}
	if id, ok := d.facts.byName["incident_id"].Value.(string); ok {
		if inc := e.incident(id); inc != nil && inc.Summary != "" {
			d.facts.add(dz.Fact{Name: "incident_summary", Value: inc.Summary, Source: dz.FromDerived, Confidence: 1, Evidence: "incident " + id})
		}
	}
	d.currency = orDefault(e.ws.Settings.Currency, "USD")
	if c, ok := d.facts.byName["currency"].Value.(string); ok && c != "" {
		d.currency = c
	}
	if _, billed, ok := strings.Cut(d.currencyMismatch, "|"); ok {
		d.currency = billed // amounts the engine proposes are in the account's currency
	}
}

// retrievedShown is how many scored context entries the trace lists.
const retrievedShown = 20

func (e *Engine) entryQuery(d *decision, precedents []retrieve.PrecedentMatch) retrieve.EntryQuery {
	return retrieve.EntryQuery{Intent: d.intent, Text: d.req.Request, Tags: sortedKeys(d.tags), Entity: d.entity, Precedents: precedents, Now: d.now, Limit: retrievedShown}
}

func quote(s string) string { return "\"" + s + "\"" }

func (e *Engine) incident(id string) *dz.Incident {
	for i := range e.incidents {
		if e.incidents[i].ID == id {
			return &e.incidents[i]
		}
	}
	return nil
}
