package compose

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/delegatezero/dz"
)

// validCurrency returns an upper-case ISO 4217-shaped code, or "" when c is
// not three letters.
func validCurrency(c string) string {
	c = strings.ToUpper(strings.TrimSpace(c))
	if len(c) != 3 {
		return ""
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return ""
		}
	}
	return c
}

// fillMoney sets the money fields from the first refund and the first
// credit action. An action's own "currency" parameter wins over the entity's
// and the workspace's.
func fillMoney(d *Data, actions []dz.Action, currency string) {
	cur := firstNonEmpty(validCurrency(currency), "USD")
	for _, act := range actions {
		if c, ok := act.Params["currency"].(string); ok && validCurrency(c) != "" {
			cur = validCurrency(c)
			break
		}
	}
	d.Currency = cur
	d.Params = formatParams(actions, cur)
	if act, ok := firstAction(actions, "refund"); ok {
		d.HasRefund = true
		d.Refund, d.RefundPercent = amountAndPercent(act, cur)
	}
	if act, ok := firstAction(actions, "credit"); ok {
		d.HasCredit = true
		d.Credit, d.CreditPercent = amountAndPercent(act, cur)
	}
}

func firstAction(actions []dz.Action, typ string) (dz.Action, bool) {
	for _, a := range actions {
		if strings.EqualFold(a.Type, typ) {
			return a, true
		}
	}
	return dz.Action{}, false
}

// amountAndPercent formats an action's "amount" and "percent" parameters;
// a missing or non-numeric one gives "".
func amountAndPercent(act dz.Action, currency string) (amount, percent string) {
	if v, ok := number(act.Params["amount"]); ok {
		amount = formatMoney(v, currency)
	}
	if v, ok := number(act.Params["percent"]); ok {
		percent = formatPercent(v)
	}
	return amount, percent
}

// describe puts actions into a short line for summaries: "refund $145.00;
// credit 10%".
func describe(actions []dz.Action, currency string) string {
	var parts []string
	for _, act := range actions {
		amount, percent := amountAndPercent(act, currency)
		s := strings.TrimSpace(fmt.Sprintf("%s %s %s", act.Type, amount, percent))
		parts = append(parts, strings.Join(strings.Fields(s), " "))
	}
	return strings.Join(parts, "; ")
}

// formatParams formats every action's parameters for .Params: numbers as
// money or percentages, text as it is, other values left out.
func formatParams(actions []dz.Action, currency string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, act := range actions {
		if _, seen := out[act.Type]; seen {
			continue // the first action of a type, as Refund and Credit
		}
		ps := map[string]string{}
		for k, v := range act.Params {
			switch x := v.(type) {
			case string:
				ps[k] = x
			case bool:
				ps[k] = strconv.FormatBool(x)
			default:
				if f, ok := number(v); ok && isPercentParam(k) {
					ps[k] = formatPercent(f)
				} else if ok {
					ps[k] = formatMoney(f, currency)
				}
			}
		}
		out[act.Type] = ps
	}
	return out
}
