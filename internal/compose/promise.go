package compose

import (
	"fmt"
	"slices"
	"strings"
)

// tokens splits a normalized line into words (letters, digits and
// apostrophes) and the punctuation that ends a clause; commas and other
// marks are dropped.
func tokens(line string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(line); i++ {
		word := i < len(line) && (line[i] >= 'a' && line[i] <= 'z' || line[i] >= '0' && line[i] <= '9' || line[i] == '\'')
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out, start = append(out, line[start:i]), -1
		}
		if i < len(line) && strings.IndexByte(".!?;:", line[i]) >= 0 {
			out = append(out, line[i:i+1])
		}
	}
	return out
}

// promiseWindow is how many words after a subject a promise may span.
const promiseWindow = 10

var (
	subjects     = []string{"we", "i", "you"}
	modals       = []string{"will", "shall", "have", "has", "had", "are", "am", "would", "can", "could", "should", "'ll", "'ve"}
	promiseVerbs = []string{"issue", "issued", "issuing", "process", "processed", "processing", "refund", "refunded", "refunding",
		"credit", "credited", "crediting", "apply", "applied", "applying", "send", "sent", "sending", "give", "gave", "given", "giving",
		"grant", "granted", "add", "added", "reimburse", "reimbursed", "approve", "approved", "initiate", "initiated", "receive",
		"received", "get", "got", "see", "put", "pay", "paid", "return", "returned", "waive", "waived", "cancel", "cancelled",
		"canceled", "arrange", "arranged", "offer", "offered", "confirm", "confirmed", "provide", "provided", "compensate", "compensated"}
	fillers    = []string{"just", "already", "now", "also", "gone", "went", "ahead", "and", "have", "be", "been", "happily", "personally", "immediately", "today", "go", "going", "to", "happy", "glad", "pleased"}
	negations  = []string{"not", "never", "no", "unable", "cannot", "can't", "won't", "don't", "didn't", "isn't", "aren't", "wasn't", "weren't", "couldn't", "wouldn't", "shouldn't", "hasn't", "haven't", "nor", "neither", "without"}
	doneVerbs  = []string{"processed", "issued", "applied", "approved", "granted", "sent", "initiated", "added", "completed", "paid", "way"}
	determiner = []string{"your", "the", "a", "an", "this", "that", "our"}
	asks       = []string{"asked", "ask", "asking", "requested", "request", "requesting", "want", "wanted", "need", "needed", "mentioned", "wondered", "claimed", "said", "wrote"}
)

// objectRoots are the words objectTypes knows; lines without them skip
// tokenizing.
var objectRoots = []string{"refund", "reimburs", "credit", "compensat", "discount", "cancel", "money"}

// promise is a promise found in a line and the action types that back it.
type promise struct {
	phrase string
	types  []string
}

// guardPromises reports the first promise in a normalized line that no
// decided action backs.
func guardPromises(line string, a allowed) error {
	if !slices.ContainsFunc(objectRoots, func(r string) bool { return strings.Contains(line, r) }) {
		return nil // nothing an action delivers is named
	}
	for _, p := range findPromises(tokens(line)) {
		if !slices.ContainsFunc(p.types, func(t string) bool { return a.types[t] }) {
			return fmt.Errorf("promises %q, but no %s action was decided", p.phrase, strings.Join(p.types, " or "))
		}
	}
	return nil
}

// findPromises finds commitments ("we'll refund", "I've issued a credit"),
// passive confirmations ("your refund has been processed") and "been
// refunded" forms. Negated statements are not promises.
func findPromises(toks []string) []promise {
	var out []promise
	for i, t := range toks {
		var p *promise
		switch {
		case slices.Contains(subjects, subjectOf(t)):
			p = commitment(toks, i)
		case slices.Contains(determiner, t):
			p = confirmation(toks, i)
		case t == "be" || t == "been" || t == "being":
			p = beenDone(toks, i)
		}
		if p != nil {
			out = append(out, *p)
		}
	}
	return out
}

// subjectOf strips a contraction: "we'll" → "we".
func subjectOf(t string) string {
	s, _, _ := strings.Cut(t, "'")
	return s
}

// window returns the words after toks[i], up to the end of the clause.
func window(toks []string, i int) []string {
	end := i + 1
	for end < len(toks) && end-i <= promiseWindow && !strings.ContainsAny(toks[end], ".!?;:") {
		end++
	}
	return toks[i+1 : end]
}

func commitment(toks []string, i int) *promise {
	w := window(toks, i)
	modal := strings.Contains(toks[i], "'")
	if !modal && len(w) > 0 && slices.Contains(modals, w[0]) {
		modal, w = true, w[1:]
	}
	if !modal { // "we refunded you": a past-tense promise verb right after fillers
		j := 0
		for j < len(w) && slices.Contains(fillers, w[j]) {
			j++
		}
		if j == len(w) || !slices.Contains(promiseVerbs, w[j]) || subjectOf(toks[i]) == "you" {
			return nil
		}
	}
	verb := slices.IndexFunc(w, func(s string) bool { return slices.Contains(promiseVerbs, s) })
	if verb < 0 {
		return nil
	}
	if subjectOf(toks[i]) == "you" && slices.ContainsFunc(w[:verb], func(s string) bool { return slices.Contains(asks, s) }) {
		return nil // "you've asked for a refund" reports the request
	}
	return objectIn(toks[i], w, verb)
}

// objectIn finds what was promised from the verb on; a negation before it
// means the sentence refuses rather than promises.
func objectIn(subject string, w []string, verb int) *promise {
	for k := verb; k < len(w); k++ {
		types := objectTypes(w, k)
		if types == nil {
			continue
		}
		if negated(w[:k]) {
			return nil
		}
		return &promise{phrase: subject + " " + strings.Join(w[:k+1], " "), types: types}
	}
	return nil
}
