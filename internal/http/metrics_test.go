package http_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	dzhttp "github.com/delegatezero/dz/internal/http"
)

// scrape returns the server's /metrics text, fetched without a key.
func scrape(t *testing.T, f *fixture) string {
	t.Helper()
	resp, err := http.Get(f.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("GET /metrics = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return string(body)
}

func TestMetrics(t *testing.T) {
	f := newFixture(t)
	f.call(t, "POST", "/api/v1/decisions", f.key, founding)
	f.call(t, "POST", "/api/v1/decisions", f.key, strings.Replace(founding, "$290", "$250", 1))
	f.call(t, "POST", "/api/v1/decisions", "", founding)
	f.call(t, "GET", "/api/v1/decisions/nope", f.key, "")
	f.call(t, "GET", "/no/such/route", "", "")
	text := scrape(t, f)
	for _, tt := range []struct{ name, line string }{
		{"decision latency by outcome", `dz_decision_duration_seconds_count{mode="sync",outcome="draft"} 2`},
		{"requests by route and status", `dz_http_requests_total{route="POST /api/v1/decisions",status="201"} 2`},
		{"a 401 on its route", `dz_http_requests_total{route="POST /api/v1/decisions",status="401"} 1`},
		{"a 404 by pattern, not by id", `dz_http_requests_total{route="GET /api/v1/decisions/{id}",status="404"} 1`},
		{"unknown paths share one label", `dz_http_requests_total{route="other",status="404"} 1`},
		{"errors by code", `dz_errors_total{code="not_found"} 2`},
		{"unauthorized counted", `dz_errors_total{code="unauthorized"} 1`},
		{"latency by route", `dz_http_request_duration_seconds_count{route="POST /api/v1/decisions"} 3`},
		{"queue depth", `dz_job_queue_depth{kind="decide"} 0`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(text, tt.line+"\n") {
				t.Errorf("/metrics has no line %q", tt.line)
			}
		})
	}
}

func TestMetricsCountRateLimitedByRoute(t *testing.T) {
	f := newFixtureWith(t, func(c *dzhttp.Config) { c.RateLimit = dzhttp.RateLimit{PerSecond: 0.001, Burst: 1} })
	f.call(t, "GET", "/api/v1/decisions", f.key, "")
	f.call(t, "GET", "/api/v1/decisions", f.key, "")
	text := scrape(t, f)
	for _, line := range []string{
		`dz_http_requests_total{route="GET /api/v1/decisions",status="429"} 1`,
		`dz_errors_total{code="rate_limited"} 1`,
	} {
		if !strings.Contains(text, line+"\n") {
			t.Errorf("/metrics has no line %q", line)
		}
	}
}

// syncBuffer is a log destination safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) lines() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return strings.Split(strings.TrimSpace(b.buf.String()), "\n")
}

// TestDecisionLogLines: a log line about a decision names it by
// decision_id, and every key is stable snake_case.
func TestDecisionLogLines(t *testing.T) {
	logs := &syncBuffer{}
	f := newFixtureWith(t, func(c *dzhttp.Config) { c.Logger = slog.New(slog.NewJSONHandler(logs, nil)) })
	_, dec := f.call(t, "POST", "/api/v1/decisions", f.key, founding)
	f.call(t, "POST", "/api/v1/decisions/"+dec["id"].(string)+"/feedback", f.key, `{"kind": "approve"}`)
	snake := regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	found := 0
	for _, line := range logs.lines() {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		for k := range rec {
			if !snake.MatchString(k) {
				t.Errorf("log key %q is not snake_case: %s", k, line)
			}
		}
		if strings.Contains(rec["msg"].(string), "decision") || strings.Contains(rec["msg"].(string), "feedback") {
			found++
			if rec["decision_id"] != dec["id"] {
				t.Errorf("log line about a decision has decision_id %v, want %v: %s", rec["decision_id"], dec["id"], line)
			}
		}
	}
	if found < 2 {
		t.Errorf("found %d log lines about the decision, want its decision and its feedback: %v", found, logs.lines())
	}
}
