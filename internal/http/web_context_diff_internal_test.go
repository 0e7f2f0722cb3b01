package http

import (
	"strings"
	"testing"
)

func TestLineDiff(t *testing.T) {
	for _, c := range []struct {
		name, a, b, want string // want: one op letter per line: = kept, + added, - removed
	}{
		{"same", "a\nb\n", "a\nb\n", "=a =b"},
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", "=a -b +B =c"},
		{"added at end", "a\n", "a\nb\n", "=a +b"},
		{"removed first", "a\nb\n", "b\n", "-a =b"},
		{"from nothing", "", "x\ny\n", "+x +y"},
		{"to nothing", "x\n", "", "-x"},
		{"moved", "a\nb\nc\n", "c\na\nb\n", "+c =a =b -c"},
	} {
		var got []string
		for _, l := range lineDiff(c.a, c.b) {
			got = append(got, map[string]string{"same": "=", "add": "+", "del": "-"}[l.Op]+l.Text)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: diff = %q, want %q", c.name, g, c.want)
		}
	}
}

func TestLineDiffNumbersLines(t *testing.T) {
	d := lineDiff("a\nb\n", "a\nx\nb\n")
	if len(d) != 3 || d[1].Op != "add" || d[1].New != 2 || d[1].Old != 0 || d[2].Old != 2 || d[2].New != 3 {
		t.Errorf("diff = %+v", d)
	}
}
