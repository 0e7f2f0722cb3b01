package understand

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// The typo corrector maps a word one edit away (insertion, deletion,
// substitution or swap of neighbours) from a known keyword of six or more
// letters onto that keyword, using a symmetric-deletion index.

// factWords are keywords the fact extractors look for, corrected like
// lexicon words.
var factWords = []string{"charged", "payment", "invoice", "outage", "outages", "downtime",
	"hours", "minutes", "refunded", "yesterday", "unacceptable", "ridiculous", "disappointed",
	"furious", "terrible", "subscription", "cancellation", "february", "january", "september",
	"october", "november", "december", "august", "tuesday", "wednesday", "thursday", "saturday",
	"monday", "friday", "sunday", "competitor", "unavailable", "customer"}

// guarded are real words that sit one edit away from a keyword and must not
// be "corrected" into it.
var guarded = set("changed", "change", "changes", "killed", "filled", "listed", "brought",
	"called", "calling", "chanced", "charter", "charger", "filling", "killing", "billion",
	"counted", "created", "creates", "crated", "lasted", "refine", "refuse", "refused", "recovery",
	"rated", "dated", "wasted", "posted", "hosted", "mindset", "minute", "hour", "outrage",
	"outraged", "backed", "tracked", "cancer", "create", "credits", "closed", "closing",
	"deleted", "delete", "missing", "missed", "mission", "billed", "biller", "crashed",
	"account", "accounts", "amount", "amounts", "paying", "payments", "stated", "status")

// dictionary holds the keywords the corrector may return; deletions maps
// each keyword and each of its one-letter deletions to the keywords.
var dictionary, deletions = buildDictionary()

func buildDictionary() (map[string]bool, map[string][]string) {
	dict, dels := map[string]bool{}, map[string][]string{}
	words := append([]string(nil), factWords...)
	for k := range lexicon {
		words = append(words, k)
	}
	for _, w := range words {
		if len(w) < 6 || !isLetters(w) || dict[w] {
			continue
		}
		dict[w] = true
		dels[w] = append(dels[w], w)
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			dels[d] = append(dels[d], w)
		}
	}
	for k, ws := range dels {
		sort.Strings(ws)
		dels[k] = ws
	}
	return dict, dels
}

// memo remembers corrections of words already seen (messages share most of
// their vocabulary); it stops growing at memoLimit entries.
var (
	memo      sync.Map // string → string
	memoSize  atomic.Int64
	memoLimit int64 = 50000
)

// correct returns the keyword w is a typo of, or w itself.
func correct(w string, buf []byte) (string, []byte) {
	if len(w) < 5 || len(w) > 24 {
		return w, buf
	}
	if c, ok := memo.Load(w); ok {
		return c.(string), buf
	}
	c, buf := correctSlow(w, buf)
	if memoSize.Load() < memoLimit {
		if _, loaded := memo.LoadOrStore(strings.Clone(w), c); !loaded {
			memoSize.Add(1)
		}
	}
	return c, buf
}

// correctSlow looks w up in the deletion index.
func correctSlow(w string, buf []byte) (string, []byte) {
	if len(w) < 5 || len(w) > 24 || dictionary[w] || guarded[w] || lexicon[w] != nil || !isLetters(w) ||
		w[len(w)-1] == 's' && dictionary[w[:len(w)-1]] {
		return w, buf // a known word, or the plural of one
	}
	best := ""
	consider := func(cands []string) {
		for _, c := range cands {
			if (best == "" || c < best) && osa1(w, c) {
				best = c
			}
		}
	}
	consider(deletions[w])
	for i := range len(w) {
		buf = append(append(buf[:0], w[:i]...), w[i+1:]...)
		consider(deletions[string(buf)])
	}
	if best == "" {
		return w, buf
	}
	return best, buf
}

// osa1 reports whether a and b are at most one edit apart, counting a swap
// of two neighbouring letters as one edit.
func osa1(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	switch {
	case i == len(a):
		return true
	case len(a) < len(b):
		return a[i:] == b[i+1:]
	case a[i+1:] == b[i+1:]:
		return true
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}
