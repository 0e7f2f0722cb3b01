package main

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/delegatezero/dz"
)

// printDecision writes a decision for a person to read: the outcome and
// reply first, then how it was reached.
func printDecision(w io.Writer, d *dz.Decision) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("%s  (confidence %.3f, risk %s)\n", strings.ToUpper(string(d.Decision)), d.Confidence, d.RiskLevel)
	if d.DryRun {
		p("dry run: nothing recorded or sent\n")
	}
	p("%s\n%s\n", d.Title, d.Summary)
	p("\nReason: %s\n", d.Reason)
	if len(d.Actions) > 0 {
		p("\nActions:\n")
		for _, a := range d.Actions {
			p("  - %s%s\n", a.Type, params(a.Params))
		}
	}
	if len(d.Questions) > 0 {
		p("\nQuestions for you:\n")
		for i, q := range d.Questions {
			p("  %d. %s\n", i+1, q)
		}
	}
	p("\nReply:\n%s\n", indent(d.Response))
	if len(d.ResponseSchema) > 0 {
		p("\nResponse fields:\n")
		for _, k := range sortedKeys(d.ResponseSchema) {
			p("  %s: %v\n", k, d.ResponseSchema[k])
		}
	}
	if d.Suggestion != "" {
		p("\nSuggestion: %s\n", d.Suggestion)
	}
	if d.Trace != nil {
		printTrace(w, d.Trace)
	}
}

func printTrace(w io.Writer, t *dz.Trace) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	p("\nHow this was decided\n")
	if len(t.Intents) > 0 {
		p("  intent: %s (%.2f)", t.Intents[0].Name, t.Intents[0].Score)
		if len(t.Intents) > 1 {
			p(", then %s (%.2f)", t.Intents[1].Name, t.Intents[1].Score)
		}
		p("\n")
	}
	if t.Entity != nil {
		p("  entity: %s (%s, matched by %s)\n", t.Entity.Name, t.Entity.ID, t.Entity.MatchedBy)
	} else {
		p("  entity: none matched\n")
	}
	for _, r := range t.Records {
		found := "found"
		if !r.Found {
			found = "NOT FOUND"
		}
		p("  record %s: %s %s (%s)\n", r.Name, r.ID, found, r.Fact)
	}
	if len(t.Retrieved) > 0 {
		p("  context retrieved (relevance × freshness):\n")
		for _, r := range t.Retrieved[:min(len(t.Retrieved), 6)] {
			stale := ""
			if r.Stale {
				stale = "  STALE"
			}
			p("    %.2f  %-9s %s%s\n", r.Score, r.Type, r.ID, stale)
		}
	}
	p("  facts:\n")
	for _, f := range t.Facts {
		p("    %-22s %-14s %s\n", f.Name, oneLine(fmt.Sprint(f.Value)), f.Source)
	}
	p("  policies evaluated:\n")
	for _, pr := range t.Policies {
		stale := ""
		if pr.Stale {
			stale = " (stale)"
		}
		p("    %s%s\n", pr.ID, stale)
		for _, r := range pr.Rules {
			p("      %-5s %-10s %s%s\n", ruleMark(r), r.Effect, r.ID, ruleNote(r))
		}
	}
	p("  precedents cited:\n")
	if len(t.Precedents) == 0 {
		p("    none similar\n")
	}
	for _, c := range t.Precedents {
		p("    %.2f  %s  %s — %s\n", c.Similarity, c.ID, c.Resolution, oneLine(c.Summary))
	}
	if t.Playbook != nil {
		p("  playbook %s:\n", t.Playbook.ID)
		for i, s := range t.Playbook.Steps {
			p("    %d. %s\n", i+1, s)
		}
	}
	if len(t.Proposals) > 0 {
		p("  proposals:\n")
		for _, s := range t.Proposals {
			p("    - %s\n", s)
		}
	}
	p("  confidence components:\n")
	for _, c := range t.Confidence {
		p("    %-21s %.2f × %.2f  %s\n", c.Name, c.Value, c.Weight, c.Note)
	}
	p("  risk: %s, execute at %.2f, draft floor %.2f\n", t.Risk.Level, t.Risk.Threshold, t.Risk.DraftFloor)
	p("  tone: %s, %s (%s)\n", t.Tone.Register, t.Tone.Handling, t.Tone.Why)
	for _, s := range t.Steps {
		p("  decided: %s\n", s)
	}
	if len(t.WouldChange) > 0 {
		p("  what would change the outcome:\n")
		for _, s := range t.WouldChange {
			p("    - %s\n", s)
		}
	}
	for _, s := range t.Warnings {
		p("  warning: %s\n", s)
	}
}

func ruleMark(r dz.RuleResult) string {
	switch {
	case r.Error != "":
		return "ERROR"
	case r.Holds:
		return "holds"
	}
	return "-"
}

func ruleNote(r dz.RuleResult) string {
	switch {
	case r.Error != "":
		return ": " + r.Error
	case r.Detail != "":
		return ": " + r.Detail
	}
	return ""
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func params(m map[string]any) string {
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for _, k := range sortedKeys(m) {
		parts = append(parts, fmt.Sprintf("%s=%v", k, m[k]))
	}
	return " " + strings.Join(parts, " ")
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

// oneLine folds white space, so multi-line YAML text prints on one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
