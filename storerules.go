package dz

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The rules every Store applies before it writes, shared so SQLite and
// PostgreSQL cannot drift apart; internal/storetest holds both to them.

// ValidateSlug returns EINVALID unless slug is 1–63 lower-case letters,
// digits and '-', not starting with '-' (it would read as a CLI flag).
func ValidateSlug(slug string) error {
	ok := len(slug) > 0 && len(slug) <= 63 && slug[0] != '-'
	for _, c := range []byte(slug) {
		ok = ok && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')
	}
	if !ok {
		return Errorf(EINVALID, "workspace slug %q must be 1 to 63 lower-case letters, digits and '-', not starting with '-'", slug)
	}
	return nil
}

// CheckText returns EINVALID when a field is not valid UTF-8 or holds a
// NUL byte: PostgreSQL cannot store either in text, so neither store does.
func CheckText(what string, fields ...string) error {
	if !StorableText(fields...) {
		return Errorf(EINVALID, "%s: text must be UTF-8 without NUL characters", what)
	}
	return nil
}

// StorableText reports whether every field is UTF-8 without NUL bytes. Reads
// given other text answer ENOTFOUND: nothing stored can match.
func StorableText(fields ...string) bool {
	for _, f := range fields {
		if !utf8.ValidString(f) || strings.IndexByte(f, 0) >= 0 {
			return false
		}
	}
	return true
}

// CleanText makes free text storable: invalid UTF-8 and NUL become U+FFFD.
func CleanText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// ValidateDecisionRecord returns EINVALID for a record that cannot be stored.
func ValidateDecisionRecord(rec *DecisionRecord) error {
	if rec.ID == "" {
		return Errorf(EINVALID, "a decision needs an id")
	}
	if a := rec.Audit; a != nil && (a.WorkspaceID != rec.WorkspaceID || a.DecisionID != rec.ID) {
		return Errorf(EINVALID, "the audit record given with decision %s belongs to another decision", rec.ID)
	}
	if a := rec.Audit; a != nil && rec.Status != StatusComplete {
		return Errorf(EINVALID, "decision %s is %s: only a complete decision gets an audit record", rec.ID, rec.Status)
	}
	return CheckText("decision "+rec.ID, rec.ID, rec.Status, string(rec.Decision.Decision), rec.Entity, rec.Request.RequestID, rec.RequestHash)
}

// ValidateContextEntry returns EINVALID for a context entry that cannot be stored.
func ValidateContextEntry(e *ContextEntry) error {
	switch {
	case e.Type != TypeSettings && !slices.Contains(ContextTypes, e.Type):
		return Errorf(EINVALID, "context entry %q has unknown type %q", e.ID, e.Type)
	case e.ID == "":
		return Errorf(EINVALID, "a %s entry has no id", e.Type)
	case !StorableText(string(e.Type), e.ID, e.Hash):
		return CheckText("context entry", string(e.Type), e.ID, e.Hash)
	case e.Deleted:
		return nil
	case e.Hash == "":
		return Errorf(EINVALID, "%s %q has no hash", e.Type, e.ID)
	case len(e.Body) == 0 || !json.Valid(e.Body):
		return Errorf(EINVALID, "%s %q: body is not JSON", e.Type, e.ID)
	}
	return nil
}

// ValidateJob returns EINVALID for a job that cannot be enqueued, and the
// payload to store ("null" for none).
func ValidateJob(j *Job) (string, error) {
	switch {
	case j.Kind == "":
		return "", Errorf(EINVALID, "job %q has no kind", j.Key)
	case j.Key == "":
		return "", Errorf(EINVALID, "a %s job has no key", j.Kind)
	case !StorableText(j.Kind, j.Key):
		return "", CheckText("job", j.Kind, j.Key)
	case len(j.Payload) == 0:
		return "null", nil
	case !json.Valid(j.Payload):
		return "", Errorf(EINVALID, "%s job %q: payload is not JSON", j.Kind, j.Key)
	}
	return string(j.Payload), nil
}

// ValidateFeedback returns EINVALID for feedback of an unknown kind, or an
// override that does not say what the outcome should have been.
func ValidateFeedback(fb *Feedback) error {
	switch {
	case !slices.Contains(FeedbackKinds, fb.Kind):
		return Errorf(EINVALID, "feedback kind %q is not one of approve, edit, reject, override, resolve", fb.Kind)
	case (fb.Kind == "override" || fb.Kind == "resolve") && !slices.Contains(Outcomes, fb.Outcome):
		return Errorf(EINVALID, "an %s needs the outcome it should have been: execute, draft, escalate or refuse", fb.Kind)
	case fb.Outcome != "" && !slices.Contains(Outcomes, fb.Outcome):
		return Errorf(EINVALID, "feedback outcome %q is not execute, draft, escalate or refuse", fb.Outcome)
	}
	for _, a := range fb.Actions {
		if a.Type == "" {
			return Errorf(EINVALID, "every action of a resolution needs a type")
		}
	}
	return CheckText("feedback", fb.Note, fb.Response, fb.Precedent)
}

// A cursor is the (created_at, id) of the last decision on a page, as
// opaque base64: "<unix microseconds>.<id>".

// EncodeCursor returns the cursor after a decision.
func EncodeCursor(createdAt time.Time, id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(createdAt.UnixMicro(), 10) + "." + id))
}

// DecodeCursor returns the position a cursor names; EINVALID if it is not one.
func DecodeCursor(c string) (us int64, id string, err error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, "", Errorf(EINVALID, "cursor %q is not one this server gave out", c)
	}
	head, id, ok := strings.Cut(string(raw), ".")
	us, perr := strconv.ParseInt(head, 10, 64)
	if !ok || perr != nil || id == "" || !StorableText(id) {
		return 0, "", Errorf(EINVALID, "cursor %q is not one this server gave out", c)
	}
	return us, id, nil
}

// PageSize applies the documented limits: 0 or less means 50, at most 200.
func PageSize(limit int) int {
	switch {
	case limit <= 0:
		return 50
	case limit > 200:
		return 200
	}
	return limit
}

// ValidateAPIKey returns EINVALID for a key that cannot be stored, and its
// profiles encoded for the store ("[]" for none).
func ValidateAPIKey(key *APIKey, secretHash string) (string, error) {
	if key.ID == "" || secretHash == "" {
		return "", Errorf(EINVALID, "an API key needs an id and a secret hash")
	}
	if err := CheckText("API key", append([]string{key.ID, key.Name, secretHash}, key.Profiles...)...); err != nil {
		return "", err
	}
	profiles, err := json.Marshal(append([]string{}, key.Profiles...)) // a list of strings always encodes
	return string(profiles), err
}

// SearchText is what a decision's words filter (DecisionFilter.Query)
// looks in: the request, its entity, and what was decided and replied;
// not the trace, whose rule conditions name words of every kind.
func SearchText(rec *DecisionRecord) string {
	text := strings.ToLower(strings.Join([]string{rec.Request.Request, rec.Request.Context.Entity, rec.Entity,
		rec.Title, rec.Summary, rec.Reason, rec.Response}, "\n"))
	return strings.ReplaceAll(strings.ToValidUTF8(text, " "), "\x00", " ") // storable in every database
}

// AutonomyQuery is the SQL both stores count AutonomyCounts with; param
// is the dialect's placeholder for the workspace id, used twice ("?1" or
// "$1"). Reviews are summed per decision first, so the count reads each
// decision once and looks up only the reviewed ones.
func AutonomyQuery(param string) string {
	has := func(cond string) string { return "MAX(CASE WHEN " + cond + " THEN 1 ELSE 0 END)" }
	latestAsProposed := `(SELECT l.as_proposed FROM feedback l WHERE l.workspace_id = f.workspace_id AND l.decision_id = f.decision_id
			AND l.kind IN ('resolve', 'override') ORDER BY l.id DESC LIMIT 1)`
	return `SELECT d.intent, d.risk_level, d.outcome, COUNT(*), COUNT(r.decision_id),
		COALESCE(SUM(r.approved), 0), COALESCE(SUM(r.resolved), 0), COALESCE(SUM(r.as_proposed), 0)
	FROM decisions d LEFT JOIN (
		SELECT f.decision_id,
			CASE WHEN ` + has("f.kind = 'approve'") + ` = 1 AND ` + has("f.kind IN ('edit', 'reject', 'override')") + ` = 0 THEN 1 ELSE 0 END AS approved,
			` + has("f.kind IN ('resolve', 'override')") + ` AS resolved,
			CASE WHEN ` + latestAsProposed + ` = 1 THEN 1 ELSE 0 END AS as_proposed
		FROM feedback f WHERE f.workspace_id = ` + param + `
		GROUP BY f.workspace_id, f.decision_id
	) r ON r.decision_id = d.id
	WHERE d.workspace_id = ` + param + ` AND d.status = 'complete'
	GROUP BY d.intent, d.risk_level, d.outcome ORDER BY d.intent, d.risk_level, d.outcome`
}
