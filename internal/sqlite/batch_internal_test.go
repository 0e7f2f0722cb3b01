package sqlite

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// One group written together: a decision whose audit record is refused
// after its row was written, one whose job is refused after its record
// was appended, a retried request_id, a caller that left before its turn
// and a reused request_id each get their own answer and leave nothing
// behind; the rest are stored, with consecutive leaves on a log that
// verifies.
func TestWriteGroupIsolatesEachDecision(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "dz.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ws, err := db.CreateWorkspace(t.Context(), "acme", "Acme")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	rec := func(id, requestID, body string) *dz.DecisionRecord {
		fields := []dz.AuditField{audit.NewField("decision_id", strconv.Quote(id)), audit.NewField("reply", strconv.Quote("Hi from "+id))}
		audit.SortFields(fields)
		return &dz.DecisionRecord{
			Decision:    dz.Decision{ID: id, Status: dz.StatusComplete, Decision: dz.OutcomeDraft, Response: "Hi", RiskLevel: "low", Actions: []dz.Action{}},
			WorkspaceID: ws.ID, Request: dz.Request{Request: body, RequestID: requestID}, RequestHash: "sha256:" + body, CreatedAt: now,
			Audit: &dz.AuditRecord{WorkspaceID: ws.ID, DecisionID: id, Fields: fields, CreatedAt: now},
		}
	}
	if _, _, err := db.CreateDecision(t.Context(), rec("dec_first", "req-first", "first"), nil); err != nil {
		t.Fatal(err)
	}
	left, leave := context.WithCancel(t.Context())
	leave()
	stolen := rec("dec_stolen", "", "stolen")
	stolen.Audit.DecisionID = "dec_first" // a second record for dec_first
	cases := []struct {
		rec     *dz.DecisionRecord
		jobs    []dz.Job
		ctx     context.Context
		code    string // "" when stored
		created bool
	}{
		{rec: rec("dec_a", "req-a", "a"), created: true},
		{rec: stolen, code: dz.ECONFLICT},
		{rec: rec("dec_b", "req-b", "b"), created: true},
		{rec: rec("dec_nokind", "", "nokind"), jobs: []dz.Job{{Key: "k"}}, code: dz.EINVALID},
		{rec: rec("dec_retry", "req-a", "a")},                              // the same request as dec_a, in the same group: answered with dec_a
		{rec: rec("dec_reused", "req-b", "different"), code: dz.ECONFLICT}, // req-b for another request
		{rec: rec("dec_left", "", "left"), ctx: left, code: "canceled"},
		{rec: rec("dec_c", "", "c"), created: true},
	}
	group := make([]*createCall, len(cases))
	for i, c := range cases {
		row, err := db.encodeDecision(c.rec)
		if err != nil {
			t.Fatal(err)
		}
		ctx := c.ctx
		if ctx == nil {
			ctx = t.Context()
		}
		group[i] = &createCall{ctx: ctx, row: row, jobs: c.jobs, done: make(chan createResult, 1)}
	}
	db.writeGroup(group)

	first, err := db.AuditRecord(t.Context(), ws.ID, "dec_first")
	if err != nil {
		t.Fatal(err)
	}
	leaves := []*dz.AuditRecord{first}
	for i, c := range cases {
		r := <-group[i].done
		id := c.rec.ID
		switch {
		case c.code == "canceled":
			if r.err != context.Canceled {
				t.Errorf("%s: err = %v, want the caller's cancellation", id, r.err)
			}
		case c.code != "":
			if dz.ErrorCode(r.err) != c.code {
				t.Errorf("%s: err = %v, want %s", id, r.err, c.code)
			}
		case r.err != nil || r.created != c.created:
			t.Errorf("%s: created %v, err %v; want created %v", id, r.created, r.err, c.created)
		case !c.created && (r.stored == nil || r.stored.ID != "dec_a"):
			t.Errorf("%s: a retry of dec_a's request answered with %+v, want dec_a", id, r.stored)
		}
		_, getErr := db.Decision(t.Context(), ws.ID, id)
		if stored := c.code == "" && c.created; stored != (getErr == nil) {
			t.Errorf("%s: stored = %v (read: %v), want %v", id, getErr == nil, getErr, stored)
		}
		if c.code == "" && c.created {
			a, err := db.AuditRecord(t.Context(), ws.ID, id)
			if err != nil {
				t.Fatalf("%s has no audit record: %v", id, err)
			}
			leaves = append(leaves, a)
		}
	}
	for i, a := range leaves {
		if a.Index != uint64(i) {
			t.Errorf("leaf %d is %s's record at index %d: the group's leaves are not consecutive", i, a.DecisionID, a.Index)
		}
	}
	var border, root []byte
	for i, a := range leaves {
		leaf, err := audit.LeafHash(a.Fields)
		if err != nil {
			t.Fatal(err)
		}
		if border, root, _, err = audit.Append(border, uint64(i), leaf); err != nil {
			t.Fatal(err)
		}
	}
	if head, err := db.AuditHead(t.Context(), ws.ID); err != nil || head.Size != uint64(len(leaves)) || !bytes.Equal(head.Root, root) {
		t.Errorf("log head = %+v, %v; want %d leaves with root %x", head, err, len(leaves), root)
	}
}
