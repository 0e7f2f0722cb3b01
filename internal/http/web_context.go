package http

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/retrieve"
)

// typeLabels name each context type on the Context pages, plural.
var typeLabels = map[dz.ContextType]string{
	dz.TypeEntity: "Entities", dz.TypePolicy: "Policies", dz.TypePrecedent: "Precedents",
	dz.TypePlaybook: "Playbooks", dz.TypeTemplate: "Templates", dz.TypeSource: "Sources",
	dz.TypeSettings: "Settings",
}

// contextPageSize is how many entries the Context list shows at once.
const contextPageSize = 100

// typeTab is one type's link on the Context page, with its count.
type typeTab struct {
	Type    dz.ContextType
	Label   string
	Count   int
	Current bool
}

// entryItem is one entry in a list: enough to recognise and open it.
type entryItem struct {
	Type    dz.ContextType
	ID      string
	Title   string
	Tags    []string
	Updated time.Time
	Version int
}

// contextData is the Context page: the types, one type's entries, and a
// search's scored hits.
type contextData struct {
	Tabs     []typeTab
	Type     dz.ContextType
	Label    string
	Items    []entryItem
	Page     int
	Prev     int // the previous page's number, 0 for none
	Next     int // the next page's number, 0 for none
	Q        string
	In       dz.ContextType // the type the search is limited to, "" for all
	Searched bool           // the page answers a search
	Hits     []retrieve.Hit
}

// liveContext returns the workspace's current context as the engine reads
// it, with each entry's version; an empty workspace when it has none yet.
func (s *Server) liveContext(ctx context.Context, workspaceID int64) (*dz.Workspace, map[string]int, error) {
	rev, err := s.cfg.Store.ContextRevision(ctx, workspaceID)
	if err != nil {
		return nil, nil, err
	}
	if rev == 0 {
		return &dz.Workspace{}, map[string]int{}, nil
	}
	eng, err := s.engines.get(ctx, workspaceID)
	if err != nil {
		return nil, nil, err
	}
	return eng.Workspace(), eng.versions, nil
}

// contextPage is GET /app/context?type=&q=&page=: a list per type with
// counts, and "what do I know about Acme?" as scored results.
func (s *Server) contextPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ws, versions, err := s.liveContext(r.Context(), viewerOf(r).user.WorkspaceID)
	if err != nil {
		return err
	}
	d := contextData{Type: dz.ContextType(q.Get("type")), Q: strings.TrimSpace(q.Get("q")), In: dz.ContextType(q.Get("in")), Page: 1}
	if d.Type == "" {
		d.Type = dz.TypeEntity
	}
	if !slices.Contains(dz.ContextTypes, d.Type) {
		return dz.Errorf(dz.EINVALID, "type %q is not one of entity, policy, precedent, playbook, template, source", d.Type)
	}
	if p, err := strconv.Atoi(q.Get("page")); err == nil && p > 1 {
		d.Page = p
	}
	all := map[dz.ContextType][]entryItem{}
	for _, t := range dz.ContextTypes {
		all[t] = entryItems(ws, t, versions)
		d.Tabs = append(d.Tabs, typeTab{Type: t, Label: typeLabels[t], Count: len(all[t]), Current: t == d.Type && d.Q == ""})
	}
	d.Label = typeLabels[d.Type]
	if d.Q != "" {
		d.Searched, d.Hits = true, retrieve.Search(ws, d.In, d.Q, 50)
	} else {
		d.Items, d.Prev, d.Next = pageOf(all[d.Type], d.Page)
	}
	return s.render(w, r, http.StatusOK, "context", view{Title: "Context", Nav: "context", Flash: contextFlashes[q.Get("done")], Data: d})
}

// contextFlashes are the notes shown after a Context form, by done=.
var contextFlashes = map[string]string{
	"deleted": "Deleted. Its versions stay readable for the decisions that used them.",
	"saved":   "Saved as a new version. The next decision uses it.",
	"same":    "Nothing changed: the entry is already so.",
	"created": "Created. The next decision uses it.",
}

// pageOf cuts one page out of items, with the numbers of the pages around it.
func pageOf(items []entryItem, page int) (out []entryItem, prev, next int) {
	from := (page - 1) * contextPageSize
	if from >= len(items) {
		return nil, page - 1, 0
	}
	to := min(from+contextPageSize, len(items))
	if to < len(items) {
		next = page + 1
	}
	return items[from:to], page - 1, next
}

// entryItems lists a workspace's entries of one type, by id.
func entryItems(ws *dz.Workspace, t dz.ContextType, versions map[string]int) []entryItem {
	var out []entryItem
	add := func(m dz.Meta, title string) {
		out = append(out, entryItem{Type: t, ID: m.ID, Title: title, Tags: m.Tags, Updated: m.Updated, Version: versions[string(t)+"/"+m.ID]})
	}
	switch t {
	case dz.TypeEntity:
		for _, e := range ws.Entities {
			add(e.Meta, strings.TrimSpace(e.Name+" · "+e.Plan+" "))
		}
	case dz.TypePolicy:
		for _, e := range ws.Policies {
			add(e.Meta, e.Title)
		}
	case dz.TypePrecedent:
		for _, e := range ws.Precedents {
			add(e.Meta, e.Summary)
		}
	case dz.TypePlaybook:
		for _, e := range ws.Playbooks {
			add(e.Meta, e.Title)
		}
	case dz.TypeTemplate:
		for _, e := range ws.Templates {
			add(e.Meta, e.Part+" · "+firstLine(e.Body))
		}
	case dz.TypeSource:
		for _, e := range ws.Sources {
			add(e.Meta, e.Title)
		}
	}
	for i := range out {
		out[i].Title = strings.TrimSuffix(out[i].Title, " ·")
	}
	return out
}

// contextRoutes registers the Context pages: lists and search, one
// entry's page with its edit form, history and delete step, new entries,
// and imports. Members may change context as owners may.
func (s *Server) contextRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/context", s.page(s.signedIn(s.contextPage)))
	mux.HandleFunc("GET /app/context/new", s.page(s.signedIn(s.newEntryPage)))
	mux.HandleFunc("POST /app/context/new", s.page(s.signedIn(s.createEntry)))
	mux.HandleFunc("GET /app/context/import", s.page(s.signedIn(s.importPage)))
	mux.HandleFunc("POST /app/context/import/archive", s.page(withUpload(maxImportBytes+1<<20, s.signedIn(s.importArchiveForm))))
	mux.HandleFunc("POST /app/context/import/csv", s.page(withUpload(maxCSVBytes+1<<20, s.signedIn(s.importCSVForm))))
	mux.HandleFunc("GET /app/context/{type}/{id}", s.page(s.signedIn(s.entryPage)))
	mux.HandleFunc("POST /app/context/{type}/{id}", s.page(s.signedIn(s.saveEntry)))
	mux.HandleFunc("GET /app/context/{type}/{id}/history", s.page(s.signedIn(s.historyPage)))
	mux.HandleFunc("GET /app/context/{type}/{id}/delete", s.page(s.signedIn(s.deleteEntryPage)))
	mux.HandleFunc("POST /app/context/{type}/{id}/delete", s.page(s.signedIn(s.deleteEntryForm)))
}
