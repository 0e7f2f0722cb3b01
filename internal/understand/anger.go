package understand

import "math"

// angerCues weigh words that signal an angry customer.
var angerCues = map[string]float64{
	"furious": 0.9, "ridiculous": 0.9, "unacceptable": 0.9, "garbage": 0.9, "wtf": 0.9,
	"useless": 0.9, "worst": 0.9, "terrible": 0.9, "disaster": 0.9, "last straw": 0.9, "joke": 0.7,
	"pathetic": 0.9, "awful": 0.9, "hell": 0.7, "lawyers": 0.7, "legal": 0.5, "lawsuit": 0.9,
	"disappointed": 0.7, "frustrating": 0.7, "frustrated": 0.7, "annoying": 0.6, "not ok": 0.6,
	"not okay": 0.6, "not happy": 0.5, "seriously": 0.4, "embarrassing": 0.7, "tired": 0.5, "ugh": 0.6,
	"rude": 0.7, "condescending": 0.5, "asked twice": 0.6, "3rd time": 0.5, "third time": 0.5,
	"second time": 0.5, "second": 0.4, "third": 0.4, "again": 0.4, "nobody": 0.4, "no one": 0.4,
	"do you even": 0.5, "what going on": 0.5, "where": 0.3, "now": 0.2, "explain": 0.3, "bad": 0.3,
	"killed": 0.4, "immediately": 0.3, "unhappy": 0.5, "sick": 0.5, "hate": 0.7, "scam": 0.9,
	"incompetent": 0.9, "insane": 0.7, "crap": 0.9, "shit": 0.9, "damn": 0.6, "fuck": 0.9,
	"fucking": 0.9, "never again": 0.6, "wasted": 0.4, "demand": 0.5, "unbelievable": 0.8,
	"absurd": 0.8, "outrageous": 0.9, "angry": 0.8, "mad": 0.6, "upset": 0.6,
	"whats going on": 0.5, "fix": 0.3, "disgrace": 0.9, "horrible": 0.9, "livid": 0.9, "nightmare": 0.7, "answers": 0.3,
	"appalling": 0.9, "disappointing": 0.7, "disgraceful": 0.9, "unprofessional": 0.7, "lawyer": 0.7,
	"attorney": 0.7, "legal action": 0.9, "fed up": 0.8, "had enough": 0.8, "even think": 0.6,
	"bull": 0.6, "bullshit": 0.9, "bs": 0.6, "been weeks": 0.4, "heard nothing": 0.5, "still broken": 0.5,
	"treated": 0.4, "canned": 0.4, "real human": 0.4, "chase": 0.4, "chasing": 0.4, "dispute": 0.4,
	"disputing": 0.4, "chargeback": 0.4, "incompetence": 0.9, "shocking": 0.7, "unusable": 0.5,
}

// angryNegated are cues whose negation is still angry: "don't even think
// about it", "no one answers".
var angryNegated = set("not ok", "not okay", "not happy", "no one", "even think", "heard nothing")

var angerKeys = func() phraseSet {
	keys := make([]string, 0, len(angerCues))
	for k := range angerCues {
		keys = append(keys, k)
	}
	return phrases(keys...)
}()

// acronyms written in capitals are not shouting.
var acronyms = set("GDPR", "ASAP", "HTTP", "JSON", "HTML", "SAML", "OKTA", "UTC", "GMT", "NOTE",
	"FYI", "CEST", "AWS", "IMPORTANT", "URGENT", "HIPAA", "SOC2", "PDFS", "CSV", "XLSX", "API")

// anger scores how angry the customer's own words are, 0–1.
func anger(d *document, ws []word, churn bool) (float64, flag) {
	sum, f := 0.0, flag{}
	for i := 0; i < len(ws); i++ {
		n := phraseAt(ws, i, angerKeys)
		if n == 0 {
			continue
		}
		key := phraseKey(ws, i, n)
		if negated(ws, i) && !angryNegated[key] {
			i += n - 1
			continue
		}
		sum += angerCues[key] * ws[i].weight
		f.hit(ws, i, n)
		i += n - 1
	}
	sum += punctuationAnger(d)
	if churn {
		sum += 0.3
	}
	return round3(1 - math.Exp(-sum)), f
}

// punctuationAnger weighs "!!", "??", single "!" and words in capitals.
func punctuationAnger(d *document) float64 {
	sum, caps, bangs := 0.0, 0, 0
	for i, t := range d.toks {
		if !t.line.facts() {
			continue
		}
		switch {
		case t.caps && !acronyms[d.src[t.start:t.end]] && t.kind == kWord:
			caps++
		case t.norm == "!" || t.norm == "?":
			runStart := i == 0 || d.toks[i-1].norm != t.norm || d.toks[i-1].end != t.start
			runOn := i+1 < len(d.toks) && d.toks[i+1].norm == t.norm && d.toks[i+1].start == t.end
			switch {
			case runStart && runOn:
				sum += 0.4
			case runStart && t.norm == "!":
				bangs++
			}
		}
	}
	sum += math.Min(float64(bangs)*0.15, 0.3)
	if caps > 0 {
		sum += 0.6 + math.Min(float64(caps-1)*0.2, 0.6)
	}
	return math.Min(sum, 1.5) * d.weight
}
