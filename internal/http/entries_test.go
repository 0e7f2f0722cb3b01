package http_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestKeysOverHTTP(t *testing.T) {
	f := newFixture(t)
	s, k := f.call(t, "POST", "/api/v1/keys", f.key, `{"name": "zapier", "profiles": ["billing"]}`)
	if s != http.StatusCreated || !strings.HasPrefix(k["secret"].(string), k["id"].(string)+"_") {
		t.Fatalf("create = %d %v, want 201 with the secret once", s, k)
	}
	newKey := k["secret"].(string)
	if s, _ := f.call(t, "GET", "/api/v1/decisions", newKey, ""); s != 200 {
		t.Fatalf("the new key does not work: %d", s)
	}
	if s, _ := f.call(t, "POST", "/api/v1/keys", f.key, `{"profiles": ["support"]}`); s != http.StatusForbidden {
		t.Errorf("granting a profile the caller lacks = %d, want 403", s)
	}
	_, list := f.call(t, "GET", "/api/v1/keys", f.key, "")
	for _, it := range list["data"].([]any) {
		if _, leaked := it.(map[string]any)["secret"]; leaked {
			t.Fatal("the key list shows a secret")
		}
	}
	if s, _ := f.call(t, "DELETE", "/api/v1/keys/"+k["id"].(string), f.other, ""); s != 404 {
		t.Errorf("another workspace revoked the key: %d", s)
	}
	if s, _ := f.call(t, "DELETE", "/api/v1/keys/"+k["id"].(string), f.key, ""); s != http.StatusNoContent {
		t.Fatalf("revoke = %d", s)
	}
	if s, _ := f.call(t, "GET", "/api/v1/decisions", newKey, ""); s != 401 {
		t.Errorf("a revoked key still works: %d", s)
	}
}

func TestEntriesOverHTTP(t *testing.T) {
	f := newFixture(t)
	s, e := f.call(t, "GET", "/api/v1/context/entity/brightline", f.key, "")
	if s != 200 || e["version"] != 1.0 || e["type"] != "entity" {
		t.Fatalf("get = %d %v", s, e)
	}
	if s, _ := f.call(t, "GET", "/api/v1/context/entity/brightline", f.other, ""); s != 200 {
		t.Errorf("other workspace has its own brightline: %d", s) // both were seeded with acme
	}
	bad := `{"title": "Broken", "rules": [{"id": "r1", "when": "facts.amount >", "effect": "hard_stop", "message": "x"}]}`
	if s, p := f.call(t, "PUT", "/api/v1/context/policy/broken", f.key, bad); s != 400 {
		t.Fatalf("a policy whose CEL does not compile = %d %v, want 400", s, p)
	}
	if s, _ := f.call(t, "GET", "/api/v1/context/policy/broken", f.key, ""); s != 404 {
		t.Errorf("the refused policy was stored: %d", s)
	}
	good := `{"title": "No refunds over $5,000", "rules": [{"id": "big", "when": "has(facts.amount) && facts.amount > 5000.0", "effect": "hard_stop", "message": "Over $5,000 comes to me."}]}`
	if s, p := f.call(t, "PUT", "/api/v1/context/policy/big-refunds", f.key, good); s != http.StatusCreated || p["new_version"] != true {
		t.Fatalf("a good policy = %d %v", s, p)
	}
	if s, p := f.call(t, "PUT", "/api/v1/context/policy/big-refunds", f.key, good); s != 200 || p["new_version"] != false {
		t.Errorf("the same policy again = %d %v, want 200 and no new version", s, p)
	}
	if s, _ := f.call(t, "DELETE", "/api/v1/context/policy/big-refunds", f.key, ""); s != http.StatusNoContent {
		t.Fatalf("delete = %d", s)
	}
	if s, _ := f.call(t, "GET", "/api/v1/context/policy/big-refunds?version=1", f.key, ""); s != 200 {
		t.Errorf("a deleted entry's old version is not readable: %d", s)
	}
	if s, st := f.call(t, "GET", "/api/v1/settings", f.key, ""); s != 200 || st["type"] != "settings" {
		t.Errorf("settings = %d %v", s, st)
	}
	if s, _ := f.call(t, "PUT", "/api/v1/settings", f.key, `{"draft_floor": "high"}`); s != 400 {
		t.Errorf("settings of the wrong type = %d, want 400", s)
	}
}
