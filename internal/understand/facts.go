package understand

import (
	"math"
	"time"

	"github.com/delegatezero/dz"
)

// facts collects extracted facts by name; the first value set wins.
type facts map[string]dz.Fact

func (fs facts) set(name string, v any, conf float64, evidence string) {
	if _, ok := fs[name]; ok {
		return
	}
	fs[name] = dz.Fact{Name: name, Value: v, Source: dz.FromExtracted, Confidence: round3(conf), Evidence: evidence}
}

// extract reads the facts of one document into fs. Facts already present
// (from the request text) are kept; conf scales this document's confidence.
func extract(d *document, now time.Time, loc *time.Location, fs facts) {
	conf := d.weight*0.3 + 0.7
	ms := findMoney(d)
	if m, ok := pickMoney(d, ms); ok {
		c := 0.8
		if m.score > 1.3 || len(ms) == 1 {
			c = 0.95
		}
		fs.set("amount", m.value, c*conf, d.span(m.a, m.b))
		fs.set("currency", m.currency, 0.95*conf, d.span(m.a, m.b))
	}
	if p, ok := findPercent(d); ok {
		fs.set("requested_percent", p.value, 0.9*conf, d.span(p.a, p.b))
	}
	extractDates(d, findDates(d, now, loc), fs, conf)
	if h, a, b, ok := outageHours(d); ok {
		fs.set("outage_hours", h, 0.85*conf, d.span(a, b))
	}
	for _, id := range []struct {
		name     string
		words    map[string]bool
		prefixes []string
	}{{"invoice_id", invoiceWords, invoicePrefixes}, {"order_id", orderWords, orderPrefixes}} {
		if ref, ok := findID(d, id.words, id.prefixes, false); ok {
			fs.set(id.name, ref.value, 0.9*conf, d.span(ref.a, ref.b))
		} else if ref, ok := findID(d, id.words, id.prefixes, true); ok {
			// The thread replied to names the invoice the customer means.
			fs.set(id.name, ref.value, 0.7*conf, d.span(ref.a, ref.b))
		}
	}
	extractAddresses(d, fs, conf)
}

func extractAddresses(d *document, fs facts, conf float64) {
	if e, ok := findEmail(d); ok {
		fs.set("email", e.value, 0.95*conf, d.span(e.a, e.b))
	}
	if dom, ok := findDomain(d); ok {
		fs.set("domain", dom.value, 0.85*conf, d.span(dom.a, dom.b))
	} else if e, ok := fs["email"]; ok {
		if host := emailDomain(e.Value.(string)); host != "" {
			fs.set("domain", host, 0.8*conf, e.Evidence)
		}
	}
}

// extractFlags sets the yes/no facts and anger from the customer's words in
// both documents.
func extractFlags(docs []*document, fs facts) float64 {
	type named struct {
		name string
		find func(d *document, ws []word) flag
	}
	finders := []named{
		{"outage_claimed", outageClaim},
		{"data_loss_claimed", func(_ *document, ws []word) flag { return lossClaim(ws) }},
		{"churn_threat", replyChurn},
	}
	words := make([][]word, len(docs))
	for i, d := range docs {
		words[i] = bodyWords(d)
	}
	for _, f := range finders {
		setFlag(docs, words, fs, f.name, f.find)
	}
	_, churn := fs["churn_threat"]
	level, ev := 0.0, ""
	for i, d := range docs {
		a, f := anger(d, words[i], churn && i == 0)
		level = 1 - (1-level)*(1-a)
		if f.on && ev == "" {
			ev = d.span(f.a, f.b)
		}
	}
	level = round3(level)
	fs.set("anger", level, 0.7, ev)
	if level >= 0.5 {
		fs.set("angry", true, 0.5+math.Min(level-0.5, 0.4), ev)
	}
	for _, name := range []string{"outage_claimed", "data_loss_claimed", "churn_threat", "angry"} {
		fs.set(name, false, 0.6, "")
	}
	return level
}

func setFlag(docs []*document, words [][]word, fs facts, name string, find func(*document, []word) flag) {
	for i, d := range docs {
		if f := find(d, words[i]); f.on {
			conf := math.Min(0.7+0.1*float64(f.hits), 0.95) * (d.weight*0.3 + 0.7)
			fs.set(name, true, conf, d.span(f.a, f.b))
			return
		}
	}
}
