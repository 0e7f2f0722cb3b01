package storetest

import "strings"

// LetterIn is the position of a letter inside the named field's value in
// a record's stored fields (audit.EncodeFields), one that is no part of an
// escape sequence in the stored JSON or in the value's own JSON text; -1
// if none. Tests change it to show that a record altered in the database
// no longer verifies.
func LetterIn(fields, name string) int {
	i := strings.Index(fields, `"name":"`+name+`"`)
	if i < 0 {
		return -1
	}
	v := strings.Index(fields[i:], `"json":"`)
	if v < 0 {
		return -1
	}
	prev := byte('"')
	for j := i + v + len(`"json":"`); j < len(fields) && fields[j] != '"'; j++ {
		switch c := fields[j]; {
		case c == '\\' && j+1 < len(fields) && fields[j+1] == 'u':
			j += 5
			prev = '\\'
		case c == '\\':
			j++
			prev = '\\'
		case isLetter(c) && (isLetter(prev) || prev == ' '):
			return j
		default:
			prev = c
		}
	}
	return -1
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
