package dz

import "fmt"

// Pos is a place in a workspace file, used to point errors at what to fix.
// Line and Col start at 1; zero means unknown.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String formats the position as file:line:col, dropping unknown parts.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// Problem is one thing wrong in a workspace: where it is, what is wrong and
// how to fix it. Validation reports every problem it finds, not just the first.
type Problem struct {
	Pos     Pos    `json:"pos"`
	Message string `json:"message"` // what is wrong
	Fix     string `json:"fix"`     // how to fix it
}

// String formats the problem as `file:line:col: what is wrong — how to fix`.
func (p Problem) String() string {
	if p.Fix == "" {
		return fmt.Sprintf("%s: %s", p.Pos, p.Message)
	}
	return fmt.Sprintf("%s: %s — %s", p.Pos, p.Message, p.Fix)
}

// Problems is a list of workspace problems that is also an error.
type Problems []Problem

// Error joins the problems one per line.
func (ps Problems) Error() string {
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += "\n"
		}
		s += p.String()
	}
	return s
}
