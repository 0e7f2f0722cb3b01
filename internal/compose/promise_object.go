package compose

import (
	"slices"
	"strings"
)

// objectTypes says which action types would back a promise of w[k]:
// refund for "refund" or "money back", credit for "credit" (not "credit
// card"), either for "compensation", and so on. Nil when w[k] names nothing
// an action delivers.
func objectTypes(w []string, k int) []string {
	t := w[k]
	next := ""
	if k+1 < len(w) {
		next = w[k+1]
	}
	switch {
	case strings.HasPrefix(t, "refund"), strings.HasPrefix(t, "reimburs"):
		return []string{"refund"}
	case strings.HasPrefix(t, "credit") && next != "card" && next != "cards":
		return []string{"credit"}
	case strings.HasPrefix(t, "compensat"):
		return []string{"refund", "credit"}
	case strings.HasPrefix(t, "discount"):
		return []string{"discount"}
	case strings.HasPrefix(t, "cancel"):
		return []string{"cancel", "cancellation"}
	case t == "money" && next == "back":
		return []string{"refund"}
	}
	return nil
}

// negated reports whether the words hold a negation ("not only" does not
// count: it adds rather than refuses).
func negated(w []string) bool {
	for k, t := range w {
		if slices.Contains(negations, t) && !(t == "not" && k+1 < len(w) && w[k+1] == "only") {
			return true
		}
	}
	return false
}

// confirmation finds "your refund has been processed", "a credit is on its
// way": a determiner, the object within two words, then a done-verb.
func confirmation(toks []string, i int) *promise {
	w := window(toks, i)
	for k := 0; k < len(w) && k < 3; k++ {
		types := objectTypes(w, k)
		if types == nil {
			continue
		}
		rest := w[k+1:]
		done := slices.IndexFunc(rest, func(s string) bool { return slices.Contains(doneVerbs, s) })
		if done < 0 || done > 5 || negated(rest[:done]) {
			return nil
		}
		return &promise{phrase: toks[i] + " " + strings.Join(w[:k+1+done+1], " "), types: types}
	}
	return nil
}

// beenDone finds "has been refunded", "will be credited" unless negated in
// the three words before.
func beenDone(toks []string, i int) *promise {
	if i+1 >= len(toks) {
		return nil
	}
	types := objectTypes(toks, i+1)
	if types == nil || !strings.HasSuffix(toks[i+1], "ed") {
		return nil
	}
	if negated(toks[max(0, i-3):i]) {
		return nil
	}
	return &promise{phrase: toks[i] + " " + toks[i+1], types: types}
}
