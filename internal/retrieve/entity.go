package retrieve

import (
	"slices"
	"sort"
	"strings"

	"github.com/delegatezero/dz"
)

// How sure each way of finding an entity is.
const (
	confHint        = 1.0  // the caller named it
	confEmail       = 0.95 // an address in the text is the entity's
	confDomain      = 0.9  // a domain in the text, or an address's domain, is the entity's
	confSubdomain   = 0.8  // a subdomain of the entity's domain
	confNameWords   = 0.85 // its multi-word name appears in the text
	confNameOneWord = 0.7  // its one-word name appears in the text
)

// entityIndex finds entities by key. Keys are lowercase; when two entities
// share a key, the one with the smaller id wins.
type entityIndex struct {
	all      []*dz.Entity // sorted by id
	byID     map[string]int32
	byEmail  map[string]int32
	byDomain map[string]int32
	byName   map[string]int32
	names    map[string]int32 // name as lowercase words joined by one space
	lengths  []int            // distinct word counts of names, longest first
}

// maxNameWords caps the names matched in text, bounding the work per word.
const maxNameWords = 8

// buildEntities indexes entities by id, email, domain and name.
func buildEntities(list []*dz.Entity) entityIndex {
	ei := entityIndex{byID: map[string]int32{}, byEmail: map[string]int32{}, byDomain: map[string]int32{},
		byName: map[string]int32{}, names: map[string]int32{}}
	for _, e := range list {
		if e != nil {
			ei.all = append(ei.all, e)
		}
	}
	sort.SliceStable(ei.all, func(i, j int) bool { return ei.all[i].ID < ei.all[j].ID })
	for i, e := range ei.all {
		n := int32(i)
		addKey(ei.byID, strings.ToLower(e.ID), n)
		addKey(ei.byName, strings.ToLower(strings.TrimSpace(e.Name)), n)
		for _, m := range e.Emails {
			addKey(ei.byEmail, normEmail(m), n)
		}
		for _, d := range e.Domains {
			addKey(ei.byDomain, normDomain(d), n)
		}
		if IsParty(e) {
			ei.addName(e.Name, n)
		}
	}
	return ei
}

// partyKinds are the kinds of entity a request can be from or about. Other
// kinds (a reservation, an order) are records: found by their id, never by
// a name written in the text, so "order W2611340" is not taken for the
// customer.
var partyKinds = map[string]bool{"": true, "customer": true, "person": true, "user": true, "vendor": true, "account": true, "company": true}

// IsParty reports whether e is a customer, person, vendor or account, as
// opposed to a record such as an order.
func IsParty(e *dz.Entity) bool { return partyKinds[strings.ToLower(e.Kind)] }

// addKey maps k to n unless k is empty or taken.
func addKey(m map[string]int32, k string, n int32) {
	if _, taken := m[k]; k != "" && !taken {
		m[k] = n
	}
}

// addName indexes a name for text matching. One-word names that are stop
// words or shorter than three letters would match ordinary text, so they are
// left out, as are names longer than maxNameWords.
func (ei *entityIndex) addName(name string, n int32) {
	var t tokenizer
	t.reset(name)
	words := len(t.spans)
	if words == 0 || words > maxNameWords || words == 1 && (len(t.word(0)) < 3 || stopWords[string(t.word(0))]) {
		return
	}
	addKey(ei.names, string(t.phrase(0, words)), n)
	if !slices.Contains(ei.lengths, words) {
		ei.lengths = append(ei.lengths, words)
		slices.Sort(ei.lengths)
		slices.Reverse(ei.lengths)
	}
}

// ResolveEntity finds the entity a request is about: hint (context.entity:
// id, email, domain or name, exact, case-insensitive) first, then emails and
// domains extracted from the text (an address's domain and parent domains
// count too), then entity names appearing in text as whole words, the
// longest match winning. It returns nil, nil when nothing matches.
func (ix *Index) ResolveEntity(hint string, emails, domains []string, text string) (*dz.Entity, *dz.EntityMatch) {
	ei := &ix.ents
	if n, by, ok := ei.byHint(hint); ok {
		return ei.match(n, by, confHint)
	}
	for _, m := range emails {
		if n, ok := ei.byEmail[normEmail(m)]; ok {
			return ei.match(n, "email", confEmail)
		}
	}
	for _, m := range emails {
		if at := strings.LastIndexByte(m, '@'); at >= 0 {
			domains = append(domains[:len(domains):len(domains)], m[at+1:])
		}
	}
	for _, d := range domains {
		if n, conf, ok := ei.domain(d); ok {
			return ei.match(n, "domain", conf)
		}
	}
	if n, conf, ok := ix.nameInText(text); ok {
		return ei.match(n, "name", conf)
	}
	return nil, nil
}

// Entity returns the entity with this id (case-insensitive), or nil.
func (ix *Index) Entity(id string) *dz.Entity {
	if n, ok := ix.ents.byID[strings.ToLower(id)]; ok && id != "" {
		return ix.ents.all[n]
	}
	return nil
}

// byHint looks the caller's hint up as an id, email, domain or name.
func (ei *entityIndex) byHint(hint string) (int32, string, bool) {
	h := strings.ToLower(strings.TrimSpace(hint))
	if h == "" {
		return 0, "", false
	}
	for _, k := range []struct {
		by string
		m  map[string]int32
	}{{"id", ei.byID}, {"email", ei.byEmail}, {"domain", ei.byDomain}, {"name", ei.byName}} {
		if n, ok := k.m[h]; ok {
			return n, k.by, true
		}
	}
	if n, ok := ei.byDomain[normDomain(h)]; ok {
		return n, "domain", true
	}
	return 0, "", false
}

// domain finds an entity by domain, then by each parent domain.
func (ei *entityIndex) domain(d string) (int32, float64, bool) {
	d = normDomain(d)
	conf := confDomain
	for strings.Count(d, ".") >= 1 {
		if n, ok := ei.byDomain[d]; ok {
			return n, conf, true
		}
		d, conf = d[strings.IndexByte(d, '.')+1:], confSubdomain
	}
	return 0, 0, false
}

// match builds the result for entity n.
func (ei *entityIndex) match(n int32, by string, conf float64) (*dz.Entity, *dz.EntityMatch) {
	e := ei.all[n]
	return e, &dz.EntityMatch{ID: e.ID, Name: e.Name, MatchedBy: by, Confidence: conf}
}

// nameInText finds the longest entity name in text as whole words: most
// words, then most letters, then the earliest.
func (ix *Index) nameInText(text string) (int32, float64, bool) {
	ei := &ix.ents
	if len(ei.names) == 0 || text == "" {
		return 0, 0, false
	}
	s := ix.getScratch()
	defer ix.putScratch(s)
	t := &s.tok
	t.reset(text)
	best, bestWords, bestChars := int32(-1), 0, 0
	for i := range t.spans {
		for _, n := range ei.lengths {
			if n < bestWords || i+n > len(t.spans) {
				continue
			}
			p := t.phrase(i, n)
			if e, ok := ei.names[string(p)]; ok {
				if n > bestWords || len(p) > bestChars {
					best, bestWords, bestChars = e, n, len(p)
				}
				break
			}
		}
	}
	switch {
	case best < 0:
		return 0, 0, false
	case bestWords > 1:
		return best, confNameWords, true
	}
	return best, confNameOneWord, true
}

// normEmail lowercases an address and drops a mailto: prefix and angle brackets.
func normEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "mailto:")
	return strings.Trim(s, "<>")
}

// normDomain lowercases a domain and drops a scheme, path, "www." and a final dot.
func normDomain(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSuffix(strings.TrimPrefix(s, "www."), ".")
}
