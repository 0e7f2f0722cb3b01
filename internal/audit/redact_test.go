package audit_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
	"github.com/delegatezero/dz/internal/engine"
	"github.com/delegatezero/dz/internal/workspace"
)

// demoInput is the demo's founding case, decided: Brightline, on the
// Operator plan at $290 a month, wants a refund past the window after an
// outage, which also owes it an SLA credit of half a month.
func demoInput(tb testing.TB) audit.Input {
	tb.Helper()
	ws, err := workspace.LoadDir("../../examples/acme-saas")
	if err != nil {
		tb.Fatal(err)
	}
	eng, err := engine.New(ws)
	if err != nil {
		tb.Fatal(err)
	}
	req := &dz.Request{Request: "I'm furious. Your outage on October 14 kept our status page green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund.",
		Context: dz.RequestContext{Entity: "brightline"}}
	now := time.Date(2026, 11, 16, 12, 0, 0, 0, time.UTC)
	dec, err := eng.Decide(tb.Context(), req, now)
	if err != nil {
		tb.Fatal(err)
	}
	return audit.Input{Decision: &dz.DecisionRecord{Decision: *dec, WorkspaceID: 1, Request: *req, CreatedAt: now}, Workspace: ws, Versions: map[string]int{}}
}

// demoRecord is the audit record of demoInput's decision.
func demoRecord(t *testing.T) *dz.AuditRecord {
	t.Helper()
	a, err := audit.Build(demoInput(t))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// A public page withholds what is computed from a withheld fact, not only
// the fact: no shown derived fact or limit names the MRR, and the ones
// that did are withheld. What the founder shows explicitly stays shown,
// and so does what never read a withheld fact.
func TestRedactWithholdsWhatReadsWithheldFacts(t *testing.T) {
	rec := demoRecord(t)
	red := audit.Redact(rec, dz.AuditSettings{})
	mentionsMRR := regexp.MustCompile(`\bmrr\b`)
	for _, f := range red.Fields {
		computed := strings.HasPrefix(f.Name, "fact/derived/") || strings.Contains(f.Value, `"effect":"limit"`)
		if computed && mentionsMRR.MatchString(f.Value) {
			t.Errorf("%s is shown and reads the withheld MRR: %s", f.Name, f.Value)
		}
	}
	for name, want := range map[string]bool{
		"fact/derived/sla_credit_amount":        true,  // "mrr 290 × 50% = 145"
		"fact/derived/mrr_band":                 true,  // "mrr 290 < 1000 → operator"
		"rule/refunds/at-most-two-months":       true,  // a limit of two months of MRR
		"rule/refunds/never-more-than-charged":  true,  // a limit of the last charge, an entity field
		"fact/derived/days_since_charge":        false, // computed from the request's own date
		"fact/derived/sla_credit_percent":       false,
		"rule/refunds/never-more-than-asked":    false, // the customer's own amount
		"rule/refunds/past-window-after-outage": false, // not a limit: shows only whether it held
		"reply":                                 false,
	} {
		f, ok := red.Field(name)
		if !ok {
			t.Fatalf("the demo record has no field %s", name)
		}
		if f.Redacted() != want {
			t.Errorf("%s withheld = %v, want %v", name, f.Redacted(), want)
		}
	}
	shown := audit.Redact(rec, dz.AuditSettings{Show: []string{"fact/entity/mrr", "fact/entity/last_charge_amount", "fact/entity/renewal"}})
	for _, name := range []string{"fact/entity/mrr", "fact/derived/sla_credit_amount", "rule/refunds/at-most-two-months"} {
		if f, _ := shown.Field(name); f.Redacted() {
			t.Errorf("with the MRR shown, %s is still withheld", name)
		}
	}
	derivedShown := audit.Redact(rec, dz.AuditSettings{Show: []string{"fact/derived/sla_credit_amount"}})
	if f, _ := derivedShown.Field("fact/derived/sla_credit_amount"); f.Redacted() {
		t.Error("a field the settings show explicitly was withheld")
	}
}
