package http

import "strings"

// diffLine is one line of a line diff: kept, added or removed, with its
// line numbers in the old and new text (0 where it has none).
type diffLine struct {
	Op       string // "same", "add" or "del"
	Text     string
	Old, New int
}

// maxDiffCells bounds the LCS table; larger texts diff as all removed,
// then all added.
const maxDiffCells = 4_000_000

// lineDiff is the line diff from a to b: the longest common subsequence of
// their lines kept, the rest removed from a or added from b, removals first.
func lineDiff(a, b string) []diffLine {
	x, y := splitLines(a), splitLines(b)
	n, m := len(x), len(y)
	if n*m > maxDiffCells {
		return replaceAll(x, y)
	}
	// lcs[i][j] is the LCS length of x[i:] and y[j:].
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out []diffLine
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			out = append(out, diffLine{Op: "same", Text: x[i], Old: i + 1, New: j + 1})
			i, j = i+1, j+1
		case j == m || (i < n && lcs[i+1][j] >= lcs[i][j+1]):
			out = append(out, diffLine{Op: "del", Text: x[i], Old: i + 1})
			i++
		default:
			out = append(out, diffLine{Op: "add", Text: y[j], New: j + 1})
			j++
		}
	}
	return out
}

// replaceAll is the diff that removes every line of x and adds every line of y.
func replaceAll(x, y []string) []diffLine {
	out := make([]diffLine, 0, len(x)+len(y))
	for i, s := range x {
		out = append(out, diffLine{Op: "del", Text: s, Old: i + 1})
	}
	for j, s := range y {
		out = append(out, diffLine{Op: "add", Text: s, New: j + 1})
	}
	return out
}

// splitLines splits text into lines without their ends; "" has none.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
