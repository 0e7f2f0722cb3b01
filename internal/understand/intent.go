package understand

import (
	"math"
	"sort"
	"strings"

	"github.com/delegatezero/dz"
)

// word is a content token: a token that counts towards intents, with its
// matching key (fillers are dropped, figures become "#").
type word struct {
	key    string
	weight float64
	tok    int // index in the document's tokens
	clause int32
	used   bool  // part of a matched phrase; no longer a negator
	starts uint8 // bits of the phrase sets with a phrase starting here (body words)
}

// votes accumulates raw intent scores and the phrases behind them.
type votes struct {
	raw      []float64
	evidence [][]string
}

func newVotes(n int) *votes {
	return &votes{raw: make([]float64, n), evidence: make([][]string, n)}
}

func (v *votes) add(i int, w float64, why string) {
	v.raw[i] += w
	if w > 0 && len(v.evidence[i]) < 5 && !contains(v.evidence[i], why) {
		v.evidence[i] = append(v.evidence[i], why)
	}
}

// contentWords picks the words of d that count towards intents.
func contentWords(d *document) []word {
	ws := make([]word, 0, len(d.toks))
	for i, t := range d.toks {
		lw := t.line.intentWeight()
		if lw > 0 && lw < 1 {
			lw = d.reply.quotedWeight()
		}
		if t.kind > kNumber || lw == 0 || t.filler {
			continue
		}
		ws = append(ws, word{key: matchKey(t), tok: i, clause: t.clause, weight: lw * d.weight})
	}
	return ws
}

// matchKey is the form a token takes in lexicon phrases.
func matchKey(t token) string {
	if t.kind != kNumber {
		return t.norm
	}
	v, rest, _ := leadingNumber(t.norm)
	switch {
	case rest == "" && v == math.Trunc(v):
		return "#"
	case rest == "x":
		return "#x"
	}
	return t.norm
}

// vote matches lexicon phrases (longest first) over ws and adds their cues.
func vote(ws []word, v *votes) {
	var buf []byte
	for i := 0; i < len(ws); {
		n, c := 0, (*cue)(nil)
		for size := lexiconLongest[ws[i].key]; size >= 1 && c == nil; size-- {
			if i+size > len(ws) || ws[i+size-1].clause != ws[i].clause {
				continue
			}
			buf = buf[:0]
			for j := i; j < i+size; j++ {
				if j > i {
					buf = append(buf, ' ')
				}
				buf = append(buf, ws[j].key...)
			}
			if c = lexicon[string(buf)]; c != nil {
				n = size
			}
		}
		if c == nil {
			i++
			continue
		}
		apply(c, string(buf), negated(ws, i), ws[i].weight, v)
		for j := i; j < i+n; j++ {
			ws[j].used = true
		}
		i += n
	}
}

// negated reports whether a negator sits within three content words before
// ws[i] in the same clause, with no scope break between them: in "if things
// don't improve by renewal" the "don't" is about improving, not renewing.
func negated(ws []word, i int) bool {
	for j := i - 1; j >= 0 && j >= i-3 && ws[j].clause == ws[i].clause; j-- {
		if !ws[j].used && negators[ws[j].key] {
			return true
		}
		if negationStops[ws[j].key] {
			return false
		}
	}
	return false
}

func apply(c *cue, phrase string, neg bool, weight float64, v *votes) {
	w := &c.w
	if neg && !c.fixed {
		w = &c.neg
		phrase = "not " + phrase
	}
	for i, x := range w {
		if x != 0 {
			v.add(i, x*weight, phrase)
		}
	}
}

// score turns raw votes into intent scores in [0, 1], best first.
func score(v *votes, names []string) []dz.IntentScore {
	out := make([]dz.IntentScore, 0, 4)
	for i, raw := range v.raw {
		if raw <= 0 && i != iOther {
			continue
		}
		s := 1 - math.Exp(-math.Max(raw, 0)/2.5)
		out = append(out, dz.IntentScore{Name: names[i], Score: round3(s), Evidence: v.evidence[i]})
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].Score != out[b].Score {
			return out[a].Score > out[b].Score
		}
		return out[a].Name < out[b].Name
	})
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// customIntent is a workspace-defined intent compiled to key sequences.
type customIntent struct {
	slot     int
	keywords [][]string
}

// compileCustom turns workspace intent definitions into matchable phrases.
// A definition named like a built-in intent adds keywords to it.
func compileCustom(defs []dz.IntentDef) ([]customIntent, []string) {
	names := append([]string(nil), Builtin...)
	var out []customIntent
	for _, d := range defs {
		name := strings.TrimSpace(d.Name)
		if name == "" {
			continue
		}
		slot := indexOf(names, name)
		if slot < 0 {
			slot = len(names)
			names = append(names, name)
		}
		ci := customIntent{slot: slot}
		for _, k := range d.Keywords {
			if keys := keywordKeys(k); len(keys) > 0 {
				ci.keywords = append(ci.keywords, keys)
			}
		}
		out = append(out, ci)
	}
	return out, names
}

// keywordKeys tokenises a keyword the way messages are tokenised.
func keywordKeys(k string) []string {
	if len(k) > 200 {
		k = k[:200]
	}
	var keys []string
	for _, t := range tokenize(k, nil) {
		if t.kind <= kNumber && !fillers[t.norm] {
			keys = append(keys, matchKey(t))
		}
	}
	return keys
}

// voteCustom adds 4.5 per occurrence of a workspace keyword: the founder's
// own vocabulary outweighs a built-in cue for the same words ("upgrade").
func voteCustom(d *document, ws []word, custom []customIntent, v *votes) {
	for _, ci := range custom {
		for _, kw := range ci.keywords {
			for i := range ws {
				if matchAt(d, ws, i, kw) {
					v.add(ci.slot, 4.5*ws[i].weight, strings.Join(kw, " "))
				}
			}
		}
	}
}

func matchAt(d *document, ws []word, i int, kw []string) bool {
	if i+len(kw) > len(ws) {
		return false
	}
	// A workspace keyword matches the word as written too: the typo
	// corrector only knows built-in keywords and may have "corrected"
	// "downgrade" into "downgraded".
	for j, k := range kw {
		w := ws[i+j]
		if w.key != k && d.toks[w.tok].typed != k || w.clause != ws[i].clause {
			return false
		}
	}
	return true
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
