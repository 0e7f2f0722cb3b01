package http_test

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/sqlite"
	"github.com/delegatezero/dz/internal/storetest"
)

// /readyz's answers in every audit state go through the OpenAPI validator
// of http.DefaultClient (f.call): "ok" after a check passed, and the 503
// audit_broken problem once a stored record was altered. TestAuditCheckAndReadyz
// asserts the same answers field by field; this holds the document to them.
func TestOpenAPIReadyzAnswers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dz.db")
	store, err := sqlite.Open(path, func() time.Time { return testNow })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	f := &fixture{store: store, key: seed(t, store, "acme")}
	srv := dzhttp.New(dzhttp.Config{Store: store, Now: func() time.Time { return testNow }, BaseURL: "http://dz.test"})
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	f.url = hs.URL

	status, dec := f.call(t, "POST", "/api/v1/decisions", f.key, founding)
	if status != http.StatusCreated {
		t.Fatalf("POST = %d %v", status, dec)
	}
	id, _ := dec["id"].(string)
	if err := srv.CheckAuditLogs(t.Context()); err != nil {
		t.Fatal(err)
	}
	status, body := f.call(t, "GET", "/readyz", "", "")
	if audit, _ := body["audit"].(map[string]any); status != http.StatusOK || audit["state"] != "ok" {
		t.Fatalf("/readyz after a passing check = %d %v, want 200 with audit state ok", status, body)
	}

	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var fields string
	if err := db.QueryRow(`SELECT fields FROM audit_records WHERE decision_id = ?`, id).Scan(&fields); err != nil {
		t.Fatal(err)
	}
	j := storetest.LetterIn(fields, "reply")
	if j < 0 {
		t.Fatalf("no reply value in %s", fields)
	}
	if _, err := db.Exec(`UPDATE audit_records SET fields = ? WHERE decision_id = ?`, fields[:j]+flipLetter(fields[j])+fields[j+1:], id); err != nil {
		t.Fatal(err)
	}
	if err := srv.CheckAuditLogs(t.Context()); err != nil {
		t.Fatal(err)
	}
	status, body = f.call(t, "GET", "/readyz", "", "")
	if status != http.StatusServiceUnavailable || body["code"] != dzhttp.EAUDITBROKEN {
		t.Fatalf("/readyz after tampering = %d %v, want 503 audit_broken", status, body)
	}
	if detail, _ := body["detail"].(string); !strings.Contains(detail, id) {
		t.Errorf("detail %q does not name decision %s", detail, id)
	}
}
