package understand

import "strings"

var churnPhrases = phrases("cancel", "cancels", "cancelling", "canceling", "cancelled", "canceled",
	"cancellation", "unsubscribe", "terminate", "terminating", "termination", "close account",
	"closing account", "close workspace", "delete account", "end contract", "stop renewal",
	"auto-renew", "auto renewal", "autorenew", "switch", "switching", "competitor", "competitors",
	"alternatives", "alternative", "leaving", "or out", "are out", "moved another", "moved different",
	"stopped using", "no longer use", "reconsidering", "reconsider", "shutting down",
	"winding down", "free tier", "not using", "cancle", "another vendor", "different vendor",
	"elsewhere", "another provider", "different provider", "wind down", "no longer need")

// partObjects after a churn word make it about part of the account: "we
// cancelled the Growth add-on", "cancelled by your team".
var partObjects = set("add-on", "addon", "add-ons", "addons", "seat", "seats", "user", "users",
	"license", "licenses", "module", "plugin", "feature", "order", "card", "invoice", "payment",
	"email", "emails", "notifications", "meeting", "call", "demo", "booking", "appointment", "by")

// planChanges after "switch" make it a change of plan, not of vendor:
// "switch from monthly to annual billing".
var planChanges = set("plan", "plans", "tier", "annual", "monthly", "yearly", "billing", "invoicing")

// wholeAccount after a churn word make it about leaving.
var wholeAccount = set("account", "subscription", "workspace", "contract", "service")

// goingWords before "elsewhere" make it leaving: "take our business elsewhere".
var goingWords = []string{"go", "going", "look", "looking", "take", "taking", "move", "moving",
	"shop", "business", "renewal", "money", "contract"}

// churnVerbs take an object that says what is left.
var churnVerbs = set("cancel", "cancels", "cancelled", "canceled", "cancelling", "canceling",
	"switch", "switching", "cancle")

// churnNeg are words that signal churn when negated: "not renewing",
// "won't renew", "not to continue".
var churnNeg = set("renew", "renewing", "renewal", "continue", "renewed")

// churnClaim reports whether the customer says they will or may leave.
func churnClaim(d *document, ws []word) flag {
	f := findFlag(ws, churnPhrases, churnNeg, func(i, n int) bool {
		if ws[i].key == "elsewhere" {
			return nearKey(ws, i, 3, goingWords...)
		}
		return n > 1 || !churnVerbs[ws[i].key] || !partOfAccount(ws, i)
	})
	if !f.on {
		for i, w := range ws {
			// "any more" written as two words reads the same as "anymore".
			anymore := w.key == "anymore" || w.key == "more" && i > 0 && ws[i-1].key == "any"
			if anymore && i > 0 && nearKey(ws, i, 4, "use", "using", "need", "needed") {
				f.hit(ws, i, 1)
				break
			}
		}
	}
	return f
}

// partOfAccount reports whether the churn word at i is about a part of the
// account rather than the account itself.
func partOfAccount(ws []word, i int) bool {
	switching := strings.HasPrefix(ws[i].key, "switch")
	for j := i + 1; j < len(ws) && j <= i+3 && ws[j].clause == ws[i].clause; j++ {
		switch k := ws[j].key; {
		case wholeAccount[k]:
			return false
		case partObjects[k], switching && planChanges[k]:
			return true
		}
	}
	return false
}

func nearKey(ws []word, i, n int, keys ...string) bool {
	for j := max(0, i-n); j < i; j++ {
		for _, k := range keys {
			if ws[j].key == k {
				return true
			}
		}
	}
	return false
}
