package learn

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

// unknownSender decides a request no rule covers, from an address no
// entity has: it carries a precedent gap and an entity gap.
func unknownSender(t *testing.T) (*dz.Workspace, *dz.DecisionRecord) {
	t.Helper()
	ws := demo(t)
	rec := decide(t, ws, dz.Request{Request: "We'd like to downgrade from Operator to Starter from next month. How do we do that?",
		Context: dz.RequestContext{Data: "From: Sam Okoro <sam@brightpath-labs.example>"}}, demoNow)
	return ws, rec
}

func gapOf(t *testing.T, rec *dz.DecisionRecord, typ dz.ContextType) dz.Gap {
	t.Helper()
	for _, g := range rec.Gaps {
		if g.Type == typ {
			return g
		}
	}
	t.Fatalf("no %s gap in %+v", typ, rec.Gaps)
	return dz.Gap{}
}

func TestAnswerGapWritesTheEntryOfItsType(t *testing.T) {
	ws, rec := unknownSender(t)
	t.Run("precedent", func(t *testing.T) {
		g := gapOf(t, rec, dz.TypePrecedent)
		e, err := AnswerGap(rec, g.ID, "Point them to Settings → Billing; the change applies at renewal.", demoNow, nil)
		if err != nil {
			t.Fatal(err)
		}
		var p dz.Precedent
		decodeEntry(t, e, dz.TypePrecedent, &p)
		if p.Intent != "plan_change" || p.Reason != "Point them to Settings → Billing; the change applies at renewal." || p.Resolution != dz.ResolutionApproved || len(p.Actions) != 1 || p.Actions[0].Type != "reply" {
			t.Errorf("precedent %+v", p)
		}
		// The same request now cites it.
		after := decide(t, withEntry(t, ws, e), rec.Request, demoNow)
		if !cites(&after.Decision, p.ID) || after.Confidence <= rec.Confidence {
			t.Errorf("after answering: confidence %.3f (was %.3f), cites %v", after.Confidence, rec.Confidence, after.Trace.Precedents)
		}
	})
	t.Run("entity, existing", func(t *testing.T) {
		e, err := AnswerGap(rec, gapOf(t, rec, dz.TypeEntity).ID, "Cobalt Robotics", demoNow, ws)
		if err != nil {
			t.Fatal(err)
		}
		var ent dz.Entity
		decodeEntry(t, e, dz.TypeEntity, &ent)
		if ent.ID != "cobalt-robotics" || ent.Plan != "operator" || !slices.Contains(ent.Emails, "sam@brightpath-labs.example") || !slices.Contains(ent.Emails, "billing@cobaltrobotics.ai") {
			t.Errorf("entity %s on %q with %v, want the existing cobalt-robotics with the sender's address added", ent.ID, ent.Plan, ent.Emails)
		}
	})
	t.Run("entity, new", func(t *testing.T) {
		e, err := AnswerGap(rec, gapOf(t, rec, dz.TypeEntity).ID, "Cobalt Labs GmbH\nNew prospect", demoNow, ws)
		if err != nil {
			t.Fatal(err)
		}
		var ent dz.Entity
		decodeEntry(t, e, dz.TypeEntity, &ent)
		if ent.ID != "cobalt-labs-gmbh" || ent.Name != "Cobalt Labs GmbH" || ent.Kind != "customer" ||
			!slices.Equal(ent.Emails, []string{"sam@brightpath-labs.example"}) || !slices.Equal(ent.Domains, []string{"brightpath-labs.example"}) {
			t.Errorf("entity %+v", ent)
		}
	})
}

func TestAnswerGapPolicyAndSource(t *testing.T) {
	ws := demo(t)
	ws.Settings.StalenessDays = 30 // every policy is stale now
	rec := decide(t, ws, dz.Request{Request: "The SLA credit for our October outage, please. What's our uptime?", Context: dz.RequestContext{Entity: "fernway"},
		Instructions: dz.Instructions{ConfidenceThreshold: ptr(0.99)}}, demoNow)
	g := gapOf(t, rec, dz.TypePolicy)
	e, err := AnswerGap(rec, g.ID, "Still right.", demoNow, ws)
	if err != nil {
		t.Fatal(err)
	}
	var p dz.Policy
	decodeEntry(t, e, dz.TypePolicy, &p)
	if !p.Updated.Equal(demoNow) || !strings.HasSuffix(p.Description, "Reviewed 2026-11-16: Still right.") || len(p.Rules) == 0 {
		t.Errorf("policy %s updated %v, description %q, %d rules", p.ID, p.Updated, p.Description, len(p.Rules))
	}
	if _, err := AnswerGap(rec, g.ID, "Still right.", demoNow, nil); dz.ErrorCode(err) != dz.ENOTFOUND {
		t.Errorf("without the workspace: %v, want ENOTFOUND", err)
	}

	src := &dz.DecisionRecord{Decision: dz.Decision{ID: "dec_1", Gaps: []dz.Gap{{ID: "gap-1", Type: dz.TypeSource, Question: "Where can I find contract type?"}},
		Trace: &dz.Trace{}}, WorkspaceID: 7, Entity: "fernway", Intent: "refund"}
	e, err = AnswerGap(src, "gap-1", "In the CRM, field Contract.", demoNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	var s dz.Source
	decodeEntry(t, e, dz.TypeSource, &s)
	if s.Kind != "text" || s.Body != "In the CRM, field Contract." || s.Entity != "fernway" || s.Title != "Where can I find contract type?" {
		t.Errorf("source %+v", s)
	}
}

func TestAnswerGapErrors(t *testing.T) {
	_, rec := unknownSender(t)
	for _, tt := range []struct{ name, id, answer, want string }{
		{"unknown gap", "gap-9", "yes", `no gap "gap-9"`},
		{"empty answer", "gap-1", "  \n", "empty"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := AnswerGap(rec, tt.id, tt.answer, demoNow, nil)
			if dz.ErrorCode(err) != dz.EINVALID || !strings.Contains(dz.ErrorMessage(err), tt.want) {
				t.Errorf("err = %v, want EINVALID mentioning %q", err, tt.want)
			}
		})
	}
}

// decodeEntry checks an entry's type and hash and decodes its body.
func decodeEntry(t *testing.T, e dz.ContextEntry, typ dz.ContextType, v any) {
	t.Helper()
	if e.Type != typ || e.ID == "" || !strings.HasPrefix(e.Hash, "sha256:") || e.WorkspaceID != 7 {
		t.Fatalf("entry %s %s %s in %d, want a hashed %s", e.Type, e.ID, e.Hash, e.WorkspaceID, typ)
	}
	if err := json.Unmarshal(e.Body, v); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }
