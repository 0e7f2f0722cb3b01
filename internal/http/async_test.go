package http_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	dzhttp "github.com/delegatezero/dz/internal/http"
)

func TestAsyncDecision(t *testing.T) {
	f := newFixture(t)
	body := strings.Replace(founding, `{"request"`, `{"mode": "async", "request"`, 1)
	status, pending := f.call(t, "POST", "/api/v1/decisions", f.key, body)
	if status != http.StatusAccepted || pending["status"] != "pending" || pending["id"] == "" {
		t.Fatalf("async POST = %d %v, want 202 pending with an id", status, pending)
	}
	id := pending["id"].(string)
	if _, got := f.call(t, "GET", "/api/v1/decisions/"+id, f.key, ""); got["status"] != "pending" {
		t.Fatalf("before the worker ran: %v", got["status"])
	}
	srv := dzhttp.New(dzhttp.Config{Store: f.store, Now: func() time.Time { return testNow }})
	if n, err := srv.ProcessAsync(t.Context()); err != nil || n != 1 {
		t.Fatalf("ProcessAsync = %d, %v; want 1 decided", n, err)
	}
	_, got := f.call(t, "GET", "/api/v1/decisions/"+id, f.key, "")
	if got["status"] != "complete" || got["decision"] != "draft" || got["id"] != id || got["trace"] == nil {
		t.Fatalf("after the worker: %v", got)
	}
	if n, _ := srv.ProcessAsync(t.Context()); n != 0 {
		t.Errorf("a second pass decided %d more, want 0", n)
	}
}

func TestFeedback(t *testing.T) {
	f := newFixture(t)
	_, dec := f.call(t, "POST", "/api/v1/decisions", f.key, founding)
	path := "/api/v1/decisions/" + dec["id"].(string) + "/feedback"
	if s, fb := f.call(t, "POST", path, f.key, `{"kind": "edit", "response": "Hi Dana, refunded in full.", "note": "full refund: 14 months"}`); s != 201 || fb["kind"] != "edit" {
		t.Fatalf("feedback = %d %v", s, fb)
	}
	for _, bad := range []struct {
		key, path, body string
		status          int
	}{
		{f.key, path, `{"kind": "love"}`, 400},
		{f.key, path, `{"kind": "edit"}`, 400},
		{f.key, path, `{"kind": "override"}`, 400},
		{f.key, "/api/v1/decisions/dec_nope/feedback", `{"kind": "approve"}`, 404},
		{f.other, path, `{"kind": "approve"}`, 404},
	} {
		if s, p := f.call(t, "POST", bad.path, bad.key, bad.body); s != bad.status {
			t.Errorf("POST %s %s = %d %v, want %d", bad.path, bad.body, s, p, bad.status)
		}
	}
	_, list := f.call(t, "GET", path, f.key, "")
	if data := list["data"].([]any); len(data) != 1 {
		t.Errorf("feedback list = %v, want the one edit", list)
	}
	if s, _ := f.call(t, "GET", path, f.other, ""); s != 404 {
		t.Errorf("another workspace read the feedback: %d", s)
	}
}
