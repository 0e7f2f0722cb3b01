package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// flashes are the notes shown after a review form, by the done= value of
// the page it returns to.
var flashes = map[string]string{
	"approve":  "Approved: the reply goes out as written.",
	"edit":     "Edited and approved: the reply goes out as you wrote it.",
	"reject":   "Rejected: nothing was sent. The correction lowers confidence for similar cases until the context changes.",
	"override": "Recorded what it should have been.",
	"resolve":  "Resolved. Your decision was recorded.",
	"learned":  "Resolved. Your decision was recorded and became a precedent: the next similar request will lean on it.",
	"gap":      "Saved to your context: the next similar request will use it.",
}

// needsYouData is the Needs you page.
type needsYouData struct {
	Escalations []*dz.DecisionRecord
	More        bool // more escalations wait than are shown
	Drafts      int  // unreviewed drafts, counted up to a page
	Gaps        []gapItem
}

// gapItem is a context-gap question of a recent decision.
type gapItem struct {
	Decision *dz.DecisionRecord
	Gap      dz.Gap
}

// needsYou is GET /app/: escalations waiting for the founder, context-gap
// questions from low-confidence decisions, and how many drafts wait.
func (s *Server) needsYou(w http.ResponseWriter, r *http.Request) error {
	ws := viewerOf(r).user.WorkspaceID
	esc, next, err := s.cfg.Store.Decisions(r.Context(), dz.DecisionFilter{WorkspaceID: ws, Outcome: dz.OutcomeEscalate,
		Status: dz.StatusComplete, Unreviewed: true, Limit: 25})
	if err != nil {
		return err
	}
	drafts, _, err := s.cfg.Store.Decisions(r.Context(), dz.DecisionFilter{WorkspaceID: ws, Outcome: dz.OutcomeDraft,
		Status: dz.StatusComplete, Unreviewed: true, Limit: 50})
	if err != nil {
		return err
	}
	data := needsYouData{Escalations: esc, More: next != "", Drafts: len(drafts)}
	data.Gaps = gapsOf(append(esc, drafts...), 10)
	return s.render(w, r, http.StatusOK, "needs", view{Title: "Needs you", Nav: "needs", Flash: flashes[r.URL.Query().Get("done")], Data: data})
}

// gapsOf collects up to n context-gap questions from decisions.
func gapsOf(recs []*dz.DecisionRecord, n int) []gapItem {
	var out []gapItem
	for _, rec := range recs {
		for _, g := range rec.Gaps {
			if len(out) == n {
				return out
			}
			out = append(out, gapItem{Decision: rec, Gap: g})
		}
	}
	return out
}

// draftsData is the Drafts page.
type draftsData struct {
	Drafts []*dz.DecisionRecord
	Next   string // cursor of the next page
}

// drafts is GET /app/drafts: drafts waiting for one-click review.
func (s *Server) drafts(w http.ResponseWriter, r *http.Request) error {
	recs, next, err := s.cfg.Store.Decisions(r.Context(), dz.DecisionFilter{WorkspaceID: viewerOf(r).user.WorkspaceID,
		Outcome: dz.OutcomeDraft, Status: dz.StatusComplete, Unreviewed: true, Cursor: r.URL.Query().Get("cursor"), Limit: 20})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "drafts", view{Title: "Drafts", Nav: "drafts", Flash: flashes[r.URL.Query().Get("done")],
		Data: draftsData{Drafts: recs, Next: next}})
}

// decisionsData is the Decisions page: the filter as sent and one page.
type decisionsData struct {
	Outcome, Entity, Intent, Since, Until, Q string
	Outcomes                                 []dz.Outcome
	Decisions                                []*dz.DecisionRecord
	Next                                     string // query string of the next page
}

// decisionsPage is GET /app/decisions: every decision, filtered by
// outcome, entity, intent, date and words.
func (s *Server) decisionsPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := decisionsData{Outcome: q.Get("outcome"), Entity: strings.TrimSpace(q.Get("entity")), Intent: strings.TrimSpace(q.Get("intent")),
		Since: q.Get("since"), Until: q.Get("until"), Q: strings.TrimSpace(q.Get("q")), Outcomes: dz.Outcomes}
	f := dz.DecisionFilter{WorkspaceID: viewerOf(r).user.WorkspaceID, Outcome: dz.Outcome(d.Outcome), Entity: d.Entity,
		Intent: d.Intent, Query: d.Q, Cursor: q.Get("cursor"), Limit: 50}
	var problem string
	if d.Since != "" {
		t, err := time.Parse(time.DateOnly, d.Since)
		if err != nil {
			problem = "From must be a date like 2026-11-01."
		}
		f.Since = t
	}
	if d.Until != "" {
		t, err := time.Parse(time.DateOnly, d.Until)
		if err != nil {
			problem = "To must be a date like 2026-11-30."
		}
		f.Until = t.AddDate(0, 0, 1) // the whole last day
	}
	if d.Outcome != "" && !validOutcome(d.Outcome) {
		problem, f.Outcome = "Choose an outcome from the list.", ""
	}
	if problem != "" {
		return s.render(w, r, http.StatusBadRequest, "decisions", view{Title: "Decisions", Nav: "decisions", Error: problem, Data: d})
	}
	recs, next, err := s.cfg.Store.Decisions(r.Context(), f)
	if err != nil {
		return err
	}
	d.Decisions = recs
	if next != "" {
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("cursor", next)
		d.Next = nq.Encode()
	}
	return s.render(w, r, http.StatusOK, "decisions", view{Title: "Decisions", Nav: "decisions", Data: d})
}

func validOutcome(o string) bool {
	for _, v := range dz.Outcomes {
		if string(v) == o {
			return true
		}
	}
	return false
}

// reviewForm is POST /app/decisions/{id}/feedback: the review buttons of
// the Drafts, Needs you and Decision pages. It records the feedback and
// returns to the page the form was on.
func (s *Server) reviewForm(w http.ResponseWriter, r *http.Request) error {
	f := r.PostForm
	body := feedbackBody{Kind: f.Get("kind"), Note: strings.TrimSpace(f.Get("note")), Outcome: dz.Outcome(f.Get("outcome")),
		Response: strings.ReplaceAll(f.Get("response"), "\r\n", "\n")}
	if body.Kind == "resolve" {
		learn := f.Get("make_precedent") == "on"
		body.MakePrecedent = &learn
		if t := strings.TrimSpace(f.Get("action")); t != "" {
			a := dz.Action{Type: t}
			if v := strings.TrimSpace(f.Get("amount")); v != "" {
				n, err := strconv.ParseFloat(v, 64)
				if err != nil || n < 0 {
					return dz.Errorf(dz.EINVALID, "amount %q must be a number like 145 or 145.50", v)
				}
				a.Params = map[string]any{"amount": n}
			}
			body.Actions = []dz.Action{a}
		}
	}
	if body.Kind == "reject" && body.Note == "" {
		return dz.Errorf(dz.EINVALID, "say why you reject the draft: the reason teaches DelegateZero")
	}
	fb, err := s.recordFeedback(r.Context(), viewerOf(r).user.WorkspaceID, r.PathValue("id"), body)
	if err != nil {
		return err
	}
	done := fb.Kind
	if fb.Precedent != "" {
		done = "learned"
	}
	next := localPath(f.Get("next"))
	http.Redirect(w, r, next+sepFor(next)+"done="+done, http.StatusSeeOther)
	return nil
}
