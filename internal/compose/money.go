package compose

import (
	"math"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
)

// number reads a numeric action parameter or fact. Strings count when they
// parse as a plain number; NaN, infinities and absurd sizes never count.
func number(v any) (float64, bool) {
	f, ok := dz.Number(v)
	if s, isString := v.(string); isString {
		x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		f, ok = x, err == nil && !math.IsNaN(x) && !math.IsInf(x, 0)
	}
	if !ok || math.Abs(f) > 1e15 {
		return 0, false
	}
	return f, true
}

// currencySymbols are written before the amount; other codes follow it.
var currencySymbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

// formatMoney writes an amount for a customer: "$1,450.00", "€12.50",
// "¥1,200" or "145.00 CHF".
// Amounts keep their cents, so the reply states exactly the action's value.
func formatMoney(amount float64, currency string) string {
	currency = strings.ToUpper(strings.TrimSpace(currency))
	if currency == "" {
		currency = "USD"
	}
	decimals := 2
	if currency == "JPY" && amount == math.Trunc(amount) {
		decimals = 0
	}
	s := groupThousands(strconv.FormatFloat(math.Abs(amount), 'f', decimals, 64))
	sign := ""
	if amount < 0 {
		sign = "-"
	}
	if sym, ok := currencySymbols[currency]; ok {
		return sign + sym + s
	}
	return sign + s + " " + currency
}

// groupThousands puts commas between groups of three integer digits.
func groupThousands(s string) string {
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

// formatPercent writes a percentage with at most two decimals: "10%", "33.33%".
func formatPercent(p float64) string {
	return strconv.FormatFloat(math.Round(p*100)/100, 'f', -1, 64) + "%"
}

// sameValue reports whether a number read from a reply states the value v,
// allowing for rounding to cents.
func sameValue(read, v float64) bool {
	return math.Abs(read-v) < 0.005+1e-9*math.Abs(v)
}
