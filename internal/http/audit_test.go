package http_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz/internal/audit"
	dzhttp "github.com/delegatezero/dz/internal/http"
)

// getBundle fetches a decision's proof bundle with the founder's key.
func (f *fixture) getBundle(t *testing.T, key, id string) (int, *audit.Bundle) {
	t.Helper()
	req, _ := http.NewRequest("GET", f.url+"/api/v1/decisions/"+id+"/proof", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, nil
	}
	var b audit.Bundle
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatalf("proof: %v: %s", err, raw)
	}
	return resp.StatusCode, &b
}

func TestDecisionsAreProvablyInTheLog(t *testing.T) {
	f := newFixture(t)
	_, pk := f.call(t, "GET", "/api/v1/audit/public-key", "", "")
	key, _ := pk["key"].(string)
	if !strings.HasPrefix(key, audit.KeyName+"+") {
		t.Fatalf("public key = %v", pk)
	}
	var ids []string
	var sizes []float64
	var roots []string
	for i := range 5 {
		_, dec := f.call(t, "POST", "/api/v1/decisions", f.key, strings.Replace(founding, "$290", fmt.Sprintf("$%d", 100+i), 1))
		ids = append(ids, dec["id"].(string))
		_, cp := f.call(t, "GET", "/api/v1/audit/checkpoint", f.key, "")
		sizes = append(sizes, cp["size"].(float64))
		roots = append(roots, cp["root"].(string))
		if _, err := audit.OpenCheckpoint(cp["checkpoint"].(string), key); err != nil {
			t.Fatalf("checkpoint %v: %v", cp, err)
		}
	}
	if sizes[0] != 1 || sizes[4] != 5 {
		t.Fatalf("checkpoint sizes %v, want 1…5", sizes)
	}
	for i, id := range ids {
		status, b := f.getBundle(t, f.key, id)
		if status != http.StatusOK {
			t.Fatalf("proof of %s = %d", id, status)
		}
		v, err := audit.Verify(b, key)
		if err != nil {
			t.Fatalf("proof of %s does not verify: %v", id, err)
		}
		if b.Record.Index != uint64(i) || v.Redacted != 0 || v.Checkpoint.Origin != "delegatezero/acme" {
			t.Errorf("record %s: index %d, %d withheld, origin %q", id, b.Record.Index, v.Redacted, v.Checkpoint.Origin)
		}
	}
	// Each older checkpoint is a prefix of the newest.
	newest, _ := base64.StdEncoding.DecodeString(roots[4])
	for i := range 4 {
		_, c := f.call(t, "GET", fmt.Sprintf("/api/v1/audit/consistency?from=%d&to=5", i+1), f.key, "")
		var proof [][]byte
		for _, h := range c["proof"].([]any) {
			b, _ := base64.StdEncoding.DecodeString(h.(string))
			proof = append(proof, b)
		}
		old, _ := base64.StdEncoding.DecodeString(roots[i])
		if err := audit.VerifyConsistency(uint64(i+1), 5, proof, old, newest); err != nil {
			t.Errorf("consistency %d→5: %v", i+1, err)
		}
	}
	if s, _ := f.call(t, "GET", "/api/v1/audit/consistency?from=6&to=5", f.key, ""); s != http.StatusBadRequest {
		t.Errorf("consistency from 6 to 5 = %d, want 400", s)
	}
	// Another workspace's key sees neither the proof nor this log.
	if s, _ := f.getBundle(t, f.other, ids[0]); s != http.StatusNotFound {
		t.Errorf("another workspace's proof = %d, want 404", s)
	}
	if _, cp := f.call(t, "GET", "/api/v1/audit/checkpoint", f.other, ""); cp["size"] != 0.0 {
		t.Errorf("another workspace's log has %v records, want 0", cp["size"])
	}
}

func TestRecordCitesContextVersions(t *testing.T) {
	f := newFixture(t)
	_, dec := f.call(t, "POST", "/api/v1/decisions", f.key, founding)
	_, b := f.getBundle(t, f.key, dec["id"].(string))
	var policy string
	for _, fl := range b.Record.Fields {
		if strings.HasPrefix(fl.Name, "context/policy/") {
			policy = strings.TrimPrefix(fl.Name, "context/policy/")
			if !strings.Contains(fl.Value, `"version":1`) {
				t.Fatalf("%s = %s, want version 1", fl.Name, fl.Value)
			}
			break
		}
	}
	if policy == "" {
		t.Fatal("the record cites no policy")
	}
	_, entry := f.call(t, "GET", "/api/v1/context/policy/"+policy, f.key, "")
	body := entry["body"].(map[string]any)
	body["description"] = "changed for the test"
	raw, _ := json.Marshal(body)
	if s, out := f.call(t, "PUT", "/api/v1/context/policy/"+policy, f.key, string(raw)); s != http.StatusCreated {
		t.Fatalf("PUT policy = %d %v", s, out)
	}
	_, dec2 := f.call(t, "POST", "/api/v1/decisions", f.key, strings.Replace(founding, "$290", "$280", 1))
	_, b2 := f.getBundle(t, f.key, dec2["id"].(string))
	got, _ := b2.Record.Field("context/policy/" + policy)
	if !strings.Contains(got.Value, `"version":2`) {
		t.Errorf("after an edit the record cites %s, want version 2", got.Value)
	}
	old, _ := b.Record.Field("context/policy/" + policy)
	if _, b1 := f.getBundle(t, f.key, dec["id"].(string)); b1 == nil || !strings.Contains(old.Value, `"version":1`) {
		t.Error("the first record changed after the policy was edited")
	}
}

func TestDryRunsAndPendingDecisionsHaveNoRecord(t *testing.T) {
	f := newFixture(t)
	_, dry := f.call(t, "POST", "/api/v1/decisions", f.key, `{"request": "refund please", "instructions": {"dry_run": true}}`)
	if dry["audit_url"] != nil || dry["public_audit_url"] != nil {
		t.Errorf("a dry run has audit links %v %v", dry["audit_url"], dry["public_audit_url"])
	}
	_, pending := f.call(t, "POST", "/api/v1/decisions", f.key, strings.Replace(founding, `{"request"`, `{"mode": "async", "request"`, 1))
	id := pending["id"].(string)
	if s, _ := f.getBundle(t, f.key, id); s != http.StatusNotFound {
		t.Fatalf("a pending decision's proof = %d, want 404", s)
	}
	if _, cp := f.call(t, "GET", "/api/v1/audit/checkpoint", f.key, ""); cp["size"] != 0.0 {
		t.Fatalf("log size %v after a dry run and a pending decision, want 0", cp["size"])
	}
	srv := dzhttp.New(dzhttp.Config{Store: f.store, Now: func() time.Time { return testNow }})
	if n, err := srv.ProcessAsync(t.Context()); err != nil || n != 1 {
		t.Fatalf("ProcessAsync = %d, %v", n, err)
	}
	s, b := f.getBundle(t, f.key, id)
	if s != http.StatusOK {
		t.Fatalf("the completed async decision's proof = %d", s)
	}
	if _, err := audit.Verify(b, ""); err != nil {
		t.Fatalf("async record: %v", err)
	}
}

func TestPublicLinkCanBeRevokedAndReissued(t *testing.T) {
	f := newFixture(t)
	_, dec := f.call(t, "POST", "/api/v1/decisions", f.key, founding)
	id := dec["id"].(string)
	path := "/api/v1/decisions/" + id + "/public-link"
	if s, _ := f.call(t, "DELETE", path, f.other, ""); s != http.StatusNotFound {
		t.Errorf("another workspace revoking = %d, want 404", s)
	}
	if s, _ := f.call(t, "DELETE", path, f.key, ""); s != http.StatusNoContent {
		t.Errorf("revoke = %d, want 204", s)
	}
	token := strings.TrimPrefix(dec["public_audit_url"].(string), "http://dz.test/audit/")
	if _, _, err := f.store.AuditLink(t.Context(), token); err == nil {
		t.Error("the revoked token still opens the decision")
	}
	s, link := f.call(t, "POST", path, f.key, "")
	fresh, _ := link["public_audit_url"].(string)
	if s != http.StatusCreated || fresh == dec["public_audit_url"] {
		t.Fatalf("reissue = %d %v", s, link)
	}
	ws, got, err := f.store.AuditLink(t.Context(), strings.TrimPrefix(fresh, "http://dz.test/audit/"))
	if err != nil || got != id || ws == 0 {
		t.Errorf("the new token opens %q (%v), want %s", got, err, id)
	}
}
