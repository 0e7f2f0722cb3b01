package understand

import (
	"strconv"
	"strings"
)

// The built-in intents, in the order of their score slots.
const (
	iRefund = iota
	iSLA
	iCancel
	iComplaint
	iLoss
	iBilling
	iOther
	nBuiltin
)

// Builtin lists the built-in intent names in slot order.
var Builtin = []string{"refund", "sla_credit", "cancellation", "complaint", "data_loss", "billing_error", "other"}

// cue is one lexicon entry: the weight its phrase adds to each intent, and
// what it adds when a negation ("not", "don't", "never") comes just before.
type cue struct {
	w, neg [nBuiltin]float64
	fixed  bool // negation does not apply
}

var shortNames = map[string]int{"refund": iRefund, "sla": iSLA, "cancel": iCancel,
	"complaint": iComplaint, "loss": iLoss, "billing": iBilling, "other": iOther}

// fillers are skipped when matching phrases and counting negation distance.
var fillers = set("the", "a", "an", "our", "my", "us", "me", "your", "this", "these", "those",
	"their", "its", "it", "of", "to", "for", "i", "we", "i'm", "we're", "im", "please", "pls",
	"plz", "kindly", "just", "so", "really", "very", "all", "also", "and", "that", "then")

var negators = set("not", "no", "never", "don't", "dont", "doesn't", "didn't", "isn't", "aren't",
	"wasn't", "won't", "wont", "without", "nothing", "nor", "haven't", "hasn't", "cannot", "can't")

// negationStops end a negation's reach: prepositions and conjunctions that
// open a new phrase the negator is not about.
var negationStops = set("by", "until", "till", "before", "after", "since", "because", "if", "when",
	"unless", "than", "once", "while")

// lexicon maps a phrase of content tokens (fillers removed, figures as "#")
// to its cue, built from lexiconTable.
var lexicon = buildLexicon(lexiconTable)

// lexiconLongest maps a phrase's first word to the longest lexicon phrase
// starting with it, so matching tries only lengths that exist.
var lexiconLongest = func() map[string]int {
	m := map[string]int{}
	for k := range lexicon {
		first, _, _ := strings.Cut(k, " ")
		m[first] = max(m[first], strings.Count(k, " ")+1)
	}
	return m
}()

// lexiconTable: phrase | weights | flags. A trailing * on the phrase adds the
// inflections of its last word; flag ! means negation does not apply; flag
// "not:" lists the weights used when negated instead of nothing.
const lexiconTable = `
refund* | refund=3.5 | not:other=0.3
refunds | refund=3.5 | not:other=0.3
money back | refund=4 | not:other=0.3
want money | refund=1.5
reimburse* | refund=3.5
reimbursement | refund=3.5
partial refund | refund=4.5
reverse* | refund=1.5 billing=1
back | refund=0.6
charge back | refund=3 | !
give back | refund=3 | !
give money back | refund=4 | !
money returned | refund=3.5
called back | complaint=0.8 | !
bring back | complaint=1 | !
exception | refund=1
by mistake | refund=2 billing=0.5 | !
by accident | refund=2 billing=0.5 | !
accidentally | refund=1.5 billing=0.5
barely used | refund=1.5 | !
never used | refund=1.5 | !
never activated | refund=1.5 | !
haven't logged | refund=1 | !
prorated | refund=0.5 billing=0.8
paid | refund=0.4 billing=0.3
pay | refund=0.3 billing=0.3
sla | sla=3 | not:other=0.5
sla credit* | sla=5
service credit* | sla=5
credit* | sla=2.5 billing=0.3 | not:other=0.3
credit card | billing=0.5
credit note | sla=2.5
uptime | sla=2.5
availability | sla=2
uptime guarantee | sla=4
downtime | sla=1.5 complaint=0.3
outage* | sla=1.2 complaint=0.6 refund=0.3
down | sla=0.8 complaint=0.4
offline | sla=1 complaint=0.3
unreachable | sla=1 complaint=0.3
unavailable | sla=1 complaint=0.3
unavailability | sla=1.2
503s | sla=0.8 complaint=0.3
guarantee* | sla=1.5
compensation | sla=1.5 refund=0.5
entitled | sla=1.5 refund=0.3
contract | sla=0.8 cancel=0.5
agreement | sla=1
msa | sla=1
qualify | sla=0.8
breach* | sla=2
incident | sla=1 loss=0.3
postmortem | sla=1
owed | sla=1
due | sla=0.5
tier | sla=0.8
cancel* | cancel=3.5 | not:other=0.3
cancle | cancel=3.5 | not:other=0.3
cancelled | cancel=1.5 billing=0.8 refund=0.6
canceled | cancel=1.5 billing=0.8 refund=0.6
cancellation | cancel=3.5
unsubscribe* | cancel=3.5
terminate* | cancel=3.5
termination | cancel=3.5
close account | cancel=4
close workspace | cancel=4
closing account | cancel=4
delete account | cancel=4
end contract | cancel=3.5
stop renewal | cancel=3.5
auto-renew* | cancel=2.5
auto renewal | cancel=2.5
autorenew | cancel=2.5
renew* | other=0.2 | not:cancel=3.5
renewal | cancel=0.3 | not:cancel=3.5
reconsidering renewal | cancel=1
subscription | cancel=1 refund=0.3
membership | cancel=1
free tier | cancel=1.5
another vendor | cancel=1.5
switching | cancel=1
switch | cancel=0.8
competitor | cancel=0.5 complaint=0.3
alternatives | cancel=0.5 complaint=0.8
shutting down | cancel=1.5 | !
wind down | cancel=1 | !
close | cancel=1.2
close to | other=0.2
stop payments | cancel=2.5
elsewhere | cancel=0.8
winding down | cancel=0.5 refund=0.3 | !
not using | cancel=1 refund=0.5 | !
no longer need | cancel=1 | !
complaint | complaint=3.5 | not:other=1.5
complain* | complaint=2.5
unhappy | complaint=2.5
disappointed | complaint=2 refund=0.3
disappointing | complaint=2
frustrating | complaint=2
frustrated | complaint=2
slow | complaint=2
slower | complaint=2
buggy | complaint=2.5
bug | complaint=1.5 loss=0.3
bugs | complaint=1.5
broken | complaint=1.5
broke | complaint=1
crash* | complaint=2
crashes | complaint=2
rude | complaint=3
condescending | complaint=2
worst | complaint=2
terrible | complaint=1.2
unacceptable | complaint=1
feedback | complaint=1.5 other=0.5
not happy | complaint=1.5 | !
not thrilled | complaint=2.5 | !
not impressed | complaint=2 | !
not great | complaint=1.5 | !
without notice | complaint=2 | !
without any notice | complaint=2 | !
without warning | complaint=2 | !
no notice | complaint=1.5 | !
heard nothing | complaint=1.5 | !
cancelled by | complaint=1 | !
canceled by | complaint=1 | !
every time | complaint=1.2
each time | complaint=1
been like | complaint=1.2
still broken | complaint=2.5
nuts | complaint=1.5
crazy | complaint=1
appalling | complaint=2.5
unprofessional | complaint=2.5
disgraceful | complaint=2.5
irritating | complaint=2
annoyed | complaint=2
unusable | complaint=2
laggy | complaint=2
lag | complaint=1.5
glitch* | complaint=1.5
freezing | complaint=1.5
freezes | complaint=1.5
annoying | complaint=1.5
confusing | complaint=2
confused | complaint=1.5
quality | complaint=1
waiting | complaint=1
no one | complaint=1 | !
nobody | complaint=1
fix | complaint=1 billing=0.3
flaky | complaint=2
timeouts | complaint=1.5
spammed | complaint=1.5
wrong | billing=0.8 complaint=0.8
wrong amount | billing=3.5
billed # seats | billing=3.5
charged # seats | billing=3.5
charging # seats | billing=3.5
billed # users | billing=3.5
charged # users | billing=3.5
# seats | billing=0.5
difference | billing=0.5
refund difference | billing=3 refund=1.5
price difference | other=1 billing=0.3
agreed | billing=1
agreed price | billing=3
agreed pricing | billing=3
agreed rate | billing=3
agreed discount | billing=3
discount agreed | billing=3
price agreed | billing=3
offer was | billing=1.5
corrected | billing=1.5
corrected invoice | billing=4
new invoice | billing=1 other=0.5
still includes | billing=2
still charging | billing=2.5
wrong currency | billing=3.5
wrong card | billing=2.5
wrong plan | billing=2
wrong price | billing=3
wrong numbers | complaint=2
wrong times | complaint=2
locked out | complaint=1.5
redesign | complaint=2
keeps | complaint=0.8
logging out | complaint=1
price increase | complaint=2 billing=0.3
poor | complaint=1.5
experience | complaint=0.8
again | complaint=0.8 sla=0.3
stop | complaint=0.8
emailing | complaint=0.5
deadline | complaint=0.5
communication | complaint=1
releases | complaint=0.5
human | complaint=1
onboarding | complaint=1
migration | complaint=0.8
performance | complaint=1.5
bad | complaint=1
joke | complaint=1
garbage | complaint=1 cancel=0.3
downhill | complaint=2
rep | complaint=0.8
lost | loss=1.2 refund=0.2 | not:other=0.3
lose | loss=1.5 | not:other=0.3
lose data | loss=4
lost data | loss=4
graphs empty | loss=2.5
history gone | loss=3
missing | loss=1.5
gone | loss=1.5
deleted | loss=2
disappeared | loss=3
vanished | loss=3
wiped | loss=3
erased | loss=3
corrupted | loss=3
corrupt | loss=2
overwrote | loss=2.5
overwritten | loss=2.5
restore* | loss=2
recover* | loss=2
backup* | loss=2
roll back | loss=2
rollback | loss=2
data loss | loss=4
never saved | loss=2 | !
# bytes | loss=2
blank | loss=1.5
no longer available | loss=2.5 | !
can't find | loss=1 other=0.3 | !
dropped | loss=1.5
sync | loss=0.5 complaint=0.3
data | loss=0.8
retention | other=2.5
twice | billing=2.5
charged twice | billing=4
billed twice | billing=4
double | billing=2.5
double charged | billing=4
double charge | billing=4
duplicate | billing=3
duplicated | billing=3
duplicates | billing=1
merge duplicates | loss=1
duplicates everywhere | complaint=1.5
asked twice | complaint=0.5
# times | billing=1.5
#x | billing=1.5
overcharged | billing=4
overcharge* | billing=4
instead | billing=1.5
nothing changed | billing=1.5 | !
extra payment | billing=3
extra charge | billing=3
concern | complaint=2
response times | complaint=2
mistake | billing=1.5 refund=0.5
billing error | billing=4.5
billing mistake | billing=4.5
error | billing=0.8 complaint=0.3
unknown charge | billing=3.5
unrecognized charge | billing=3.5
never signed up | billing=3.5 | !
proration | billing=3.5
coupon | billing=2.5
vat | billing=1.5 other=0.5
vat number | other=3
reverse charge | billing=2
seats | billing=1 other=0.3
seat count | billing=2.5
late fee | billing=2.5
fee | billing=0.8 sla=0.2
currency | billing=1
old card | billing=2
payment processor | billing=1.5
declined | billing=1
old rate | billing=1.5
locked | billing=0.5
charge* | billing=0.8 refund=0.5
bill* | billing=0.8 refund=0.3
invoice | billing=0.5 other=0.5 refund=0.3
reissue | billing=1.5 other=0.5
correct | billing=1.5
adjust | billing=1.5
upgraded | billing=1 other=0.5
downgraded | billing=1
how do | other=1.5
how can | other=1.5
is there | other=1
do you | other=1
do you even | complaint=1.5
does | other=0.5
feature request | other=3.5
feature | other=1.5
integration | other=1.5
api | other=1
webhooks | other=1.5
copy invoice | other=3.5
invoice copy | other=3.5
copy | other=2
resend | other=3
receipt | other=2
quote | other=2.5
upgrade | other=2.5
discount | other=1 billing=0.5
nonprofits | other=2
nonprofit | other=2
bank transfer | other=1.5
sso | other=2
okta | other=1
rate limit | other=2
account owner | other=2.5
partnership | other=3
reseller | other=2
thanks | other=0.8
thank you | other=0.8
love | other=0.5
dark mode | other=2
docs | other=1
status page | other=1 sla=0.5
subscribe | other=1
w-9 | other=2
questionnaire | other=2
procurement | other=2
billing address | other=2.5
address | other=1.5
custom domain | other=2
new user | other=2
add user | other=2
download | other=1.5
past invoices | other=1.5
maintenance | other=0.8
question | other=1.5
quick question | other=2.5
quick q | other=2.5
close ticket | other=2.5
anything else | other=1
go ahead | other=1
`

func buildLexicon(table string) map[string]*cue {
	lex := map[string]*cue{}
	for _, line := range strings.Split(table, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			addCue(lex, line)
		}
	}
	return lex
}

// addCue parses one lexiconTable line into lex. Malformed lines are skipped
// and reported false; TestLexiconTable keeps the table well formed.
func addCue(lex map[string]*cue, line string) bool {
	parts := strings.Split(line, "|")
	if len(parts) < 2 {
		return false
	}
	c := &cue{}
	if !parseWeights(strings.TrimSpace(parts[1]), &c.w) {
		return false
	}
	if len(parts) > 2 {
		flags := strings.TrimSpace(parts[2])
		c.fixed = flags == "!"
		if rest, ok := strings.CutPrefix(flags, "not:"); ok && !parseWeights(rest, &c.neg) {
			return false
		}
	}
	phrase := strings.TrimSpace(parts[0])
	base, inflect := strings.CutSuffix(phrase, "*")
	keys := []string{base}
	if inflect {
		keys = inflections(base)
	}
	for _, k := range keys {
		if _, dup := lex[k]; !dup || k == base {
			lex[k] = c
		}
	}
	return true
}

func parseWeights(s string, w *[nBuiltin]float64) bool {
	for _, f := range strings.Fields(s) {
		name, num, ok := strings.Cut(f, "=")
		i, known := shortNames[name]
		v, err := strconv.ParseFloat(num, 64)
		if !ok || !known || err != nil {
			return false
		}
		w[i] = v
	}
	return true
}

// inflections returns phrase and the common inflections of its last word.
func inflections(phrase string) []string {
	head, last := "", phrase
	if i := strings.LastIndexByte(phrase, ' '); i >= 0 {
		head, last = phrase[:i+1], phrase[i+1:]
	}
	stem := strings.TrimSuffix(last, "e")
	dbl := last + last[len(last)-1:]
	forms := []string{last, last + "s", last + "es", stem + "ed", stem + "ing", dbl + "ed", dbl + "ing", stem + "ation"}
	out := make([]string, len(forms))
	for i, f := range forms {
		out[i] = head + f
	}
	return out
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
