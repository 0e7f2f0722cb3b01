package understand

import (
	"strconv"
	"strings"
)

// numberWords are the spelled-out numbers messages use for durations and
// relative dates.
var numberWords = map[string]float64{
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90,
	"a": 1, "an": 1, "couple": 2, "few": 3, "several": 3,
}

// parseAmount reads a money figure such as "290", "1,499.00", "1.200,50" or
// "42.50". euro says a euro sign or code is nearby, which makes "1.200" a
// thousand-separated figure. It returns false for anything else.
func parseAmount(s string, euro bool) (float64, bool) {
	if s == "" || len(s) > 24 || !isDigit(rune(s[0])) {
		return 0, false
	}
	comma, dot := strings.LastIndexByte(s, ','), strings.LastIndexByte(s, '.')
	var clean string
	switch {
	case comma >= 0 && dot >= 0 && dot > comma: // 1,499.00
		clean = strings.ReplaceAll(s, ",", "")
	case comma >= 0 && dot >= 0: // 1.200,50
		clean = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	case comma >= 0 && thousands(s, ','): // 1,499
		clean = strings.ReplaceAll(s, ",", "")
	case comma >= 0: // 199,50
		clean = strings.Replace(s, ",", ".", 1)
	case dot >= 0 && (strings.Count(s, ".") > 1 || euro && thousands(s, '.')): // 1.200.000, €1.200
		clean = strings.ReplaceAll(s, ".", "")
	default:
		clean = s
	}
	v, err := strconv.ParseFloat(clean, 64)
	if err != nil || v < 0 || v > 1e9 {
		return 0, false
	}
	return v, true
}

// thousands reports whether every group after sep has exactly three digits.
func thousands(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// leadingNumber splits a token such as "4-hour", "5h", "90" or "2am" into
// its number and the letters after it.
func leadingNumber(s string) (float64, string, bool) {
	i := 0
	for i < len(s) && (isDigit(rune(s[i])) || s[i] == '.' && i+1 < len(s) && isDigit(rune(s[i+1]))) {
		i++
	}
	if i == 0 {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(s[:i], 64)
	if err != nil {
		return 0, "", false
	}
	return v, strings.TrimPrefix(s[i:], "-"), true
}

// count reads a token as a small count: a figure or a number word.
func count(norm string) (float64, bool) {
	if v, ok := numberWords[norm]; ok {
		return v, true
	}
	v, rest, ok := leadingNumber(norm)
	return v, ok && rest == ""
}
