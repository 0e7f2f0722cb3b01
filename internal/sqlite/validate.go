package sqlite

import (
	"encoding/json"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/delegatezero/dz"
)

// These rules are the same in internal/postgres; storetest holds both to
// them. They would sit better in the root package beside the types.

// checkSlug returns EINVALID unless slug is 1–63 lower-case letters,
// digits and '-', not starting with '-' (it would read as a CLI flag).
func checkSlug(slug string) error {
	ok := len(slug) > 0 && len(slug) <= 63 && slug[0] != '-'
	for _, c := range []byte(slug) {
		ok = ok && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')
	}
	if !ok {
		return dz.Errorf(dz.EINVALID, "workspace slug %q must be 1 to 63 lower-case letters, digits and '-', not starting with '-'", slug)
	}
	return nil
}

// checkText returns EINVALID when a field is not valid UTF-8 or holds a
// NUL byte: PostgreSQL cannot store either in text, so neither store does.
func checkText(what string, fields ...string) error {
	if !validText(fields...) {
		return dz.Errorf(dz.EINVALID, "%s: text must be UTF-8 without NUL characters", what)
	}
	return nil
}

// validText reports whether every field is UTF-8 without NUL bytes. Reads
// given other text answer ENOTFOUND: nothing stored can match.
func validText(fields ...string) bool {
	for _, f := range fields {
		if !utf8.ValidString(f) || strings.IndexByte(f, 0) >= 0 {
			return false
		}
	}
	return true
}

// cleanText makes free text storable: invalid UTF-8 and NUL become U+FFFD.
func cleanText(s string) string {
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// checkDecision returns EINVALID for a record that cannot be stored.
func checkDecision(rec *dz.DecisionRecord) error {
	if rec.ID == "" {
		return dz.Errorf(dz.EINVALID, "a decision needs an id")
	}
	return checkText("decision "+rec.ID, rec.ID, rec.Status, string(rec.Decision.Decision), rec.Entity, rec.Request.RequestID, rec.RequestHash)
}

// checkEntry returns EINVALID for a context entry that cannot be stored.
func checkEntry(e *dz.ContextEntry) error {
	switch {
	case e.Type != dz.TypeSettings && !slices.Contains(dz.ContextTypes, e.Type):
		return dz.Errorf(dz.EINVALID, "context entry %q has unknown type %q", e.ID, e.Type)
	case e.ID == "":
		return dz.Errorf(dz.EINVALID, "a %s entry has no id", e.Type)
	case !validText(string(e.Type), e.ID, e.Hash):
		return checkText("context entry", string(e.Type), e.ID, e.Hash)
	case e.Deleted:
		return nil
	case e.Hash == "":
		return dz.Errorf(dz.EINVALID, "%s %q has no hash", e.Type, e.ID)
	case len(e.Body) == 0 || !json.Valid(e.Body):
		return dz.Errorf(dz.EINVALID, "%s %q: body is not JSON", e.Type, e.ID)
	}
	return nil
}

// checkJob returns EINVALID for a job that cannot be enqueued, and the
// payload to store ("null" for none).
func checkJob(j *dz.Job) (string, error) {
	switch {
	case j.Kind == "":
		return "", dz.Errorf(dz.EINVALID, "job %q has no kind", j.Key)
	case j.Key == "":
		return "", dz.Errorf(dz.EINVALID, "a %s job has no key", j.Kind)
	case !validText(j.Kind, j.Key):
		return "", checkText("job", j.Kind, j.Key)
	case len(j.Payload) == 0:
		return "null", nil
	case !json.Valid(j.Payload):
		return "", dz.Errorf(dz.EINVALID, "%s job %q: payload is not JSON", j.Kind, j.Key)
	}
	return string(j.Payload), nil
}

// checkFeedback returns EINVALID for feedback of an unknown kind, or an
// override that does not say what the outcome should have been.
func checkFeedback(fb *dz.Feedback) error {
	switch {
	case !slices.Contains(dz.FeedbackKinds, fb.Kind):
		return dz.Errorf(dz.EINVALID, "feedback kind %q is not one of approve, edit, reject, override", fb.Kind)
	case fb.Kind == "override" && !slices.Contains(dz.Outcomes, fb.Outcome):
		return dz.Errorf(dz.EINVALID, "an override needs the outcome it should have been: execute, draft, escalate or refuse")
	case fb.Outcome != "" && !slices.Contains(dz.Outcomes, fb.Outcome):
		return dz.Errorf(dz.EINVALID, "feedback outcome %q is not execute, draft, escalate or refuse", fb.Outcome)
	}
	return checkText("feedback", fb.Note, fb.Response)
}
