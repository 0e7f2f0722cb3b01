package http

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/webhook"
	"github.com/delegatezero/dz/internal/workspace"
)

// settingsData is the Settings page. Members see it read-only.
type settingsData struct {
	Owner        bool
	Form         settingsForm
	Problems     []dz.Problem // the settings form's, kept next to it
	Tones        []string
	Attributions []string
	Version      int
	Keys         []*dz.APIKey
	NewKey       *createdKey // a key made just now: its secret is shown this once
	Webhooks     []*dz.WebhookEndpoint
	NewWebhook   *dz.WebhookEndpoint // an endpoint made just now, with its secret
	Events       []string
	Users        []*dz.User
	UserForm     userForm
}

// settingsForm is the settings as the form holds them: text, so what was
// sent comes back as sent when it has problems.
type settingsForm struct {
	Risk        []riskRow
	DraftFloor  string
	Tone        string
	Attribution string
	Profiles    []profileRow
}

// riskRow is one risk level's inputs; N numbers the rows from 1 for labels.
type riskRow struct {
	N                     int
	Name, When, Threshold string
}

// profileRow is one profile's inputs; lists are comma-separated.
type profileRow struct {
	N                               int
	Name, Intents, Tags, DraftFloor string
}

// numbered numbers the form's rows for their labels.
func (f settingsForm) numbered() settingsForm {
	for i := range f.Risk {
		f.Risk[i].N = i + 1
	}
	for i := range f.Profiles {
		f.Profiles[i].N = i + 1
	}
	return f
}

// userForm is the add-a-member form as sent.
type userForm struct{ Email, Name string }

// settingsFlashes are the notes shown after a Settings form, by done=.
var settingsFlashes = map[string]string{
	"saved":    "Saved as a new version of the settings. The next decision uses them.",
	"same":     "Nothing changed: the settings are already so.",
	"revoked":  "Revoked. Requests with that key are refused from now on.",
	"deleted":  "Deleted the webhook endpoint and its delivery log.",
	"user":     "Added. They can sign in with the e-mail and password you gave; ask them to keep the password private.",
	"password": "Password changed. Any other browser signed in as you is signed out.",
	"removed":  "Removed. They can no longer sign in, and were signed out.",
}

// currentSettings returns the workspace's settings and their version.
func (s *Server) currentSettings(ctx context.Context, workspaceID int64) (dz.Settings, int, error) {
	vs, err := s.cfg.Store.ContextVersions(ctx, workspaceID, dz.TypeSettings, "settings")
	if err != nil && dz.ErrorCode(err) != dz.ENOTFOUND {
		return dz.Settings{}, 0, err
	}
	if len(vs) == 0 {
		return dz.Settings{}, 0, nil
	}
	last := vs[len(vs)-1]
	ws, err := workspace.FromEntries([]dz.ContextEntry{last})
	if err != nil {
		return dz.Settings{}, 0, err
	}
	return ws.Settings, last.Version, nil
}

// settingsPage is GET /app/settings.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) error {
	d, _, err := s.settingsView(r)
	if err != nil {
		return err
	}
	return s.renderSettings(w, r, http.StatusOK, d, view{Flash: settingsFlashes[r.URL.Query().Get("done")]})
}

// renderSettings fills the page's lists and renders it.
func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, d *settingsData, v view) error {
	ctx, u := r.Context(), viewerOf(r).user
	var err error
	if d.Keys, err = s.cfg.Store.ListKeys(ctx, u.WorkspaceID); err != nil {
		return err
	}
	if d.Webhooks, err = s.cfg.Store.Webhooks(ctx, u.WorkspaceID); err != nil {
		return err
	}
	for _, ep := range d.Webhooks {
		ep.Secret = ""
	}
	if d.Users, err = s.cfg.Store.Users(ctx, u.WorkspaceID); err != nil {
		return err
	}
	if d.Version == 0 {
		if _, d.Version, err = s.currentSettings(ctx, u.WorkspaceID); err != nil {
			return err
		}
	}
	d.Owner, d.Tones, d.Attributions, d.Events = u.Role == dz.RoleOwner, dz.Tones, dz.Attributions, webhook.Events
	v.Title, v.Nav, v.Data = "Settings", "settings", d
	return s.render(w, r, status, "settings", v)
}

// formOf is the settings as form inputs, with an empty row to add a risk
// level and a profile.
func formOf(set dz.Settings) settingsForm {
	f := settingsForm{DraftFloor: fmtFloat(set.DraftFloor), Tone: set.Tone, Attribution: set.Attribution}
	for _, lv := range set.Risk {
		f.Risk = append(f.Risk, riskRow{Name: lv.Name, When: lv.When, Threshold: fmtFloat(lv.Threshold)})
	}
	for _, p := range set.Profiles {
		row := profileRow{Name: p.Name, Intents: strings.Join(p.Intents, ", "), Tags: strings.Join(p.Tags, ", ")}
		if p.DraftFloor != 0 {
			row.DraftFloor = fmtFloat(p.DraftFloor)
		}
		f.Profiles = append(f.Profiles, row)
	}
	f.Risk = append(f.Risk, riskRow{})
	f.Profiles = append(f.Profiles, profileRow{})
	return f.numbered()
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// saveSettings is POST /app/settings (owners only): risk levels and
// thresholds, the draft floor, default tone and attribution, and profiles.
// The new settings are checked as dz.yaml is, then stored as a new version
// the way PUT /api/v1/settings stores them; problems come back inline.
func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) error {
	ws := viewerOf(r).user.WorkspaceID
	set, _, err := s.currentSettings(r.Context(), ws)
	if err != nil {
		return err
	}
	form := postedSettings(r)
	text, problems := settingsText(set, form)
	var entry dz.ContextEntry
	if problems == nil {
		if entry, problems, err = s.parseEntry(r, dz.TypeSettings, string(text)); err != nil {
			return err
		}
	}
	if problems == nil {
		n, err := s.storeEntries(r.Context(), ws, entry)
		if err == nil {
			done := "same"
			if n > 0 {
				done = "saved"
			}
			http.Redirect(w, r, "/app/settings?done="+done, http.StatusSeeOther)
			return nil
		}
		if problems = asProblems(err); problems == nil {
			return err
		}
	}
	for i := range problems {
		problems[i].Pos = dz.Pos{} // positions in generated dz.yaml mean nothing on a form
	}
	d := settingsData{Form: form, Problems: problems}
	return s.renderSettings(w, r, http.StatusUnprocessableEntity, &d, view{Error: "The settings were not saved: fix the problems listed in the form."})
}

// postedSettings reads the settings form as sent.
func postedSettings(r *http.Request) settingsForm {
	f := r.PostForm
	form := settingsForm{DraftFloor: strings.TrimSpace(f.Get("draft_floor")), Tone: f.Get("tone"), Attribution: f.Get("attribution")}
	for i := 0; f.Has(fmt.Sprintf("risk_name_%d", i)); i++ {
		form.Risk = append(form.Risk, riskRow{Name: strings.TrimSpace(f.Get(fmt.Sprintf("risk_name_%d", i))),
			When: strings.TrimSpace(f.Get(fmt.Sprintf("risk_when_%d", i))), Threshold: strings.TrimSpace(f.Get(fmt.Sprintf("risk_threshold_%d", i)))})
	}
	for i := 0; f.Has(fmt.Sprintf("profile_name_%d", i)); i++ {
		form.Profiles = append(form.Profiles, profileRow{Name: strings.TrimSpace(f.Get(fmt.Sprintf("profile_name_%d", i))),
			Intents: f.Get(fmt.Sprintf("profile_intents_%d", i)), Tags: f.Get(fmt.Sprintf("profile_tags_%d", i)),
			DraftFloor: strings.TrimSpace(f.Get(fmt.Sprintf("profile_floor_%d", i)))})
	}
	return form.numbered()
}

// settingsText applies the form to the current settings and writes them
// as dz.yaml, for ParseEntry to check. Empty rows are dropped (that is how
// a level or profile is removed).
func settingsText(set dz.Settings, f settingsForm) ([]byte, dz.Problems) {
	var ps dz.Problems
	num := func(what, s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			ps = append(ps, dz.Problem{Message: fmt.Sprintf("%s %q is not a number", what, s), Fix: "write a number from 0 to 1, such as 0.8"})
		}
		return v
	}
	set.Tone, set.Attribution = f.Tone, f.Attribution
	set.DraftFloor = num("the draft floor", f.DraftFloor)
	set.Risk = nil
	for _, row := range f.Risk {
		if row.Name != "" || row.When != "" || row.Threshold != "" {
			set.Risk = append(set.Risk, dz.RiskLevel{Name: row.Name, When: row.When, Threshold: num("the threshold of risk level "+row.Name, row.Threshold)})
		}
	}
	if len(set.Risk) == 0 {
		ps = append(ps, dz.Problem{Message: "there is no risk level", Fix: "keep at least one, e.g. normal with threshold 0.8"})
	}
	set.Profiles = nil
	for _, row := range f.Profiles {
		if row.Name == "" && row.Intents == "" && row.Tags == "" && row.DraftFloor == "" {
			continue
		}
		p := dz.Profile{Name: row.Name, Intents: commaList(row.Intents), Tags: commaList(row.Tags)}
		if row.DraftFloor != "" {
			p.DraftFloor = num("the draft floor of profile "+row.Name, row.DraftFloor)
		}
		set.Profiles = append(set.Profiles, p)
	}
	if ps != nil {
		return nil, ps
	}
	entries, err := workspace.Entries(&dz.Workspace{Settings: set})
	if err == nil {
		var text []byte
		if text, err = workspace.FormatEntry(entries[0]); err == nil {
			return text, nil
		}
	}
	return nil, dz.Problems{{Message: "the settings could not be written: " + err.Error()}}
}

// commaList splits "a, b" into its non-empty items.
func commaList(s string) []string {
	var out []string
	for _, it := range strings.Split(s, ",") {
		if it = strings.TrimSpace(it); it != "" && !slices.Contains(out, it) {
			out = append(out, it)
		}
	}
	return out
}
