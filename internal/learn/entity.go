package learn

import (
	"slices"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// webmail domains are shared by strangers: an entity never claims them.
var webmail = []string{"gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "live.com",
	"icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "mail.com", "yandex.com"}

// maxName caps a learned entity's name, in bytes.
const maxName = 100

// answerEntity is the customer the founder named: an existing entity with
// the sender's address added, or a new one.
func answerEntity(rec *dz.DecisionRecord, answer string, day time.Time, ws *dz.Workspace) (*dz.Entity, error) {
	name, _, _ := strings.Cut(answer, "\n")
	name = strings.TrimSpace(name)
	if len(name) > maxName {
		name = strings.ToValidUTF8(name[:maxName], "")
	}
	email, domain := senderOf(rec.Trace)
	if ws != nil {
		for _, e := range ws.Entities {
			if strings.EqualFold(e.ID, name) || strings.EqualFold(e.Name, name) {
				cp := *e
				if email != "" && !slices.Contains(cp.Emails, email) {
					cp.Emails = append(slices.Clone(cp.Emails), email)
				}
				cp.Updated = day
				return &cp, nil
			}
		}
	}
	id := slug(name)
	if id == "" {
		id = "customer-" + strings.TrimPrefix(rec.ID, "dec_")
	}
	ent := &dz.Entity{Meta: dz.Meta{ID: id, Tags: []string{"learned"}, Updated: day}, Name: name, Kind: "customer",
		Notes: "Added from decision " + rec.ID + ": " + answer}
	if email != "" {
		ent.Emails = []string{email}
	}
	if domain != "" && !slices.Contains(webmail, domain) {
		ent.Domains = []string{domain}
	}
	return ent, nil
}

// senderOf is the e-mail and domain the request came from, lower-cased.
func senderOf(tr *dz.Trace) (email, domain string) {
	if tr == nil {
		return "", ""
	}
	for _, f := range tr.Facts {
		s, _ := f.Value.(string)
		switch f.Name {
		case "email":
			email = strings.ToLower(s)
		case "domain":
			domain = strings.ToLower(s)
		}
	}
	if _, d, ok := strings.Cut(email, "@"); ok && domain == "" {
		domain = d
	}
	return email, domain
}

// slug is name in lower case with runs of other characters as one '-'.
func slug(name string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(name) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(c)
			dash = false
		} else {
			dash = true
		}
		if b.Len() >= 64 {
			break
		}
	}
	return b.String()
}
