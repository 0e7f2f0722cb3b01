package workspace

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// csvTable is one entities CSV file being read.
type csvTable struct {
	c      *collector
	file   string
	cr     *csv.Reader
	header []string
}

// parseEntityCSV reads a CSV of entities: a header row of entity keys (and
// data.NAME columns), then one entity per row. List cells separate items with ";".
func parseEntityCSV(c *collector, file string, src []byte) []*dz.Entity {
	t := &csvTable{c: c, file: file, cr: csv.NewReader(bytes.NewReader(bytes.TrimPrefix(src, []byte("\ufeff"))))}
	t.cr.FieldsPerRecord = -1
	header, err := t.cr.Read()
	if err != nil {
		t.readError(err, "the file is empty")
		return nil
	}
	if !t.checkHeader(header) {
		return nil
	}
	var out []*dz.Entity
	for {
		rec, err := t.cr.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.readError(err, "")
			return out
		}
		if e := t.row(rec); e != nil {
			out = append(out, e)
		}
	}
}

// readError reports a CSV syntax error, or empty when the file has no rows.
func (t *csvTable) readError(err error, empty string) {
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		t.c.add(dz.Pos{File: t.file, Line: pe.Line, Col: pe.Column}, "quote cells that hold commas or quotes, and double quotes inside them (\"\")", "invalid CSV: %v", pe.Err)
	case errors.Is(err, io.EOF):
		t.c.add(dz.Pos{File: t.file}, "add a header row (id,name,plan,…) and one row per entity", "%s", empty)
	default:
		t.c.add(dz.Pos{File: t.file}, "check the file", "cannot read CSV: %v", err)
	}
}

// checkHeader reports unknown, duplicate and missing columns.
func (t *csvTable) checkHeader(header []string) bool {
	ok := true
	for i, h := range header {
		h = strings.TrimSpace(h)
		header[i] = h
		line, col := t.cr.FieldPos(i)
		p := dz.Pos{File: t.file, Line: line, Col: col}
		switch {
		case strings.HasPrefix(h, "data."):
			if !dz.IsFactName(strings.TrimPrefix(h, "data.")) {
				t.c.add(p, "name data columns data.lower_snake_case, e.g. data.seats", "column %q is not a valid data column", h)
				ok = false
			}
		case h == "data" || !slices.Contains(entityKeys, h):
			t.c.add(p, unknownKeyFix(h, append(slices.DeleteFunc(slices.Clone(entityKeys), func(k string) bool { return k == "data" }), "data.NAME")), "unknown column %q", h)
			ok = false
		}
		if slices.Index(header[:i], h) >= 0 {
			t.c.add(p, "remove the second one", "column %q appears twice", h)
			ok = false
		}
	}
	for _, need := range []string{"id", "name"} {
		if !slices.Contains(header, need) {
			t.c.add(dz.Pos{File: t.file, Line: 1, Col: 1}, "add a "+need+" column", "the header has no %q column", need)
			ok = false
		}
	}
	t.header = header
	return ok
}

// row reads one entity from rec; nil for a blank row.
func (t *csvTable) row(rec []string) *dz.Entity {
	line, _ := t.cr.FieldPos(0)
	if !slices.ContainsFunc(rec, func(s string) bool { return strings.TrimSpace(s) != "" }) {
		return nil
	}
	e := &dz.Entity{Kind: "customer"}
	e.Pos = dz.Pos{File: t.file, Line: line, Col: 1}
	if len(rec) != len(t.header) {
		t.c.add(e.Pos, "give every row one cell per header column; quote cells that hold commas", "the row has %d cells, the header %d", len(rec), len(t.header))
		return nil
	}
	cols := map[string]dz.Pos{}
	for i, cell := range rec {
		l, c := t.cr.FieldPos(i)
		p := dz.Pos{File: t.file, Line: l, Col: c}
		cols[t.header[i]] = p
		if cell = strings.TrimSpace(cell); cell != "" {
			t.cell(e, t.header[i], cell, p)
		}
	}
	for _, need := range []string{"id", "name"} {
		if v := strings.TrimSpace(rec[slices.Index(t.header, need)]); v == "" {
			t.c.add(cols[need], "fill in the "+need+" cell", "the entity on this row has no %s", need)
		}
	}
	checkEntity(t.c, e, func(key string) dz.Pos { return cols[key] })
	return e
}
