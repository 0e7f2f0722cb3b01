package http_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
)

// The same request, without a request_id, twice in one microsecond is two
// decisions: a decision's id derives from the request and the time, and
// the second must not be refused as a duplicate of the first.
func TestSameRequestSameMicrosecondIsTwoDecisions(t *testing.T) {
	store, err := sqlite.Open(filepath.Join(t.TempDir(), "dz.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	seed(t, store, "acme")
	srv := dzhttp.New(dzhttp.Config{Store: store, Now: func() time.Time { return testNow }})
	req := dz.Request{Request: "Please refund my $49 from November 3.", Context: dz.RequestContext{Entity: "juniper-yoga"}}
	first, created1, err1 := srv.Submit(t.Context(), 1, req, testNow)
	second, created2, err2 := srv.Submit(t.Context(), 1, req, testNow)
	if err1 != nil || err2 != nil || !created1 || !created2 {
		t.Fatalf("two submissions: %v %v, created %v %v; want two decisions", err1, err2, created1, created2)
	}
	if first.ID == second.ID || !second.CreatedAt.Equal(first.CreatedAt.Add(time.Microsecond)) {
		t.Errorf("decisions %s at %v and %s at %v: want two ids, a microsecond apart", first.ID, first.CreatedAt, second.ID, second.CreatedAt)
	}
}
