package retrieve

import (
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/delegatezero/dz"
)

func allIn(words []string, set map[string]bool) bool {
	for _, w := range words {
		if !set[w] {
			return false
		}
	}
	return true
}

// Hit is one context entry a search found.
type Hit struct {
	Type  dz.ContextType `json:"type"`
	ID    string         `json:"id"`
	Hash  string         `json:"hash"`
	Title string         `json:"title"`
	Score float64        `json:"score"` // share of the query's words found, +1 when the query names it, +0.5 when its title holds them all
}

// Search answers "what do I know about Acme?": every entry of the workspace
// (optionally of one type) scored by the share of the query's words in its
// text, best first, at most limit. It reads every entry: fine for a search
// box, not for the decision path.
func Search(ws *dz.Workspace, typ dz.ContextType, q string, limit int) []Hit {
	words := searchWords(q)
	if len(words) == 0 {
		return []Hit{}
	}
	phrase := strings.ToLower(strings.TrimSpace(q))
	hits := []Hit{}
	consider := func(t dz.ContextType, m dz.Meta, title string, text ...string) {
		if typ != "" && typ != t {
			return
		}
		all := strings.ToLower(m.ID + " " + title + " " + strings.Join(text, " ") + " " + strings.Join(m.Tags, " "))
		have := map[string]bool{}
		for _, w := range searchWords(all) {
			have[w] = true
		}
		found := 0
		for _, w := range words {
			if have[w] {
				found++
			}
		}
		if found == 0 {
			return
		}
		score := float64(found) / float64(len(words))
		titleWords := map[string]bool{}
		for _, w := range searchWords(title) {
			titleWords[w] = true
		}
		switch {
		case slices.Contains(words, strings.ToLower(m.ID)) || strings.ToLower(title) == phrase:
			score++ // the query names this entry
		case allIn(words, titleWords):
			score += 0.5 // its title speaks of everything asked
		}
		hits = append(hits, Hit{Type: t, ID: m.ID, Hash: m.Hash, Title: title, Score: round4(score)})
	}
	for _, e := range ws.Entities {
		consider(dz.TypeEntity, e.Meta, e.Name, e.Plan, e.Notes, e.Contact, strings.Join(e.Emails, " "), strings.Join(e.Domains, " "))
	}
	for _, p := range ws.Policies {
		consider(dz.TypePolicy, p.Meta, p.Title, p.Description)
	}
	for _, p := range ws.Precedents {
		consider(dz.TypePrecedent, p.Meta, p.Summary, p.Entity, p.Intent, p.Reason)
	}
	for _, p := range ws.Playbooks {
		consider(dz.TypePlaybook, p.Meta, p.Title, strings.Join(p.Steps, " "), p.Body)
	}
	for _, t := range ws.Templates {
		consider(dz.TypeTemplate, t.Meta, t.ID, t.Body)
	}
	for _, s := range ws.Sources {
		consider(dz.TypeSource, s.Meta, s.Title, s.Body, s.Entity)
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		if hits[i].Type != hits[j].Type {
			return hits[i].Type < hits[j].Type
		}
		return hits[i].ID < hits[j].ID
	})
	if limit > 0 && len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// searchStop are words too common to search on.
var searchStop = map[string]bool{"what": true, "do": true, "i": true, "know": true, "about": true, "the": true,
	"a": true, "an": true, "of": true, "and": true, "or": true, "is": true, "we": true, "our": true, "to": true, "for": true}

func searchWords(s string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if len(w) > 1 && !searchStop[w] {
			out = append(out, w)
		}
	}
	return out
}
