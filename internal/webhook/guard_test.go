package webhook_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/webhook"
)

func TestCheckURL(t *testing.T) {
	cases := []struct {
		name  string
		url   string
		allow bool
		want  string // error code, "" for accepted
	}{
		{"public IPv4", "https://93.184.216.34/hook", false, ""},
		{"public IPv6", "https://[2606:4700::1111]/hook", false, ""},
		{"10.x", "http://10.1.2.3/hook", false, dz.EINVALID},
		{"172.16.x", "http://172.16.0.9/hook", false, dz.EINVALID},
		{"192.168.x", "http://192.168.1.1/hook", false, dz.EINVALID},
		{"127.x", "http://127.0.0.1:8080/hook", false, dz.EINVALID},
		{"127.x elsewhere", "http://127.9.9.9/hook", false, dz.EINVALID},
		{"169.254.x (cloud metadata)", "http://169.254.169.254/latest/meta-data", false, dz.EINVALID},
		{"[::1]", "http://[::1]:9000/hook", false, dz.EINVALID},
		{"IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/hook", false, dz.EINVALID},
		{"fc00::/7", "http://[fd00::1]/hook", false, dz.EINVALID},
		{"fe80::/10", "http://[fe80::1]/hook", false, dz.EINVALID},
		{"0.0.0.0", "http://0.0.0.0/hook", false, dz.EINVALID},
		{"CGNAT", "http://100.64.0.1/hook", false, dz.EINVALID},
		{"localhost by name", "http://localhost:8080/hook", false, dz.EINVALID},
		{"loopback allowed", "http://127.0.0.1:8080/hook", true, ""},
		{"not http", "ftp://93.184.216.34/x", true, dz.EINVALID},
		{"relative", "/hook", true, dz.EINVALID},
		{"no host", "https:///hook", true, dz.EINVALID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := webhook.Guard{AllowPrivate: tc.allow}.CheckURL(t.Context(), tc.url)
			if got := dz.ErrorCode(err); got != tc.want {
				t.Fatalf("CheckURL(%s) = %v, want code %q", tc.url, err, tc.want)
			}
		})
	}
}

// TestDialRefusesPrivate posts through the guard's client to a real local
// server, by IP and by a name that resolves to loopback: the dial is
// refused unless the guard allows private targets.
func TestDialRefusesPrivate(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	byName := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	for _, u := range []string{srv.URL, byName} {
		resp, err := webhook.Guard{}.Client(5*time.Second).Post(u, "application/json", strings.NewReader("{}"))
		if err == nil {
			resp.Body.Close()
			t.Fatalf("POST %s went through the guard", u)
		}
		if !strings.Contains(err.Error(), "refusing to dial") {
			t.Fatalf("POST %s: %v, want the guard's refusal", u, err)
		}
	}
	resp, err := webhook.Guard{AllowPrivate: true}.Client(5*time.Second).Post(srv.URL, "application/json", strings.NewReader("{}"))
	if err != nil {
		t.Fatalf("allowed POST: %v", err)
	}
	resp.Body.Close()
	if hits.Load() != 1 {
		t.Fatalf("the server saw %d requests, want only the allowed one", hits.Load())
	}
}
