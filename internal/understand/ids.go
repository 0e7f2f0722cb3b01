package understand

import "strings"

// idRef is an identifier found in a message.
type idRef struct {
	value string
	a, b  int
}

// findID returns the first invoice or order id: a token with the given
// prefix ("INV-2041") or a token with a digit just after the keyword
// ("invoice #10423", "order ID ORD-55812"). It reads the customer's lines,
// or with quoted set the quoted thread they reply to.
func findID(d *document, keywords map[string]bool, prefixes []string, quoted bool) (idRef, bool) {
	for i, t := range d.toks {
		if t.line.facts() == quoted || quoted && t.line.intentWeight() == 0 || !d.isWord(i) || !idInitial(t.norm) {
			continue
		}
		if hasIDPrefix(t.norm, prefixes) {
			return idRef{value: strings.TrimPrefix(d.src[t.start:t.end], "#"), a: i, b: i}, true
		}
		if !keywords[t.norm] {
			continue
		}
		for j, k := i+1, 0; j < len(d.toks) && k < 4; j++ {
			n := d.toks[j].norm
			if idFillers[n] {
				k++
				continue
			}
			if looksLikeID(n) {
				return idRef{value: d.src[d.toks[j].start:d.toks[j].end], a: i, b: j}, true
			}
			break
		}
	}
	return idRef{}, false
}

// idFillers sit between an id keyword and the id: "invoice #", "order no.",
// "order n° 55821", "invoice number:".
var idFillers = set("#", ":", "(", ".", "-", "number", "no", "nr", "num", "id", "ref", "n", "°", "º", "nº", "n°")

func hasIDPrefix(norm string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(norm, p) && len(norm) > len(p) && isDigit(rune(norm[len(norm)-1])) {
			return true
		}
	}
	return false
}

// looksLikeID reports whether a token reads as an identifier: at least three
// characters with a digit, and not a date or a decimal figure.
func looksLikeID(n string) bool {
	if len(n) < 3 || len(n) > 40 || strings.ContainsAny(n, "@,/") || strings.Count(n, "-") == 2 && len(n) == 10 {
		return false
	}
	digits := 0
	for i := 0; i < len(n); i++ {
		switch c := n[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			return false
		}
	}
	return digits > 0
}

var (
	invoiceWords    = set("invoice", "inv", "invoices")
	invoicePrefixes = []string{"inv-", "inv#", "inv"}
	orderWords      = set("order", "orders", "ord")
	orderPrefixes   = []string{"ord-", "order-", "po-"}
)

// freeMail are public providers whose domain says nothing about the customer.
var freeMail = set("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com", "outlook.com",
	"live.com", "icloud.com", "me.com", "aol.com", "proton.me", "protonmail.com", "gmx.de",
	"gmx.net", "web.de", "yandex.ru", "mail.com", "msn.com", "yahoo.co.uk", "hotmail.co.uk")

var tlds = set("com", "io", "co", "uk", "de", "fr", "org", "net", "app", "studio", "dev", "ai",
	"us", "ca", "eu", "nl", "es", "it", "ch", "at", "be", "se", "no", "dk", "fi", "ie", "au",
	"nz", "in", "jp", "br", "mx", "pl", "pt", "cz", "biz", "info", "tech", "health", "shop",
	"agency", "cloud", "so", "xyz", "me", "tv", "gg", "ly", "sh", "hq", "media", "design")

// findEmail returns the first e-mail address on the customer's own lines,
// signature or From: headers.
func findEmail(d *document) (idRef, bool) {
	for i, t := range d.toks {
		if t.kind == kWord && t.line.addresses() && isEmail(t.norm) {
			return idRef{value: strings.ToLower(d.src[t.start:t.end]), a: i, b: i}, true
		}
	}
	return idRef{}, false
}

// isEmail accepts any alphabetic top-level domain: "@" already says it is an
// address, so new TLDs such as .energy are fine here.
func isEmail(n string) bool {
	local, host, ok := strings.Cut(n, "@")
	return ok && local != "" && isHost(host, true)
}

// findDomain returns the first web domain named on the customer's lines.
func findDomain(d *document) (idRef, bool) {
	for i, t := range d.toks {
		if t.kind == kWord && t.line.addresses() && !strings.Contains(t.norm, "@") && isDomain(t.norm) {
			return idRef{value: strings.TrimPrefix(t.norm, "www."), a: i, b: i}, true
		}
	}
	return idRef{}, false
}

// isDomain reports whether n looks like a host name with a known top-level
// domain; a bare word with a dot needs a known TLD not to be a sentence typo.
func isDomain(n string) bool { return isHost(n, false) }

func isHost(n string, anyTLD bool) bool {
	if len(n) < 4 || len(n) > 253 || strings.Contains(n, "..") {
		return false
	}
	dot := strings.LastIndexByte(n, '.')
	if dot <= 0 {
		return false
	}
	if tld := n[dot+1:]; !tlds[tld] && !(anyTLD && alphaTLD(tld)) {
		return false
	}
	for i := 0; i < len(n); i++ {
		c := n[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return n[0] != '-' && n[0] != '.'
}

func alphaTLD(s string) bool {
	if len(s) < 2 || len(s) > 24 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// emailDomain is the domain of an address unless it is a public provider.
func emailDomain(email string) string {
	_, host, _ := strings.Cut(email, "@")
	if freeMail[host] {
		return ""
	}
	return host
}

// idInitial reports whether a token can start an id or an id keyword
// (invoice, inv-, order, ord-, po-), which skips most words cheaply.
func idInitial(n string) bool {
	return n != "" && (n[0] == 'i' || n[0] == 'o' || n[0] == 'p')
}
