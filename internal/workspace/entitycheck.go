package workspace

import (
	"strings"

	"github.com/delegatezero/dz"
)

// Handlings are the ways a customer may be handled: empathy first, or firm.
var Handlings = []string{"empathetic", "firm"}

// checkEntity reports entity values that are present but invalid. at gives
// the position of each key's value.
func checkEntity(c *collector, e *dz.Entity, at func(key string) dz.Pos) {
	if e.Kind == "" {
		e.Kind = "customer"
	}
	if e.Tone != "" && !oneOf(e.Tone, Handlings) {
		c.add(at("tone"), oneOfFix(Handlings), "tone %q is not valid", e.Tone)
	}
	if e.Currency != "" && !currencyCode.MatchString(e.Currency) {
		c.add(at("currency"), "use a three-letter ISO 4217 code such as USD", "currency %q is not a currency code", e.Currency)
	}
	if e.MRR < 0 {
		c.add(at("mrr"), "use 0 or more", "mrr is negative")
	}
	if e.LastChargeAmount < 0 {
		c.add(at("last_charge_amount"), "use 0 or more", "last_charge_amount is negative")
	}
	if !e.Renewal.IsZero() && !e.Started.IsZero() && e.Renewal.Before(e.Started) {
		c.add(at("renewal"), "check the dates: renewal comes after started", "renewal %s is before started %s", e.Renewal.Format("2006-01-02"), e.Started.Format("2006-01-02"))
	}
	for _, m := range e.Emails {
		if i := strings.IndexByte(m, '@'); i < 1 || i == len(m)-1 || strings.ContainsAny(m, " \t,;<>") {
			c.add(at("emails"), "write a plain address such as ana@example.com", "%q is not an e-mail address", m)
		}
	}
	for _, d := range e.Domains {
		if !strings.Contains(d, ".") || strings.ContainsAny(d, "@/ \t:") {
			c.add(at("domains"), "write a bare domain such as example.com", "%q is not a domain", d)
		}
	}
}

// oneOf reports whether s is in list.
func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
