package http

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/workspace"
)

// maxCSVBytes bounds a customer CSV: entities, not a data warehouse.
const maxCSVBytes = 16 << 20

// importData is the Import page: what was sent, and its problems.
type importData struct {
	Kind     string // "archive" or "csv": which form the problems belong to
	CSV      string // pasted CSV, kept when it has problems
	Problems []dz.Problem
}

// importPage is GET /app/context/import: a workspace folder archive, or
// customers from a CSV.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var flash string
	switch q.Get("done") {
	case "archive":
		flash = fmt.Sprintf("Imported %s entries from the archive; %s of them changed.", number(q.Get("entries")), number(q.Get("changed")))
	case "csv":
		flash = fmt.Sprintf("Imported %s customers from the CSV; %s of them changed.", number(q.Get("entries")), number(q.Get("changed")))
	}
	return s.render(w, r, http.StatusOK, "context_import", view{Title: "Import context", Nav: "context", Flash: flash, Data: importData{}})
}

// number keeps a count from the query string a number.
func number(s string) string {
	n, _ := strconv.Atoi(s)
	return strconv.Itoa(n)
}

// withUpload reads a multipart form, at most limit bytes, before the
// session check looks for the form's CSRF token in it.
func withUpload(limit int64, h handler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			if err := r.ParseMultipartForm(8 << 20); err != nil {
				var tooLarge *http.MaxBytesError
				if errors.As(err, &tooLarge) {
					return err
				}
				return dz.Errorf(dz.EINVALID, "the upload could not be read: %v", err)
			}
			defer r.MultipartForm.RemoveAll()
		}
		return h(w, r)
	}
}

// uploaded reads the file sent in field name; nil when none was chosen.
func uploaded(r *http.Request, name string, limit int64) ([]byte, string, error) {
	f, h, err := r.FormFile(name)
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", dz.Errorf(dz.EINVALID, "the file could not be read: %v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, "", err
	}
	if int64(len(b)) > limit {
		return nil, "", dz.Errorf(dz.EINVALID, "%s is larger than %d MiB", h.Filename, limit>>20)
	}
	return b, h.Filename, nil
}

// importArchiveForm is POST /app/context/import/archive: a workspace
// folder as .tar.gz, .tar or .zip, validated as dz context validate does.
// Any problem rejects the whole archive and every problem is listed.
func (s *Server) importArchiveForm(w http.ResponseWriter, r *http.Request) error {
	raw, _, err := uploaded(r, "archive", maxImportBytes)
	if err != nil {
		return err
	}
	if raw == nil {
		return s.importProblems(w, r, importData{Kind: "archive", Problems: dz.Problems{{Message: "choose an archive of the workspace folder to import"}}})
	}
	res, err := s.importArchive(r.Context(), viewerOf(r).user.WorkspaceID, raw, r.PostForm.Get("replace") == "on")
	if ps := asProblems(err); ps != nil {
		return s.importProblems(w, r, importData{Kind: "archive", Problems: ps})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/app/context/import?done=archive&entries=%d&changed=%d", res.Entries, res.NewVersions), http.StatusSeeOther)
	return nil
}

// importCSVForm is POST /app/context/import/csv: customers as CSV rows,
// uploaded or pasted. Every row is checked first; a bad row rejects the
// file, named by its line, and nothing is imported.
func (s *Server) importCSVForm(w http.ResponseWriter, r *http.Request) error {
	src, name, err := uploaded(r, "file", maxCSVBytes)
	if err != nil {
		return err
	}
	pasted := formText(r, "csv")
	if src == nil {
		src, name = []byte(pasted), "the pasted CSV"
	}
	d := importData{Kind: "csv", CSV: pasted}
	if strings.TrimSpace(string(src)) == "" {
		d.Problems = dz.Problems{{Message: "choose a CSV file or paste the rows"}}
		return s.importProblems(w, r, d)
	}
	ws := viewerOf(r).user.WorkspaceID
	others, _, err := s.liveContext(r.Context(), ws)
	if err != nil {
		return err
	}
	entries, err := workspace.ParseEntityCSV(name, src, others)
	if err == nil {
		var n int
		if n, err = s.storeEntries(r.Context(), ws, entries...); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/app/context/import?done=csv&entries=%d&changed=%d", len(entries), n), http.StatusSeeOther)
			return nil
		}
	}
	if d.Problems = asProblems(err); d.Problems == nil {
		return err
	}
	return s.importProblems(w, r, d)
}

// importProblems shows the Import page with what was wrong, and nothing imported.
func (s *Server) importProblems(w http.ResponseWriter, r *http.Request, d importData) error {
	return s.render(w, r, http.StatusUnprocessableEntity, "context_import", view{Title: "Import context", Nav: "context", Data: d,
		Error: "Nothing was imported: fix the problems listed below and send it again."})
}
