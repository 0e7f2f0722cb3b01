package understand

import "math"

// money is a money amount found in a message.
type money struct {
	value    float64
	currency string
	a, b     int // token span
	score    float64
}

var currencyWords = map[string]string{
	"usd": "USD", "dollars": "USD", "dollar": "USD", "bucks": "USD", "eur": "EUR", "euros": "EUR",
	"euro": "EUR", "gbp": "GBP", "pounds": "GBP", "cad": "CAD", "aud": "AUD", "chf": "CHF",
	"sek": "SEK", "nok": "NOK", "dkk": "DKK", "jpy": "JPY", "inr": "INR",
}

var currencySigns = map[string]string{"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}

// signPrefixes turn "$" into another dollar: "CA$", "AU$".
var signPrefixes = map[string]string{"us": "USD", "ca": "CAD", "au": "AUD", "c": "CAD", "a": "AUD"}

// findMoney returns every money amount on the customer's lines and marks
// their tokens in d.amount.
func findMoney(d *document) []money {
	var out []money
	for i, t := range d.toks {
		if t.kind != kNumber || !t.line.facts() {
			continue
		}
		cur, a, b := moneyCurrency(d, i)
		if cur == "" {
			continue
		}
		v, ok := parseAmount(t.norm, cur == "EUR")
		if !ok {
			continue
		}
		for j := a; j <= b; j++ {
			d.amount[j] = true
		}
		out = append(out, money{value: v, currency: cur, a: a, b: b})
	}
	return out
}

// moneyCurrency finds the currency attached to the number at i: a sign or
// code just before it, or a code or word just after it.
func moneyCurrency(d *document, i int) (string, int, int) {
	if i > 0 {
		if c, ok := currencySigns[d.toks[i-1].norm]; ok {
			if p, ok := signPrefixes[d.norm(i-2)]; ok && c == "USD" && d.toks[i-2].end == d.toks[i-1].start {
				return p, i - 2, i
			}
			return c, i - 1, i
		}
		if c, ok := currencyWords[d.toks[i-1].norm]; ok && len(d.toks[i-1].norm) == 3 {
			return c, i - 1, i
		}
	}
	if i+1 < len(d.toks) {
		if c, ok := currencyWords[d.toks[i+1].norm]; ok {
			return c, i, i + 1
		}
		if c, ok := currencySigns[d.toks[i+1].norm]; ok && c == "EUR" {
			return c, i, i + 1
		}
	}
	return "", 0, 0
}

var (
	chargeCues = set("charged", "charge", "charges", "billed", "bill", "paid", "pay", "payment",
		"payments", "invoice", "invoiced", "renewal", "fee", "bought", "purchased", "cost", "costs",
		"transaction", "receipt", "subscription", "charging", "took", "taken", "deducted", "debited",
		"withdrew", "withdrawn")
	refundCues   = set("refund", "refunded", "back", "reimburse", "reimbursed", "reverse", "return")
	notTheCharge = set("instead", "old", "rate", "promised", "should", "supposed", "says", "only",
		"expected", "quoted", "than", "discount")
)

// pickMoney scores each amount by the charge and refund words around it and
// returns the best; the earliest wins a tie.
func pickMoney(d *document, ms []money) (money, bool) {
	best, found := money{}, false
	for _, m := range ms {
		m.score = moneyScore(d, m)
		if !found || m.score > best.score {
			best, found = m, true
		}
	}
	return best, found
}

func moneyScore(d *document, m money) float64 {
	s := 1.0
	sent := d.toks[m.a].sent
	dist := 0
	for j := d.prevWord(m.a); j >= 0 && dist < 8 && d.toks[j].sent == sent; j = d.prevWord(j) {
		dist++
		s += cueValue(d.toks[j].norm, dist, 1)
	}
	dist = 0
	for j := d.nextWord(m.b); j >= 0 && dist < 8 && d.toks[j].sent == sent; j = d.nextWord(j) {
		dist++
		s += cueValue(d.toks[j].norm, dist, 0.7)
	}
	return s
}

func cueValue(w string, dist int, side float64) float64 {
	f := side / float64(1+dist)
	switch {
	case chargeCues[w]:
		return 3 * f
	case refundCues[w]:
		return 1.5 * f
	case notTheCharge[w] && dist <= 3 && side == 1:
		return -2 * f
	}
	return 0
}

// percent is a requested share of a refund or credit.
type percent struct {
	value float64
	a, b  int
}

var percentCues = set("refund", "refunded", "credit", "credits", "back", "compensation", "tier",
	"reimburse", "reimbursed", "sla")

var halfCues = set("refund", "refunded", "back", "reimburse", "reimbursed")

var percentBlockers = set("uptime", "availability", "below", "above", "under", "says", "measured",
	"off", "not", "about", "approximately", "only")

// findPercent returns the first share of a refund or credit the customer
// asks for: "a 50% refund", "the 25% credit", "full refund", "half of it back".
func findPercent(d *document) (percent, bool) {
	for i, t := range d.toks {
		if !t.line.facts() || t.kind == kBreak || t.kind == kSymbol {
			continue
		}
		if p, ok := percentAt(d, i); ok {
			return p, true
		}
	}
	return percent{}, false
}

func percentAt(d *document, i int) (percent, bool) {
	t := d.toks[i]
	switch t.norm {
	case "full", "half", "entire", "fully":
		next := d.nextWord(i)
		v := map[string]float64{"full": 100, "entire": 100, "fully": 100, "half": 50}[t.norm]
		switch {
		case t.norm == "half" && near(d, i, 4, halfCues), t.norm != "half" && d.norm(next) == "refund":
			return percent{value: v, a: i, b: max(i, next)}, true
		case t.norm != "half" && inFull(d, i) && near(d, i, 6, halfCues):
			// "refund invoice INV-2041 in full", "fully refunded"
			return percent{value: v, a: d.prevWord(i), b: i}, true
		}
		return percent{}, false
	}
	if t.kind != kNumber || i+1 >= len(d.toks) || d.toks[i+1].norm != "%" && d.toks[i+1].norm != "percent" {
		return percent{}, false
	}
	v, rest, ok := leadingNumber(t.norm)
	if !ok || rest != "" || v <= 0 || v > 100 || v > 90 && v != math.Trunc(v) {
		return percent{}, false
	}
	if prev := d.prevWord(i); prev >= 0 && percentBlockers[d.toks[prev].norm] || percentBlockers[d.norm(d.nextWord(i))] ||
		negatedBefore(d, i, 3) {
		return percent{}, false
	}
	if !near(d, i, 4, percentCues) {
		return percent{}, false
	}
	return percent{value: v, a: i, b: i + 1}, true
}

// inFull reports whether "full" at i reads "in full", or is "fully".
func inFull(d *document, i int) bool {
	return d.toks[i].norm == "fully" || d.norm(d.prevWord(i)) == "in" && d.prevWord(i) == i-1
}

// negatedBefore reports whether a negator is among the n words before token
// i in its clause: "not the token 5% your terms offer".
func negatedBefore(d *document, i, n int) bool {
	for j, k := d.prevWord(i), 0; j >= 0 && k < n && d.toks[j].clause == d.toks[i].clause; j, k = d.prevWord(j), k+1 {
		if negators[d.toks[j].norm] {
			return true
		}
	}
	return false
}

// near reports whether a word of cues is within n words of token i in its sentence.
func near(d *document, i, n int, cues map[string]bool) bool {
	sent := d.toks[i].sent
	for j, k := d.prevWord(i), 0; j >= 0 && k < n && d.toks[j].sent == sent; j, k = d.prevWord(j), k+1 {
		if cues[d.toks[j].norm] {
			return true
		}
	}
	for j, k := d.nextWord(i), 0; j >= 0 && k < n && d.toks[j].sent == sent; j, k = d.nextWord(j), k+1 {
		if cues[d.toks[j].norm] {
			return true
		}
	}
	return false
}
