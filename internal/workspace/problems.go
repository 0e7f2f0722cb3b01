package workspace

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// collector gathers every problem found while loading a workspace.
type collector struct {
	list   dz.Problems
	refs   []ref        // cross-file references, checked after every file is read
	params []paramCheck // expected parameters given as text or true/false, checked likewise
}

// add records one problem: where, what is wrong and how to fix it.
func (c *collector) add(pos dz.Pos, fix, format string, args ...any) {
	c.list = append(c.list, dz.Problem{Pos: pos, Message: fmt.Sprintf(format, args...), Fix: fix})
}

// err returns the problems sorted by file, line and column, or nil when there are none.
func (c *collector) err() error {
	if len(c.list) == 0 {
		return nil
	}
	ps := slices.Clone(c.list)
	slices.SortStableFunc(ps, func(a, b dz.Problem) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
			cmp.Compare(a.Message, b.Message),
		)
	})
	return dz.Problems(slices.CompactFunc(ps, func(a, b dz.Problem) bool { return a == b }))
}

// unknownKeyFix suggests the valid key nearest to key, or lists them all.
func unknownKeyFix(key string, valid []string) string {
	if near := nearest(key, valid); near != "" {
		return fmt.Sprintf("did you mean %q? Valid keys: %s", near, strings.Join(valid, ", "))
	}
	return "remove it; valid keys: " + strings.Join(valid, ", ")
}

// oneOfFix tells the user which values are accepted.
func oneOfFix(valid []string) string {
	return "use one of: " + strings.Join(valid, ", ")
}

// nearest returns the option closest to s by edit distance, if it is close
// enough to be a plausible typo.
func nearest(s string, options []string) string {
	best, bestD := "", len(s)/2+2
	for _, o := range options {
		if d := editDistance(strings.ToLower(s), o); d < bestD {
			best, bestD = o, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		return max(len(ra), len(rb))
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
