package understand

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"
)

// labelled is one message of testdata/messages.yaml or holdout.yaml.
type labelled struct {
	Text   string         `yaml:"text"`
	Data   string         `yaml:"data"`
	Now    time.Time      `yaml:"now"`
	TZ     string         `yaml:"tz"`
	Intent string         `yaml:"intent"`
	Facts  map[string]any `yaml:"facts"`
}

// tally counts extraction outcomes for one fact name.
type tally struct{ tp, fp, fn int }

func (t tally) precision() float64 { return ratio(t.tp, t.tp+t.fp) }
func (t tally) recall() float64    { return ratio(t.tp, t.tp+t.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// evaluation is the measured quality of the analyzer on a labelled set.
type evaluation struct {
	n, correct int
	perFact    map[string]*tally
	total      tally
	mistakes   []string
}

func (e evaluation) accuracy() float64 { return ratio(e.correct, e.n) }

func loadLabelled(t *testing.T, path string) []labelled {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	var msgs []labelled
	if err := yaml.Unmarshal(b, &msgs); err != nil {
		t.Fatalf("parse %s: %v", path, err)
	}
	return msgs
}

func evaluate(t *testing.T, msgs []labelled) evaluation {
	t.Helper()
	e := evaluation{perFact: map[string]*tally{}}
	for i, m := range msgs {
		loc := time.UTC
		if m.TZ != "" {
			l, err := time.LoadLocation(m.TZ)
			if err != nil {
				t.Fatalf("message %d: tz %q: %v", i, m.TZ, err)
			}
			loc = l
		}
		r := Analyze(m.Text, m.Data, m.Now, loc, nil)
		e.n++
		if r.Top() == m.Intent {
			e.correct++
		} else {
			e.mistakes = append(e.mistakes, fmt.Sprintf("#%d intent %s, want %s %v: %.70q", i, r.Top(), m.Intent, r.Intents, m.Text))
		}
		e.compareFacts(i, m, r)
	}
	return e
}

// compareFacts counts true positives, false positives (including wrong
// values) and misses. anger is graded through angry; false flags count as absent.
func (e *evaluation) compareFacts(i int, m labelled, r Result) {
	got := map[string]any{}
	for _, f := range r.Facts {
		if f.Name != "anger" && f.Value != false {
			got[f.Name] = f.Value
		}
	}
	for name := range union(got, m.Facts) {
		tl := e.perFact[name]
		if tl == nil {
			tl = &tally{}
			e.perFact[name] = tl
		}
		g, gok := got[name]
		w, wok := m.Facts[name]
		switch {
		case gok && wok && sameValue(g, w):
			tl.tp++
			e.total.tp++
			continue
		case gok && wok:
			tl.fp++
			tl.fn++
			e.total.fp++
			e.total.fn++
		case gok:
			tl.fp++
			e.total.fp++
		default:
			tl.fn++
			e.total.fn++
		}
		e.mistakes = append(e.mistakes, fmt.Sprintf("#%d %s got %v want %v: %.60q", i, name, g, w, m.Text))
	}
}

func union(a, b map[string]any) map[string]bool {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func sameValue(got, want any) bool {
	if g, ok := asFloat(got); ok {
		w, ok := asFloat(want)
		return ok && math.Abs(g-w) < 0.01
	}
	return strings.EqualFold(fmt.Sprint(got), fmt.Sprint(want))
}

func asFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case float64:
		return v, true
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case uint64:
		return float64(v), true
	}
	return 0, false
}

func report(t *testing.T, name string, e evaluation) {
	t.Helper()
	t.Logf("%s: %d messages, intent accuracy %.3f; extraction precision %.3f recall %.3f",
		name, e.n, e.accuracy(), e.total.precision(), e.total.recall())
	names := make([]string, 0, len(e.perFact))
	for k := range e.perFact {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		tl := e.perFact[k]
		t.Logf("  %-18s precision %.3f recall %.3f (tp %d fp %d fn %d)", k, tl.precision(), tl.recall(), tl.tp, tl.fp, tl.fn)
	}
	if testing.Verbose() && os.Getenv("UNDERSTAND_MISTAKES") != "" {
		for _, m := range e.mistakes {
			t.Log("  " + m)
		}
	}
}

// TestLabelledMessages measures the analyzer on the labelled set it was
// tuned on, and holds it to 95% intent accuracy and 90% precision and recall.
func TestLabelledMessages(t *testing.T) {
	msgs := loadLabelled(t, "testdata/messages.yaml")
	if len(msgs) < 160 {
		t.Fatalf("labelled set has %d messages, want at least 160", len(msgs))
	}
	e := evaluate(t, msgs)
	report(t, "labelled", e)
	if e.accuracy() < 0.95 {
		t.Errorf("intent accuracy %.3f < 0.95", e.accuracy())
	}
	if p, r := e.total.precision(), e.total.recall(); p < 0.90 || r < 0.90 {
		t.Errorf("extraction precision %.3f, recall %.3f: want both ≥ 0.90", p, r)
	}
}

// TestHoldoutMessages measures the analyzer on messages it was not tuned
// on: holdout.yaml was written after tuning, holdout2.yaml later still, by
// someone who had not read the analyzer. Their numbers are reported as they
// are; only a floor of 80% intent accuracy is enforced, so the sets stay
// honest (fixing the analyzer to a holdout's mistakes spends that holdout).
func TestHoldoutMessages(t *testing.T) {
	for _, name := range []string{"holdout", "holdout2", "holdout3"} {
		msgs := loadLabelled(t, "testdata/"+name+".yaml")
		if len(msgs) < 30 {
			t.Fatalf("%s set has %d messages, want at least 30", name, len(msgs))
		}
		e := evaluate(t, msgs)
		report(t, name, e)
		if e.accuracy() < 0.80 {
			t.Errorf("%s intent accuracy %.3f < 0.80", name, e.accuracy())
		}
	}
}
