package compose

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
)

// allowed is what a reply may state: the money amounts, percentages and
// action types of the decided actions.
type allowed struct {
	money    []float64
	percents []float64
	types    map[string]bool
	verbatim string // policy text the founder wrote for the customer (a refusal): kept as written
}

// allowedValues collects the numbers and types the actions contain.
// Parameters named like "percent" or "pct" are percentages; every other
// numeric parameter is money.
func allowedValues(actions []dz.Action) allowed {
	a := allowed{types: map[string]bool{}}
	for _, act := range actions {
		a.types[strings.ToLower(act.Type)] = true
		for k, v := range act.Params {
			f, ok := number(v)
			if !ok {
				continue
			}
			if isPercentParam(k) {
				a.percents = append(a.percents, f)
			} else {
				a.money = append(a.money, f)
			}
		}
	}
	sort.Float64s(a.money)
	sort.Float64s(a.percents)
	return a
}

func isPercentParam(name string) bool {
	n := strings.ToLower(name)
	return strings.Contains(n, "percent") || strings.Contains(n, "pct")
}

// Guard reports the first statement in text that the decided actions do not
// back: a money amount or percentage equal to no action parameter, a promise
// ("we'll refund", "your credit has been applied") with no action of that
// type, or an amount spelled in words. For an escalation nothing is backed:
// its reply must state no amount and make no promise.
func Guard(text string, outcome dz.Outcome, actions []dz.Action) error {
	return guard(text, allowedValues(promisable(outcome, actions)))
}

func guard(text string, a allowed) error {
	for _, line := range strings.Split(text, "\n") {
		norm := normalize(line)
		if err := guardNumbers(norm, a); err != nil {
			return err
		}
		if err := guardPromises(norm, a); err != nil {
			return err
		}
	}
	return nil
}

// normalize lowercases a line, straightens quotes and collapses spaces so
// the patterns below see one spelling.
func normalize(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(quotes.Replace(s))), " ")
}

var quotes = strings.NewReplacer("’", "'", "‘", "'", "ʼ", "'", "＄", "$", "％", "%")

// Patterns around a number: each is matched against a few bytes before or
// after it, which keeps the guard fast on long replies.
var (
	numberRe     = regexp.MustCompile(`^\d[\d,]*(?:\.\d+)?`)
	moneyBefore  = regexp.MustCompile(`(?:[$€£¥]|\b(?:usd|eur|gbp|cad|aud|nzd|jpy|chf|sek|nok|dkk|inr|brl|mxn)) ?$`)
	bareBefore   = regexp.MustCompile(`\b(?:refund|credit|amount|payment|charge|compensation|reimbursement|discount)s? (?:of |for |worth |totall?ing )?$`)
	moneyAfter   = regexp.MustCompile(`^ ?(usd|eur|gbp|cad|aud|nzd|jpy|chf|sek|nok|dkk|inr|brl|mxn|dollars?|euros?|pounds?|bucks|cents?)\b`)
	percentAfter = regexp.MustCompile(`^ ?(?:%|percent\b|per cent\b|pct\b)`)
	spelledRe    = regexp.MustCompile(`\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)(?:[- ](?:and|one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand))* (?:dollars?|euros?|pounds?|bucks|percent|per cent)\b`)
)

// spelledUnits are the words an amount in words ends with.
var spelledUnits = []string{"dollar", "euro", "pound", "buck", "percent", "per cent"}

// guardNumbers checks every amount and percentage in a normalized line: a
// number after a currency sign or code, or after "refund of" and the like,
// is money; before a currency code or unit it is money; before "%" or
// "percent" it is a percentage. Other numbers (days, hours) are not checked.
func guardNumbers(line string, a allowed) error {
	if slices.ContainsFunc(spelledUnits, func(u string) bool { return strings.Contains(line, u) }) && spelledRe.MatchString(line) {
		return fmt.Errorf("states %q in words: amounts come only from the actions, in figures", spelledRe.FindString(line))
	}
	for i := 0; i < len(line); i++ {
		if line[i] < '0' || line[i] > '9' {
			continue
		}
		digits := numberRe.FindString(line[i:])
		if err := guardNumber(line, i, digits, a); err != nil {
			return err
		}
		i += len(digits) - 1
	}
	return nil
}

// guardNumber checks the number digits found at line[i:].
func guardNumber(line string, i int, digits string, a allowed) error {
	after := line[i+len(digits) : min(len(line), i+len(digits)+20)]
	if m := moneyBefore.FindString(line[max(0, i-9):i]); m != "" {
		if err := check(m+digits, digits, 1, a.money); err != nil {
			return err
		}
	}
	if m := bareBefore.FindString(line[max(0, i-30):i]); m != "" {
		if err := check(m+digits, digits, 1, append(a.money[:len(a.money):len(a.money)], a.percents...)); err != nil {
			return err
		}
	}
	if m := moneyAfter.FindStringSubmatch(after); m != nil {
		scale := 1.0
		if strings.HasPrefix(m[1], "cent") {
			scale = 0.01
		}
		if err := check(digits+m[0], digits, scale, a.money); err != nil {
			return err
		}
	}
	if m := percentAfter.FindString(after); m != "" {
		return check(digits+m, digits, 1, a.percents)
	}
	return nil
}

// check reports an error unless the number digits (times scale) equals one
// of the values.
func check(match, digits string, scale float64, values []float64) error {
	f, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimRight(digits, ","), ",", ""), 64)
	if err != nil {
		return fmt.Errorf("states %q, which is not a number the actions contain", match)
	}
	for _, v := range values {
		if sameValue(f*scale, v) {
			return nil
		}
	}
	return fmt.Errorf("states %q, which no decided action contains", strings.TrimSpace(match))
}
