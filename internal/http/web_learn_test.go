package http_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

const downgrade = "We'd like to downgrade from Operator to Starter from next month. How do we do that?"

// The founder resolves an escalation in the dashboard; it becomes a
// precedent, and the same request sent again is handled the way they
// taught it, citing that precedent.
func TestResolvingAnEscalationTeachesTheNextDecision(t *testing.T) {
	d := newDashboard(t, dz.RoleOwner)
	first := d.decide(t, "", downgrade)
	before, err := d.store.Decision(t.Context(), 1, first)
	if err != nil || before.Decision.Decision != dz.OutcomeEscalate {
		t.Fatalf("the downgrade question = %v (%v), want an escalation", before.Decision.Decision, err)
	}
	page := d.open(t, "/app/")
	if !strings.Contains(page, first) {
		t.Fatal("the escalation is not on Needs you")
	}
	form := url.Values{"csrf": {csrfOf(t, page)}, "kind": {"resolve"}, "outcome": {"execute"}, "action": {"reply"},
		"response": {"You can switch plans under Settings → Billing; the change applies at your next renewal."},
		"note":     {"Plan changes are self-serve: point them to Settings → Billing."}, "make_precedent": {"on"}, "next": {"/app/"}}
	s, loc, _ := d.post("/app/decisions/"+first+"/feedback", form)
	if s != http.StatusSeeOther || loc != "/app/?done=learned" {
		t.Fatalf("resolve = %d → %q, want the learned note", s, loc)
	}
	fbs, _ := d.store.Feedback(t.Context(), 1, first)
	if len(fbs) != 1 || fbs[0].Kind != "resolve" || fbs[0].Precedent == "" {
		t.Fatalf("feedback = %+v, want a resolve naming its precedent", fbs)
	}
	if _, err := d.store.ContextVersion(t.Context(), 1, dz.TypePrecedent, fbs[0].Precedent, 1); err != nil {
		t.Fatalf("the precedent %s was not stored: %v", fbs[0].Precedent, err)
	}
	if page := d.open(t, "/app/"); strings.Contains(page, "/app/decisions/"+first+"#resolve") {
		t.Error("the resolved escalation is still waiting on Needs you")
	}

	second := d.decide(t, "", downgrade)
	after, _ := d.store.Decision(t.Context(), 1, second)
	if after.Decision.Decision == dz.OutcomeEscalate || after.Confidence <= before.Confidence {
		t.Fatalf("resubmitted: %s at %.3f, want a better-supported outcome than escalate at %.3f", after.Decision.Decision, after.Confidence, before.Confidence)
	}
	cited := false
	for _, p := range after.Trace.Precedents {
		cited = cited || p.ID == fbs[0].Precedent
	}
	if !cited {
		t.Errorf("the new decision does not cite the founder's precedent %s", fbs[0].Precedent)
	}
}

func TestAnsweringAGapWritesContext(t *testing.T) {
	d := newDashboard(t, dz.RoleOwner)
	id := d.decide(t, "", downgrade)
	rec, _ := d.store.Decision(t.Context(), 1, id)
	if len(rec.Gaps) == 0 {
		t.Fatal("a low-confidence decision asked no context-gap question")
	}
	page := d.open(t, "/app/")
	if !strings.Contains(page, rec.Gaps[0].Question) && !strings.Contains(page, strings.ReplaceAll(rec.Gaps[0].Question, "'", "&#39;")) {
		t.Fatalf("Needs you does not ask %q", rec.Gaps[0].Question)
	}
	before, _ := d.store.ContextRevision(t.Context(), 1)
	path := "/app/decisions/" + id + "/gaps/" + rec.Gaps[0].ID
	if s, _, _ := d.post(path, url.Values{"csrf": {csrfOf(t, page)}, "answer": {""}, "next": {"/app/"}}); s != http.StatusBadRequest {
		t.Errorf("an empty answer = %d, want 400", s)
	}
	s, loc, _ := d.post(path, url.Values{"csrf": {csrfOf(t, page)}, "answer": {"Point them to Settings → Billing."}, "next": {"/app/"}})
	if s != http.StatusSeeOther || loc != "/app/?done=gap" {
		t.Fatalf("answer = %d → %q", s, loc)
	}
	if after, _ := d.store.ContextRevision(t.Context(), 1); after <= before {
		t.Error("answering the gap wrote no context entry")
	}
}

func TestAutonomyCountsReviews(t *testing.T) {
	d := newDashboard(t, dz.RoleMember)
	draft := d.decide(t, "brightline", "Your outage on October 14 hurt us. We were charged $290 on October 1. Please refund it.")
	page := d.open(t, "/app/drafts")
	if s, _, _ := d.post("/app/decisions/"+draft+"/feedback", url.Values{"csrf": {csrfOf(t, page)}, "kind": {"approve"}, "next": {"/app/drafts"}}); s != http.StatusSeeOther {
		t.Fatalf("approve = %d", s)
	}
	page = d.open(t, "/app/autonomy")
	if !strings.Contains(page, "100% (1 of 1 reviewed)") {
		t.Errorf("the autonomy view does not count the approved draft:\n%s", page)
	}
}
