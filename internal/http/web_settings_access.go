package http

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
)

// settingsError shows the Settings page with a form's problem, when err is
// one the person can fix; other errors go to the error page.
func (s *Server) settingsError(w http.ResponseWriter, r *http.Request, err error, d *settingsData) error {
	status, ok := statuses[dz.ErrorCode(err)]
	if !ok || status >= 500 || status == http.StatusNotFound || status == http.StatusForbidden {
		return err
	}
	return s.renderSettings(w, r, status, d, view{Error: dz.ErrorMessage(err)})
}

// settingsFormError is settingsError for a form that keeps nothing the
// person typed: the page's data is read only when there is a problem.
func (s *Server) settingsFormError(w http.ResponseWriter, r *http.Request, err error) error {
	d, _, verr := s.settingsView(r)
	if verr != nil {
		return verr
	}
	return s.settingsError(w, r, err, d)
}

// settingsView is the Settings page's data with the current settings.
func (s *Server) settingsView(r *http.Request) (*settingsData, dz.Settings, error) {
	set, version, err := s.currentSettings(r.Context(), viewerOf(r).user.WorkspaceID)
	if err != nil {
		return nil, set, err
	}
	return &settingsData{Form: formOf(set), Version: version}, set, nil
}

// createKeyForm is POST /app/settings/keys (owners only): a new API key,
// whose secret the page shows this once.
func (s *Server) createKeyForm(w http.ResponseWriter, r *http.Request) error {
	u := viewerOf(r).user
	d, set, err := s.settingsView(r)
	if err != nil {
		return err
	}
	profiles := r.PostForm["profiles"]
	for _, p := range profiles {
		if !slices.ContainsFunc(set.Profiles, func(q dz.Profile) bool { return q.Name == p }) {
			return s.settingsError(w, r, dz.Errorf(dz.EINVALID, "profile %q is not one of the workspace's profiles", p), d)
		}
	}
	key, err := s.issueKey(r.Context(), u.WorkspaceID, strings.TrimSpace(r.PostForm.Get("name")), profiles, "user:"+strconv.FormatInt(u.ID, 10))
	if err != nil {
		return s.settingsError(w, r, err, d)
	}
	d.NewKey = &key
	return s.renderSettings(w, r, http.StatusCreated, d, view{Flash: "Created the key. Copy its secret now: it is not shown again."})
}

// revokeKeyForm is POST /app/settings/keys/{id}/revoke (owners only).
func (s *Server) revokeKeyForm(w http.ResponseWriter, r *http.Request) error {
	u := viewerOf(r).user
	if err := s.withdrawKey(r.Context(), u.WorkspaceID, r.PathValue("id"), "user:"+strconv.FormatInt(u.ID, 10)); err != nil {
		return err
	}
	http.Redirect(w, r, "/app/settings?done=revoked#keys", http.StatusSeeOther)
	return nil
}

// createWebhookForm is POST /app/settings/webhooks (owners only): a new
// endpoint, whose signing secret the page shows this once.
func (s *Server) createWebhookForm(w http.ResponseWriter, r *http.Request) error {
	u := viewerOf(r).user
	d, _, err := s.settingsView(r)
	if err != nil {
		return err
	}
	ep, err := s.addWebhook(r.Context(), u.WorkspaceID, r.PostForm.Get("url"), r.PostForm["events"])
	if err != nil {
		return s.settingsError(w, r, err, d)
	}
	d.NewWebhook = ep
	return s.renderSettings(w, r, http.StatusCreated, d, view{Flash: "Added the endpoint. Copy its signing secret now: it is not shown again."})
}

// deleteWebhookForm is POST /app/settings/webhooks/{id}/delete (owners only).
func (s *Server) deleteWebhookForm(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	if err := s.cfg.Store.DeleteWebhook(r.Context(), viewerOf(r).user.WorkspaceID, id); err != nil {
		return err
	}
	s.log.InfoContext(r.Context(), "webhook deleted", "endpoint_id", id)
	http.Redirect(w, r, "/app/settings?done=deleted#webhooks", http.StatusSeeOther)
	return nil
}

// webhookData is one endpoint's delivery log.
type webhookData struct {
	Endpoint   *dz.WebhookEndpoint
	Deliveries []*dz.WebhookDelivery
	Next       string
}

// webhookPage is GET /app/settings/webhooks/{id}?cursor=: the endpoint's
// delivery log, newest attempt first.
func (s *Server) webhookPage(w http.ResponseWriter, r *http.Request) error {
	ws := viewerOf(r).user.WorkspaceID
	ep, err := s.cfg.Store.Webhook(r.Context(), ws, r.PathValue("id"))
	if err != nil {
		return err
	}
	ep.Secret = ""
	ds, next, err := s.cfg.Store.Deliveries(r.Context(), dz.DeliveryFilter{WorkspaceID: ws, EndpointID: ep.ID, Cursor: r.URL.Query().Get("cursor")})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "settings_webhook", view{Title: "Webhook " + ep.ID, Nav: "settings",
		Data: webhookData{Endpoint: ep, Deliveries: ds, Next: next}})
}

// addUserForm is POST /app/settings/users (owners only): a member who
// signs in with the e-mail and the initial password given.
func (s *Server) addUserForm(w http.ResponseWriter, r *http.Request) error {
	u, f := viewerOf(r).user, r.PostForm
	d, _, err := s.settingsView(r)
	if err != nil {
		return err
	}
	d.UserForm = userForm{Email: strings.TrimSpace(f.Get("email")), Name: strings.TrimSpace(f.Get("name"))}
	hash, err := HashPassword(f.Get("password"))
	if err != nil {
		return s.settingsError(w, r, err, d)
	}
	member := &dz.User{WorkspaceID: u.WorkspaceID, Email: d.UserForm.Email, Name: d.UserForm.Name, Role: dz.RoleMember}
	if err := s.cfg.Store.CreateUser(r.Context(), member, hash); err != nil {
		return s.settingsError(w, r, err, d)
	}
	s.log.InfoContext(r.Context(), "user added", "user_id", member.ID, "workspace_id", u.WorkspaceID, "by", u.ID)
	http.Redirect(w, r, "/app/settings?done=user#users", http.StatusSeeOther)
	return nil
}

// removeUserForm is POST /app/settings/users/{id}/delete (owners only): the
// member can no longer sign in, and their open sessions end.
func (s *Server) removeUserForm(w http.ResponseWriter, r *http.Request) error {
	u := viewerOf(r).user
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return dz.Errorf(dz.ENOTFOUND, "no user %q in this workspace", r.PathValue("id"))
	}
	if err := s.cfg.Store.DeleteUser(r.Context(), u.WorkspaceID, id); err != nil {
		return s.settingsFormError(w, r, err)
	}
	s.log.InfoContext(r.Context(), "user removed", "user_id", id, "workspace_id", u.WorkspaceID, "by", u.ID)
	http.Redirect(w, r, "/app/settings?done=removed#users", http.StatusSeeOther)
	return nil
}

// settingsRoutes registers the Settings pages: everyone signed in sees
// them; only the owner changes anything.
func (s *Server) settingsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /app/settings", s.page(s.signedIn(s.settingsPage)))
	mux.HandleFunc("POST /app/settings", s.page(s.signedIn(ownerOnly(s.saveSettings))))
	mux.HandleFunc("POST /app/settings/keys", s.page(s.signedIn(ownerOnly(s.createKeyForm))))
	mux.HandleFunc("POST /app/settings/keys/{id}/revoke", s.page(s.signedIn(ownerOnly(s.revokeKeyForm))))
	mux.HandleFunc("POST /app/settings/webhooks", s.page(s.signedIn(ownerOnly(s.createWebhookForm))))
	mux.HandleFunc("GET /app/settings/webhooks/{id}", s.page(s.signedIn(s.webhookPage)))
	mux.HandleFunc("POST /app/settings/webhooks/{id}/delete", s.page(s.signedIn(ownerOnly(s.deleteWebhookForm))))
	mux.HandleFunc("POST /app/settings/users", s.page(s.signedIn(ownerOnly(s.addUserForm))))
	mux.HandleFunc("POST /app/settings/users/{id}/delete", s.page(s.signedIn(ownerOnly(s.removeUserForm))))
	mux.HandleFunc("POST /app/settings/password", s.page(s.signedIn(s.changePasswordForm)))
}
