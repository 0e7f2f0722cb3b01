package dz_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// A record encoded from its decision's JSON is the same object as the
// record encoded whole, for every field a record has.
func TestEncodeDecisionRecordFromDecisionJSON(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 30, 0, 123000, time.UTC)
	rec := &dz.DecisionRecord{
		Decision: dz.Decision{ID: "dec_1", Status: dz.StatusComplete, Decision: dz.OutcomeDraft, Confidence: 0.7, Title: "Refund",
			Response: "Hi \"Dana\" <b>", RiskLevel: "low", Actions: []dz.Action{{Type: "refund", Params: map[string]any{"amount": 49.0}}}},
		WorkspaceID: 7, Request: dz.Request{Request: "refund please", RequestID: "r1"}, RequestHash: "sha256:ab",
		Entity: "acme", Intent: "refund_request", CreatedAt: at, UpdatedAt: at.Add(time.Second),
	}
	// Every JSON field of DecisionRecord must be set above, or a field the
	// encoder forgot would go unnoticed.
	ty := reflect.TypeFor[dz.DecisionRecord]()
	v := reflect.ValueOf(rec).Elem()
	for i := range ty.NumField() {
		f := ty.Field(i)
		if tag := f.Tag.Get("json"); tag == "-" || f.Anonymous {
			continue
		}
		if v.Field(i).IsZero() {
			t.Fatalf("set DecisionRecord.%s in this test", f.Name)
		}
	}
	whole, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	for _, decJSON := range []string{"", "  ", "not json", "{}"} {
		rec.DecisionJSON = json.RawMessage(decJSON)
		got, err := dz.EncodeDecisionRecord(rec)
		if err != nil {
			t.Fatal(err)
		}
		if decJSON != "{}" && string(got) != string(whole) {
			t.Errorf("with DecisionJSON %q: %s, want json.Marshal's %s", decJSON, got, whole)
		}
		if decJSON == "{}" && !strings.HasPrefix(string(got), `{"workspace_id":7,`) {
			t.Errorf("with an empty decision: %s", got)
		}
	}
	var err2 error
	rec.DecisionJSON, err2 = json.Marshal(&rec.Decision)
	if err2 != nil {
		t.Fatal(err2)
	}
	got, err := dz.EncodeDecisionRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	if err := json.Unmarshal(whole, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(got, &b); err != nil {
		t.Fatalf("%v: %s", err, got)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("encoded from DecisionJSON:\n%s\nwant the same object as\n%s", got, whole)
	}
	var back dz.DecisionRecord
	if err := json.Unmarshal(got, &back); err != nil || back.Request.RequestID != "r1" || back.Response != rec.Response || !back.UpdatedAt.Equal(rec.UpdatedAt) {
		t.Errorf("decoded %+v, %v", back, err)
	}
}
