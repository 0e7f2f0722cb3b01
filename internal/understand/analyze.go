package understand

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/delegatezero/dz"
)

// Result is what Analyze reads from a request.
type Result struct {
	Intents []dz.IntentScore // best first; never empty ("other" when nothing fits); scores in [0,1]
	Facts   []dz.Fact        // Source dz.FromExtracted; Evidence is the text span; sorted by Name
}

// Top returns the best intent's name.
func (r Result) Top() string { return r.Intents[0].Name }

// Analyzer classifies and extracts with a fixed set of workspace-defined
// intents compiled once. It is safe for concurrent use.
type Analyzer struct {
	custom []customIntent
	names  []string
}

// New returns an Analyzer that also recognises the workspace-defined intents.
// A definition named like a built-in intent adds keywords to it.
func New(custom []dz.IntentDef) *Analyzer {
	c, names := compileCustom(custom)
	return &Analyzer{custom: c, names: names}
}

// Analyze reads intents and facts from a request's text and its context data.
func Analyze(text, data string, now time.Time, loc *time.Location, custom []dz.IntentDef) Result {
	return New(custom).Analyze(text, data, now, loc)
}

// Analyze reads intents and facts from a request's text and its context data
// (a ticket thread, weaker evidence). Dates resolve against now in loc (UTC
// when nil).
func (a *Analyzer) Analyze(text, data string, now time.Time, loc *time.Location) Result {
	if loc == nil {
		loc = time.UTC
	}
	docs := []*document{parse(text, 1)}
	if strings.TrimSpace(data) != "" {
		docs = append(docs, parse(data, 0.5))
	}
	fs := facts{}
	for _, d := range docs {
		extract(d, now, loc, fs)
	}
	anger := extractFlags(docs, fs)
	v := newVotes(len(a.names))
	for _, d := range docs {
		ws := contentWords(d)
		vote(ws, v)
		voteCustom(d, ws, a.custom, v)
		if moneyBack(d) {
			v.add(iRefund, 3*d.weight, "money back")
		}
	}
	adjust(v, fs, anger)
	return Result{Intents: score(v, a.names), Facts: sorted(fs)}
}

// adjust adds what the facts say about intents and settles the usual
// overlaps: a refund asked on cancelling is a refund request; a duplicate
// charge to be refunded is a billing error.
func adjust(v *votes, fs facts, anger float64) {
	if isTrue(fs, "data_loss_claimed") {
		v.add(iLoss, 3, "data loss claimed")
	}
	if isTrue(fs, "outage_claimed") {
		v.add(iSLA, 0.3, "outage claimed")
	}
	if anger > 0.3 {
		v.add(iComplaint, 2*anger, "anger")
	}
	v.add(iOther, 1, "no stronger signal")
	if v.raw[iRefund] >= 2.5 {
		v.raw[iCancel] *= 0.5
	}
	if v.raw[iBilling] >= 3.5 {
		v.raw[iRefund] *= 0.6
	}
}

func isTrue(fs facts, name string) bool {
	f, ok := fs[name]
	return ok && f.Value == true
}

// sorted returns the facts by name with evidence made valid UTF-8.
func sorted(fs facts) []dz.Fact {
	out := make([]dz.Fact, 0, len(fs))
	for _, f := range fs {
		if !utf8.ValidString(f.Evidence) {
			f.Evidence = strings.ToValidUTF8(f.Evidence, "\uFFFD")
		}
		out = append(out, f)
	}
	slices.SortFunc(out, func(a, b dz.Fact) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// moneyBack reports whether the customer wants an amount "back": "I'm asking
// for the $390 we paid this month back", "the 50% back to the card", "You
// took $610. Give it back."
func moneyBack(d *document) bool {
	amountSent := int32(-2) // the latest sentence with an amount or a percentage so far
	for i, t := range d.toks {
		if d.amount[i] || t.norm == "%" && i > 0 && d.toks[i-1].kind == kNumber {
			amountSent = t.sent
		}
		if t.norm != "back" || !t.line.facts() || t.sent-amountSent > 1 || notMoneyBack[d.norm(d.prevWord(i))] {
			continue
		}
		next := d.nextWord(i)
		if !backTo[d.norm(next)] || paidTo[d.norm(d.nextContent(next))] {
			return true
		}
	}
	return false
}

var notMoneyBack = set("called", "call", "bring", "write", "come", "came", "roll", "go", "went",
	"get", "got", "hear", "heard", "reply", "replied", "respond", "responded", "email", "ring")

// backTo are the words after "back" that make it "get back to me", not money.
var backTo = set("to", "with", "on", "in", "at", "from", "into", "up")

// paidTo are what money goes "back to": "back to the card".
var paidTo = set("card", "account", "bank", "original", "payment", "credit", "visa", "amex", "paypal")
