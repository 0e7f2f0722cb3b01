// Package expect checks a decision against a workspace test case's
// expectation and explains every mismatch in words a founder can act on.
package expect

import (
	"fmt"
	"strings"

	"github.com/delegatezero/dz"
)

// Request builds the decision request a test case describes.
func Request(tc *dz.TestCase) *dz.Request {
	return &dz.Request{
		Request:      tc.Request,
		Context:      dz.RequestContext{Entity: tc.Entity, Type: tc.Type, Source: tc.Source, Data: tc.Data, Facts: tc.Facts},
		Instructions: tc.Instructions,
		Profile:      tc.Profile,
	}
}

// Check returns one line per way the decision misses the expectation; none
// means the case passes.
func Check(e dz.Expectation, d *dz.Decision) []string {
	var fails []string
	fail := func(format string, args ...any) { fails = append(fails, fmt.Sprintf(format, args...)) }
	if e.Outcome != "" && d.Decision != e.Outcome {
		fail("outcome is %s, want %s (%s)", d.Decision, e.Outcome, d.Reason)
	}
	if e.Intent != "" && (d.Trace == nil || len(d.Trace.Intents) == 0 || d.Trace.Intents[0].Name != e.Intent) {
		got := ""
		if d.Trace != nil && len(d.Trace.Intents) > 0 {
			got = d.Trace.Intents[0].Name
		}
		fail("intent is %s, want %s", got, e.Intent)
	}
	if e.RiskLevel != "" && d.RiskLevel != e.RiskLevel {
		fail("risk level is %s, want %s", d.RiskLevel, e.RiskLevel)
	}
	for _, want := range e.Actions {
		if msg := matchAction(want, d.Actions); msg != "" {
			fail("%s", msg)
		}
	}
	for _, typ := range e.NoActions {
		if findAction(d.Actions, typ) != nil {
			fail("has a %s action, want none", typ)
		}
	}
	if e.Precedent != "" && !cites(d, e.Precedent) {
		fail("does not cite precedent %s", e.Precedent)
	}
	low := strings.ToLower(d.Response)
	for _, s := range e.ResponseContains {
		if !strings.Contains(low, strings.ToLower(s)) {
			fail("reply does not contain %q", s)
		}
	}
	for _, s := range e.ResponseExcludes {
		if strings.Contains(low, strings.ToLower(s)) {
			fail("reply contains %q", s)
		}
	}
	if e.Questions > 0 && len(d.Questions) < e.Questions {
		fail("asks %d question(s), want at least %d", len(d.Questions), e.Questions)
	}
	return fails
}

func matchAction(want dz.ExpectedAction, got []dz.Action) string {
	a := findAction(got, want.Type)
	if a == nil {
		return fmt.Sprintf("no %s action (actions: %s)", want.Type, actionTypes(got))
	}
	for k, v := range want.Params {
		if !equal(a.Params[k], v) {
			return fmt.Sprintf("%s.%s is %v, want %v", want.Type, k, a.Params[k], v)
		}
	}
	for k, r := range want.Ranges {
		f, ok := number(a.Params[k])
		if !ok || f < r[0] || f > r[1] {
			return fmt.Sprintf("%s.%s is %v, want between %v and %v", want.Type, k, a.Params[k], r[0], r[1])
		}
	}
	return ""
}

func findAction(as []dz.Action, typ string) *dz.Action {
	for i := range as {
		if as[i].Type == typ {
			return &as[i]
		}
	}
	return nil
}

func actionTypes(as []dz.Action) string {
	var ts []string
	for _, a := range as {
		ts = append(ts, a.Type)
	}
	if len(ts) == 0 {
		return "none"
	}
	return strings.Join(ts, ", ")
}

func cites(d *dz.Decision, id string) bool {
	if d.Trace == nil {
		return false
	}
	for _, c := range d.Trace.Precedents {
		if c.ID == id {
			return true
		}
	}
	return false
}

func equal(got, want any) bool {
	g, gok := number(got)
	w, wok := number(want)
	if gok && wok {
		return g == w
	}
	return fmt.Sprint(got) == fmt.Sprint(want)
}

func number(v any) (float64, bool) { return dz.Number(v) }
