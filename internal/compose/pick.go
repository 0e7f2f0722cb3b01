package compose

import (
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// situation is what templates are matched against.
type situation struct {
	part     string
	intent   string
	outcome  dz.Outcome
	types    map[string]bool // decided action types the reply may state
	register string
	handling string
}

// specificity reports whether t applies to the situation and, if so, how
// specific it is: one point per criterion it sets, plus one per action type
// it requires. More specific templates win.
func specificity(t *dz.Template, s situation) (int, bool) {
	if t == nil || t.Part != s.part {
		return 0, false
	}
	score := 0
	if len(t.Intents) > 0 {
		if !slices.Contains(t.Intents, s.intent) {
			return 0, false
		}
		score++
	}
	if len(t.Outcomes) > 0 {
		if !slices.Contains(t.Outcomes, s.outcome) {
			return 0, false
		}
		score++
	}
	for _, a := range t.Actions {
		if !s.types[strings.ToLower(a)] {
			return 0, false
		}
		score++
	}
	if len(t.Tones) > 0 {
		if !slices.Contains(t.Tones, s.register) {
			return 0, false
		}
		score++
	}
	if t.Handling != "" {
		if t.Handling != s.handling {
			return 0, false
		}
		score++
	}
	return score, true
}

// pick returns the best template for the situation: the most specific, ties
// broken by the smaller id. Nil when none applies.
func pick(templates []*dz.Template, s situation) *dz.Template {
	var best *dz.Template
	bestScore := -1
	for _, t := range templates {
		score, ok := specificity(t, s)
		if !ok {
			continue
		}
		if score > bestScore || score == bestScore && t.ID < best.ID {
			best, bestScore = t, score
		}
	}
	return best
}
