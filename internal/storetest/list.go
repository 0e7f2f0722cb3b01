package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// testDecisionList covers each filter and cursor pagination, newest first
// with a stable order among decisions created at the same instant.
func testDecisionList(t *testing.T, open opener) {
	s := open(t)
	ws := workspace(t, s, "acme")
	// dec_00…dec_11: two per minute, so pairs share created_at.
	for i := range 12 {
		rec := decision(ws.ID, fmt.Sprintf("dec_%02d", i), "")
		rec.CreatedAt = base.Add(time.Duration(i/2) * time.Minute)
		rec.Decision.Decision = dz.Outcomes[i%len(dz.Outcomes)]
		if i%3 == 0 {
			rec.Entity, rec.Status = "globex", dz.StatusPending
		}
		_, _, err := s.CreateDecision(ctx(t), rec, nil)
		must(t, err)
	}
	cases := []struct {
		name string
		f    dz.DecisionFilter
		want []string // ids, newest first
	}{
		{"all", dz.DecisionFilter{}, ids(11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)},
		{"outcome", dz.DecisionFilter{Outcome: dz.OutcomeDraft}, ids(9, 5, 1)},
		{"status", dz.DecisionFilter{Status: dz.StatusPending}, ids(9, 6, 3, 0)},
		{"entity", dz.DecisionFilter{Entity: "globex"}, ids(9, 6, 3, 0)},
		{"since is inclusive", dz.DecisionFilter{Since: base.Add(4 * time.Minute)}, ids(11, 10, 9, 8)},
		{"combined", dz.DecisionFilter{Entity: "acme", Outcome: dz.OutcomeExecute, Since: base.Add(time.Minute)}, ids(8, 4)},
		{"no match", dz.DecisionFilter{Entity: "nobody"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.f.WorkspaceID = ws.ID
			for _, limit := range []int{0, 1, 2, 5} {
				f := tc.f
				f.Limit = limit
				sameJSON(t, fmt.Sprintf("pages of %d", limit), pages(t, s, f), tc.want)
			}
		})
	}
	t.Run("bad cursor", func(t *testing.T) {
		_, _, err := s.Decisions(ctx(t), dz.DecisionFilter{WorkspaceID: ws.ID, Cursor: "%%not-a-cursor"})
		wantCode(t, err, dz.EINVALID)
	})
	t.Run("limit is capped", func(t *testing.T) { testListLimits(t, s, ws.ID) })
}

// pages walks every page of a listing and returns the ids in order.
func pages(t *testing.T, s dz.Store, f dz.DecisionFilter) []string {
	t.Helper()
	var got []string
	for range 100 {
		recs, next, err := s.Decisions(ctx(t), f)
		must(t, err)
		if f.Limit > 0 && len(recs) > f.Limit {
			t.Fatalf("page of %d with limit %d", len(recs), f.Limit)
		}
		for _, r := range recs {
			got = append(got, r.ID)
		}
		if next == "" {
			return got
		}
		if len(recs) == 0 {
			t.Fatal("an empty page with a next cursor")
		}
		f.Cursor = next
	}
	t.Fatal("pagination does not end")
	return nil
}

// ids names decisions dec_NN.
func ids(n ...int) []string {
	out := make([]string, len(n))
	for i, x := range n {
		out[i] = fmt.Sprintf("dec_%02d", x)
	}
	return out
}

// testListLimits checks the default page of 50 and the cap of 200.
func testListLimits(t *testing.T, s dz.Store, wsID int64) {
	for i := range 240 {
		rec := decision(wsID, fmt.Sprintf("bulk_%03d", i), "")
		rec.CreatedAt = base.Add(time.Hour)
		_, _, err := s.CreateDecision(ctx(t), rec, nil)
		must(t, err)
	}
	cases := []struct {
		name  string
		limit int
		want  int
	}{
		{"default", 0, 50},
		{"negative is the default", -5, 50},
		{"asked", 120, 120},
		{"capped", 1000, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			recs, next, err := s.Decisions(ctx(t), dz.DecisionFilter{WorkspaceID: wsID, Limit: tc.limit})
			must(t, err)
			if len(recs) != tc.want || next == "" {
				t.Fatalf("limit %d: %d decisions, next %q; want %d and a cursor", tc.limit, len(recs), next, tc.want)
			}
		})
	}
}
