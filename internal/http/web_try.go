package http

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/delegatezero/dz"
)

// tryData is the Try it page: the form as sent and, after a run, the
// decision with its whole trace.
type tryData struct {
	Message, Entity, Facts, Profile string
	Profiles                        []string
	Result                          *founderView // the dry run's decision, as the Decision page derives it
	FactRows                        []factRow    // the trace's facts, their values as text
}

// factRow is one fact of the trace, its value shown as text.
type factRow struct {
	dz.Fact
	Shown string
}

// tryPage is GET /app/try: the form.
func (s *Server) tryPage(w http.ResponseWriter, r *http.Request) error {
	d := tryData{}
	if err := s.tryProfiles(r, &d); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "try", view{Title: "Try it", Nav: "try", Data: d})
}

// tryProfiles fills the profile choices from the workspace's settings.
func (s *Server) tryProfiles(r *http.Request, d *tryData) error {
	set, _, err := s.currentSettings(r.Context(), viewerOf(r).user.WorkspaceID)
	if err != nil {
		return err
	}
	for _, p := range set.Profiles {
		d.Profiles = append(d.Profiles, p.Name)
	}
	return nil
}

// tryRun is POST /app/try: a dry run of the request, as POST
// /api/v1/decisions with instructions.dry_run makes it: decided with the
// workspace's context, neither recorded nor acted on.
func (s *Server) tryRun(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	d := tryData{Message: formText(r, "message"), Entity: strings.TrimSpace(f.Get("entity")), Facts: formText(r, "facts"), Profile: f.Get("profile")}
	if err := s.tryProfiles(r, &d); err != nil {
		return err
	}
	facts, err := parseFacts(d.Facts)
	if err == nil {
		req := dz.Request{Request: d.Message, Profile: d.Profile, Context: dz.RequestContext{Entity: d.Entity, Facts: facts, Source: "dashboard"}}
		var dec *dz.Decision
		if dec, err = s.dryRun(r.Context(), viewerOf(r).user.WorkspaceID, &req); err == nil {
			d.Result = &founderView{Rec: &dz.DecisionRecord{Decision: *dec, Request: req}}
			d.Result.fill(nil)
			for _, fact := range d.Result.Trace.Facts {
				d.FactRows = append(d.FactRows, factRow{Fact: fact, Shown: valueWords(fact.Value)})
			}
			return s.render(w, r, http.StatusOK, "try", view{Title: "Try it", Nav: "try", Data: d})
		}
	}
	if dz.ErrorCode(err) != dz.EINVALID {
		return err
	}
	return s.render(w, r, http.StatusBadRequest, "try", view{Title: "Try it", Nav: "try", Data: d, Error: dz.ErrorMessage(err)})
}

// parseFacts reads key=value lines. A value that reads as JSON (290,
// true, "x", [1,2]) keeps its type, anything else is text, as dz decide
// --fact reads it.
func parseFacts(text string) (map[string]any, error) {
	facts := map[string]any{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || !dz.IsFactName(k) {
			return nil, dz.Errorf(dz.EINVALID, "facts line %d %q: write name=value with a lower_snake_case name, e.g. amount=290", i+1, line)
		}
		var parsed any
		if err := json.Unmarshal([]byte(v), &parsed); err == nil {
			facts[k] = parsed
		} else {
			facts[k] = v
		}
	}
	if len(facts) == 0 {
		return nil, nil
	}
	return facts, nil
}

// tryRoutes registers the Try it page.
func (s *Server) tryRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/try", s.page(s.signedIn(s.tryPage)))
	mux.HandleFunc("POST /app/try", s.page(s.signedIn(s.tryRun)))
}
