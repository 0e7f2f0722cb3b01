package storetest

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// testText sends NUL bytes and invalid UTF-8, which PostgreSQL cannot keep
// in text: writes are EINVALID, reads find nothing, and free text inside a
// decision's JSON round-trips.
func testText(t *testing.T, open opener) {
	s := open(t)
	ws := workspace(t, s, "acme")
	_, _, err := s.CreateDecision(ctx(t), decision(ws.ID, "dec_1", ""), nil)
	must(t, err)
	nul, bad := "a\x00b", "a\xffb"
	withEntity := decision(ws.ID, "dec_2", "")
	withEntity.Entity = nul
	withRequestID := decision(ws.ID, "dec_3", bad)
	probes := []struct {
		name string
		do   func() error
		code string
	}{
		{"workspace name", func() error { _, err := s.CreateWorkspace(ctx(t), "other", nul); return err }, dz.EINVALID},
		{"workspace by slug", func() error { _, err := s.WorkspaceBySlug(ctx(t), nul); return err }, dz.ENOTFOUND},
		{"key name", func() error { return s.CreateKey(ctx(t), &dz.APIKey{ID: "k", WorkspaceID: ws.ID, Name: bad}, "h") }, dz.EINVALID},
		{"key profile", func() error {
			return s.CreateKey(ctx(t), &dz.APIKey{ID: "k", WorkspaceID: ws.ID, Profiles: []string{nul}}, "h")
		}, dz.EINVALID},
		{"key by hash", func() error { _, err := s.KeyByHash(ctx(t), nul); return err }, dz.ENOTFOUND},
		{"revoke key", func() error { return s.RevokeKey(ctx(t), ws.ID, bad) }, dz.ENOTFOUND},
		{"context id", func() error {
			_, err := s.PutContext(ctx(t), ws.ID, []dz.ContextEntry{entry(dz.TypeEntity, nul, 1)})
			return err
		}, dz.EINVALID},
		{"context version id", func() error { _, err := s.ContextVersion(ctx(t), ws.ID, dz.TypeEntity, nul, 1); return err }, dz.ENOTFOUND},
		{"context version huge", func() error {
			_, err := s.ContextVersion(ctx(t), ws.ID, dz.TypeEntity, "x", math.MaxInt32+1)
			return err
		}, dz.ENOTFOUND},
		{"decision entity", func() error { _, _, err := s.CreateDecision(ctx(t), withEntity, nil); return err }, dz.EINVALID},
		{"decision request_id", func() error { _, _, err := s.CreateDecision(ctx(t), withRequestID, nil); return err }, dz.EINVALID},
		{"decision job key", func() error {
			_, _, err := s.CreateDecision(ctx(t), decision(ws.ID, "dec_4", ""), []dz.Job{job(bad)})
			return err
		}, dz.EINVALID},
		{"decision by id", func() error { _, err := s.Decision(ctx(t), ws.ID, nul); return err }, dz.ENOTFOUND},
		{"list by entity", func() error {
			recs, _, err := s.Decisions(ctx(t), dz.DecisionFilter{WorkspaceID: ws.ID, Entity: nul})
			return wantEmpty(recs, err)
		}, ""},
		{"feedback note", func() error {
			return s.AddFeedback(ctx(t), &dz.Feedback{WorkspaceID: ws.ID, DecisionID: "dec_1", Kind: "approve", Note: bad}, nil)
		}, dz.EINVALID},
		{"feedback decision", func() error {
			return s.AddFeedback(ctx(t), &dz.Feedback{WorkspaceID: ws.ID, DecisionID: nul, Kind: "approve"}, nil)
		}, dz.ENOTFOUND},
		{"feedback list", func() error { _, err := s.Feedback(ctx(t), ws.ID, nul); return err }, dz.ENOTFOUND},
		{"claim kind", func() error { return wantEmpty(s.ClaimJobs(ctx(t), nul, 5, time.Hour)) }, ""},
	}
	for _, p := range probes {
		t.Run(p.name, func(t *testing.T) { wantCode(t, p.do(), p.code) })
	}
	t.Run("free text in a decision", func(t *testing.T) { testFreeText(t, s, ws.ID) })
}

// testFreeText stores a decision whose message and reply carry NUL and
// invalid UTF-8, and a job failure message with both.
func testFreeText(t *testing.T, s dz.Store, wsID int64) {
	rec := decision(wsID, "dec_text", "")
	rec.Request.Request, rec.Response = "refund\x00 now", "é\u0000 ok"
	_, _, err := s.CreateDecision(ctx(t), rec, []dz.Job{job("text")})
	must(t, err)
	got, err := s.Decision(ctx(t), wsID, "dec_text")
	must(t, err)
	if got.Request.Request != rec.Request.Request || got.Response != rec.Response {
		t.Fatalf("text changed: %q %q", got.Request.Request, got.Response)
	}
	j := claimOne(t, s)
	must(t, s.FinishJob(ctx(t), j.ID, errors.New("bad\x00 \xff reply"), time.Now().Add(-time.Second)))
	again := claimOne(t, s)
	if want := "bad\uFFFD \uFFFD reply"; again.LastError != want {
		t.Fatalf("last error = %q, want %q", again.LastError, want)
	}
}
