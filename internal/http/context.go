package http

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/retrieve"
	"github.com/delegatezero/dz/internal/workspace"
)

// searchContext is GET /api/v1/context?type=&q=&limit=: "what do I know
// about Acme?" as scored entries of the workspace's current context.
func (s *Server) searchContext(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	typ := dz.ContextType(q.Get("type"))
	if typ != "" && !slices.Contains(dz.ContextTypes, typ) {
		return dz.Errorf(dz.EINVALID, "type=%q is not one of entity, policy, precedent, playbook, template, source", typ)
	}
	if strings.TrimSpace(q.Get("q")) == "" {
		return dz.Errorf(dz.EINVALID, "q is empty: say what to look for, e.g. q=Acme")
	}
	limit := 20
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			return dz.Errorf(dz.EINVALID, "limit=%q must be a whole number from 1 to 200", v)
		}
		limit = n
	}
	eng, err := s.engines.get(r.Context(), apiKey(r.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"data": retrieve.Search(eng.Workspace(), typ, q.Get("q"), limit)})
}

// noteBody is POST /api/v1/context with free text: the hosted API's
// `context` field. It is kept as a source entry — reference material that
// informs decisions and never directs them.
type noteBody struct {
	Context string   `json:"context"`
	Title   string   `json:"title,omitempty"`
	Entity  string   `json:"entity,omitempty"`
	Tags    []string `json:"tags,omitempty"`
}

// createNote stores free text as a new source entry (or a new version of
// the same text's entry) and answers with the entry.
func (s *Server) createNote(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	var body noteBody
	if err := s.decode(w, r, &body); err != nil {
		return err
	}
	text := strings.TrimSpace(body.Context)
	switch {
	case text == "":
		return dz.Errorf(dz.EINVALID, "context is empty: send the text to remember in \"context\"")
	case len(text) > 256<<10:
		return dz.Errorf(dz.EINVALID, "context is %d bytes: keep one note under 256 KiB", len(text))
	}
	sum := sha256.Sum256([]byte(text))
	src := &dz.Source{Meta: dz.Meta{ID: "note-" + hex.EncodeToString(sum[:6]), Tags: body.Tags, Updated: s.cfg.Now().UTC()},
		Title: firstNonEmpty(body.Title, firstLine(text)), Kind: "text", Entity: body.Entity, Body: text}
	src.Hash = workspace.Hash(*src)
	entries, err := workspace.Entries(&dz.Workspace{Sources: []*dz.Source{src}})
	if err != nil {
		return err
	}
	if _, err := s.cfg.Store.PutContext(r.Context(), key.WorkspaceID, entries[1:]); err != nil { // entries[0] is the empty settings
		return err
	}
	s.engines.invalidate(key.WorkspaceID)
	return writeJSON(w, http.StatusCreated, map[string]any{"type": dz.TypeSource, "id": src.ID, "hash": src.Hash, "title": src.Title})
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	if len(line) > 80 {
		line = line[:80]
	}
	return line
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
