package http_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
)

// BenchmarkPages measures each dashboard page's server time and size with
// DZ_BENCH_DECISIONS decisions stored (default 10,000): real decisions of
// the demo workspace, copied under new ids across outcomes, a tenth of
// them reviewed. It reports the median as p50-ms and the page's bytes.
func BenchmarkPages(b *testing.B) {
	n := 10_000
	if v := os.Getenv("DZ_BENCH_DECISIONS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			b.Fatalf("DZ_BENCH_DECISIONS=%q is not a positive number", v)
		}
	}
	store, err := sqlite.Open(filepath.Join(b.TempDir(), "dz.db"), func() time.Time { return testNow })
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	key := seedTB(b, store, "acme")
	srv := dzhttp.New(dzhttp.Config{Store: store, Now: func() time.Time { return testNow }, BaseURL: "http://dz.test"})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	start := time.Now()
	ids := fillDecisions(b, store, srv, key, ts.URL, n)
	b.Logf("stored %d decisions in %s", n, time.Since(start).Round(time.Millisecond))

	hash, _ := dzhttp.HashPassword("correct horse battery")
	if err := store.CreateUser(b.Context(), &dz.User{WorkspaceID: 1, Email: "dana@example.com", Role: dz.RoleOwner}, hash); err != nil {
		b.Fatal(err)
	}
	br := newBrowser(b, ts.URL)
	if s, _, _ := br.post("/login", url.Values{"email": {"dana@example.com"}, "password": {"correct horse battery"}}); s != http.StatusSeeOther {
		b.Fatalf("sign-in = %d", s)
	}
	for _, page := range []string{"/app/", "/app/drafts", "/app/decisions", "/app/decisions?outcome=escalate&q=refund", "/app/decisions?q=unmatched+words",
		"/app/autonomy", "/app/decisions/" + ids[len(ids)/2], "/app/context", "/app/context?q=refund", "/app/context/policy/refunds",
		"/app/context/policy/refunds/history", "/app/settings", "/app/try"} {
		b.Run(strings.NewReplacer("/", "_", "?", "_").Replace(strings.Trim(page, "/")), func(b *testing.B) {
			var took []time.Duration
			size := 0
			for b.Loop() {
				t0 := time.Now()
				resp, err := br.c.Get(ts.URL + page)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				took = append(took, time.Since(t0))
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("GET %s = %d", page, resp.StatusCode)
				}
				size = len(body)
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(size), "bytes")
		})
	}
}

// fillDecisions stores n decisions: a few real ones decided over the API,
// then copies of them under new ids and times; every tenth is reviewed.
func fillDecisions(b *testing.B, store dz.Store, srv *dzhttp.Server, key, base string, n int) []string {
	var models []*dz.DecisionRecord
	for i, req := range []string{
		"I want the $290 from October 17 refunded by Friday. If it isn't, our lawyers will be in touch.",
		"Your outage on October 14 hurt us. We were charged $290 on October 1. Please refund it.",
		"Please refund my $49 from November 3, we have moved the studio bookings elsewhere.",
		"We'd like to downgrade from Operator to Starter from next month. How do we do that?",
	} {
		rec, _, err := srv.Submit(b.Context(), 1, dz.Request{Request: req, Context: dz.RequestContext{Entity: []string{"mosaic-hr", "brightline", "juniper-yoga", ""}[i]}}, time.Time{})
		if err != nil {
			b.Fatal(err)
		}
		models = append(models, rec)
	}
	ids := make([]string, 0, n)
	for i := range n {
		rec := *models[i%len(models)]
		rec.ID = fmt.Sprintf("dec_bench%06d", i)
		rec.CreatedAt = testNow.Add(-time.Duration(i) * time.Minute)
		rec.Request.RequestID, rec.PublicToken, rec.Audit = "", "", nil
		if _, _, err := store.CreateDecision(b.Context(), &rec, nil); err != nil {
			b.Fatal(err)
		}
		if i%10 == 0 {
			if err := store.AddFeedback(b.Context(), &dz.Feedback{WorkspaceID: 1, DecisionID: rec.ID, Kind: "approve"}, nil); err != nil {
				b.Fatal(err)
			}
		}
		ids = append(ids, rec.ID)
	}
	return ids
}
