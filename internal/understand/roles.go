package understand

import "math"

// A date's role is decided by the nearest cue word in its clause: a charge
// word makes it charge_date, an outage or loss word incident_date, and words
// such as "cancelled" or "renews" claim it for neither.
const (
	roleNone = iota
	roleCharge
	roleIncident
	roleIgnore
)

var dateCues = func() map[string]int {
	m := map[string]int{}
	for _, w := range []string{"charged", "charge", "charges", "billed", "bill", "paid", "pay",
		"payment", "payments", "invoice", "invoiced", "bought", "purchased", "subscribed", "refund",
		"refunded", "reimburse", "transaction", "receipt", "renewal", "charging", "took", "taken",
		"deducted", "debited", "withdrew", "withdrawn"} {
		m[w] = roleCharge
	}
	for _, w := range []string{"outage", "outages", "down", "downtime", "incident", "offline",
		"unreachable", "unavailable", "unavailability", "503s", "errors", "lost", "deleted", "wiped",
		"gone", "missing", "disappeared", "vanished", "erased", "corrupted", "crashed", "hours",
		"hrs", "minutes", "breach", "failed", "reachable", "accessible", "inaccessible", "degraded"} {
		m[w] = roleIncident
	}
	for _, w := range []string{"cancelled", "canceled", "cancel", "downgraded", "upgraded",
		"renews", "renew", "ends", "end", "created", "since", "removed", "promised", "announced",
		"contract", "reply", "asked", "called", "wrote", "spoke", "notice", "expires", "expire",
		"trial", "started", "joined", "emailed", "until", "before", "customer", "agent"} {
		m[w] = roleIgnore
	}
	return m
}()

// extractDates gives charge_date and incident_date the nearest-cued dates
// that are not in the future.
func extractDates(d *document, refs []dateRef, fs facts, conf float64) {
	best := map[int]float64{}
	chosen := map[int]dateRef{}
	for _, r := range refs {
		role, dist := dateRole(d, r)
		if role != roleCharge && role != roleIncident {
			continue
		}
		if prev, ok := best[role]; !ok || dist < prev {
			best[role], chosen[role] = dist, r
		}
	}
	names := map[int]string{roleCharge: "charge_date", roleIncident: "incident_date"}
	for _, role := range []int{roleCharge, roleIncident} {
		if r, ok := chosen[role]; ok {
			c := r.confidence * math.Max(0.6, 1-0.05*best[role])
			fs.set(names[role], r.day.Format("2006-01-02"), c*conf, d.span(r.a, r.b))
		}
	}
}

// dateRole finds the nearest cue to a date within its clause (a cue before
// the date counts slightly more than one after) and returns its role and
// distance in words. Amounts next to a date make it a charge date.
func dateRole(d *document, r dateRef) (int, float64) {
	clause := d.toks[r.a].clause
	for k, j := 0, r.a-1; j >= 0 && k < 10 && d.toks[j].clause == clause; j-- {
		if d.amount[j] && k < 3 {
			return roleCharge, float64(k) + 1
		}
		if !d.isWord(j) {
			continue
		}
		k++
		if role := dateCues[d.toks[j].norm]; role != roleNone {
			return nearest(d, r, role, float64(k))
		}
	}
	return nearest(d, r, roleNone, math.Inf(1))
}

// nearest compares the cue found before the date with the first one after it.
func nearest(d *document, r dateRef, role int, dist float64) (int, float64) {
	clause := d.toks[r.b].clause
	for k, j := 0, r.b+1; j < len(d.toks) && k < 10 && d.toks[j].clause == clause; j++ {
		if float64(k)+0.5 >= dist {
			break
		}
		if d.amount[j] && k < 3 {
			return roleCharge, float64(k) + 1.5
		}
		if !d.isWord(j) {
			continue
		}
		k++
		if ar := dateCues[d.toks[j].norm]; ar != roleNone {
			return ar, float64(k) + 0.5
		}
	}
	if role == roleNone {
		if fieldRole(d, r) {
			return roleCharge, 6
		}
		return sentenceRole(d, r)
	}
	return role, dist
}

// fieldRole reports whether a date is the "Date:" field of an invoice or
// payment record: "Invoice: 2026-INV-00417 / Date: 2026-04-01 / Amount: …".
func fieldRole(d *document, r dateRef) bool {
	p := d.prevWord(r.a)
	if p < 0 || d.toks[p].norm != "date" {
		return false
	}
	if p > 0 && d.toks[p-1].sent == d.toks[p].sent {
		return false // "date" is not the line's label
	}
	for j := max(0, r.a-30); j < len(d.toks) && j <= r.b+30; j++ {
		if recordLabels[d.toks[j].norm] && d.toks[j].line.facts() {
			return true
		}
	}
	return false
}

// recordLabels name the fields of a charge record.
var recordLabels = set("invoice", "amount", "charge", "payment", "total", "paid", "receipt")

// sentenceRole falls back to the first cue elsewhere in the date's sentence
// (within 30 tokens), at a distance penalty.
func sentenceRole(d *document, r dateRef) (int, float64) {
	sent := d.toks[r.a].sent
	for j := r.a - 1; j >= 0 && j >= r.a-30 && d.toks[j].sent == sent; j-- {
		if role := dateCues[d.toks[j].norm]; role != roleNone {
			return role, 8
		}
	}
	for j := r.b + 1; j < len(d.toks) && j <= r.b+30 && d.toks[j].sent == sent; j++ {
		if role := dateCues[d.toks[j].norm]; role != roleNone {
			return role, 9
		}
	}
	return roleNone, math.Inf(1)
}
