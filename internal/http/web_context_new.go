package http

import (
	"net/http"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// newEntryPage is GET /app/context/new?type=: a form for a new entry,
// started with an example of the type's file.
func (s *Server) newEntryPage(w http.ResponseWriter, r *http.Request) error {
	typ := dz.ContextType(r.URL.Query().Get("type"))
	if !slices.Contains(dz.ContextTypes, typ) {
		typ = dz.TypeEntity
	}
	d := entryData{Type: typ, Label: typeLabels[typ], New: true, Text: starterText(typ, s.cfg.Now().UTC().Format("2006-01-02")), Types: newTypeTabs(typ)}
	return s.render(w, r, http.StatusOK, "context_entry", view{Title: "New " + string(typ), Nav: "context", Data: d})
}

// newTypeTabs are the types a new entry may have, with typ chosen.
func newTypeTabs(typ dz.ContextType) []typeTab {
	var out []typeTab
	for _, t := range dz.ContextTypes {
		out = append(out, typeTab{Type: t, Label: typeLabels[t], Current: t == typ})
	}
	return out
}

// createEntry is POST /app/context/new: a new entry from its file.
func (s *Server) createEntry(w http.ResponseWriter, r *http.Request) error {
	typ := dz.ContextType(r.PostForm.Get("type"))
	if !slices.Contains(dz.ContextTypes, typ) {
		return dz.Errorf(dz.EINVALID, "choose what kind of entry to create")
	}
	d := entryData{Type: typ, Label: typeLabels[typ], New: true, Text: formText(r, "text"), Types: newTypeTabs(typ)}
	entry, problems, err := s.parseEntry(r, typ, d.Text)
	if err != nil {
		return err
	}
	if problems == nil {
		vs, err := s.cfg.Store.ContextVersions(r.Context(), viewerOf(r).user.WorkspaceID, typ, entry.ID)
		if err != nil && dz.ErrorCode(err) != dz.ENOTFOUND {
			return err
		}
		if len(vs) > 0 && !vs[len(vs)-1].Deleted {
			problems = dz.Problems{{Message: "there is already a " + string(typ) + " \"" + entry.ID + "\"", Fix: "choose another id, or open the existing one to edit it"}}
		}
	}
	if problems == nil {
		_, err := s.storeEntries(r.Context(), viewerOf(r).user.WorkspaceID, entry)
		if err == nil {
			http.Redirect(w, r, entryURL(typ, entry.ID)+"?done=created", http.StatusSeeOther)
			return nil
		}
		if problems = asProblems(err); problems == nil {
			return err
		}
	}
	d.Problems = problems
	return s.render(w, r, http.StatusUnprocessableEntity, "context_entry", view{Title: "New " + string(typ), Nav: "context", Data: d,
		Error: "Nothing was saved: fix the problems listed next to the text."})
}

// starters are the new-entry form's first text per type: a small valid
// example of the type's file, dated today (TODAY).
var starters = map[dz.ContextType]string{
	dz.TypeEntity: `id: new-customer
name: New Customer
plan: Starter
mrr: 49
emails: [billing@new-customer.example]
notes: Who they are and how to treat them.
updated: TODAY
`,
	dz.TypePolicy: `id: new-policy
title: New policy
description: What this policy protects.
updated: TODAY
scope:
  intents: [refund]
rules:
  - id: big-refunds
    when: has(facts.amount) && facts.amount > 500
    effect: hard_stop
    message: Refunds over 500 come to me.
`,
	dz.TypePrecedent: `id: p-new
date: TODAY
intent: refund
summary: What the customer asked and what was special about it.
resolution: approved
actions:
  - type: refund
    params: {percent: 50}
reason: Why you decided so.
`,
	dz.TypePlaybook: `---
id: new-playbook
title: New playbook
intents: [refund]
updated: TODAY
---
1. The first thing to do.
2. The next.
`,
	dz.TypeTemplate: `---
id: new-closing
part: closing
updated: TODAY
---
Thanks,
{{.Signature}}
`,
	dz.TypeSource: `---
id: new-source
title: Reference notes
updated: TODAY
---
Text the engine may consult; it informs decisions and never directs them.
`,
}

// starterText is the new-entry form's first text for typ.
func starterText(typ dz.ContextType, today string) string {
	return strings.ReplaceAll(starters[typ], "TODAY", today)
}
