package http

import (
	"net/http"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/learn"
)

// answerGap is POST /app/decisions/{id}/gaps/{gap}: the founder's answer
// to a context-gap question becomes the context entry it asks for.
func (s *Server) answerGap(w http.ResponseWriter, r *http.Request) error {
	ws := viewerOf(r).user.WorkspaceID
	rec, err := s.cfg.Store.Decision(r.Context(), ws, r.PathValue("id"))
	if err != nil {
		return err
	}
	eng, err := s.engines.get(r.Context(), ws)
	if err != nil {
		return err
	}
	entry, err := learn.AnswerGap(rec, r.PathValue("gap"), strings.ReplaceAll(r.PostForm.Get("answer"), "\r\n", "\n"), s.cfg.Now(), eng.Workspace())
	if err != nil {
		return err
	}
	entry.WorkspaceID = ws
	if _, err := s.cfg.Store.PutContext(r.Context(), ws, []dz.ContextEntry{entry}); err != nil {
		return err
	}
	s.engines.invalidate(ws)
	s.log.InfoContext(r.Context(), "gap answered", "decision_id", rec.ID, "gap", r.PathValue("gap"), "type", entry.Type, "entry", entry.ID)
	next := localPath(r.PostForm.Get("next"))
	http.Redirect(w, r, next+sepFor(next)+"done=gap", http.StatusSeeOther)
	return nil
}

// sepFor is the separator that adds a query parameter to path.
func sepFor(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// autonomyRow is one intent × risk level of the Autonomy page.
type autonomyRow struct {
	Intent, RiskLevel                               string
	Decisions, Executed, Drafts, Reviewed, Approved int
	Escalations, Resolved, AsProposed               int
	ApprovalRate, AgreementRate                     float64
	HasApprovals, HasResolutions                    bool
}

// autonomy is GET /app/autonomy: for each intent and risk level, how often
// drafts were approved unedited and escalations resolved the way the
// engine proposed — the case for giving it more autonomy, or less.
func (s *Server) autonomy(w http.ResponseWriter, r *http.Request) error {
	counts, err := s.cfg.Store.AutonomyCounts(r.Context(), viewerOf(r).user.WorkspaceID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "autonomy", view{Title: "Autonomy", Nav: "autonomy", Data: autonomyRows(counts)})
}

// autonomyRows folds the store's counts by outcome into one row per intent
// and risk level, with the two rates.
func autonomyRows(counts []dz.AutonomyCount) []*autonomyRow {
	var rows []*autonomyRow
	byKey := map[[2]string]*autonomyRow{}
	for _, c := range counts {
		k := [2]string{c.Intent, c.RiskLevel}
		row := byKey[k]
		if row == nil {
			row = &autonomyRow{Intent: c.Intent, RiskLevel: c.RiskLevel}
			byKey[k] = row
			rows = append(rows, row)
		}
		row.Decisions += c.Decisions
		switch c.Outcome {
		case dz.OutcomeExecute:
			row.Executed += c.Decisions
		case dz.OutcomeDraft:
			row.Drafts += c.Decisions
			row.Reviewed += c.Reviewed
			row.Approved += c.Approved
		case dz.OutcomeEscalate:
			row.Escalations += c.Decisions
			row.Resolved += c.Resolved
			row.AsProposed += c.AsProposed
		}
	}
	for _, row := range rows {
		if row.HasApprovals = row.Reviewed > 0; row.HasApprovals {
			row.ApprovalRate = float64(row.Approved) / float64(row.Reviewed)
		}
		if row.HasResolutions = row.Resolved > 0; row.HasResolutions {
			row.AgreementRate = float64(row.AsProposed) / float64(row.Resolved)
		}
	}
	return rows
}
