package webhook_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"time"

	"github.com/delegatezero/dz/internal/webhook"
)

// receive is the receiver of docs/webhooks.md.
func receive(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, "cannot read body", http.StatusBadRequest)
		return
	}
	err = webhook.Verify(os.Getenv("DZ_WEBHOOK_SECRET"), r.Header.Get("DZ-Signature"), body, time.Now(), 5*time.Minute)
	if err != nil {
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var ev webhook.Event
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	// … handle ev.Event, using ev.ID to skip events already handled …
	w.WriteHeader(http.StatusNoContent)
}

// A receiver checks DZ-Signature against the raw body before it trusts it.
func ExampleVerify() {
	os.Setenv("DZ_WEBHOOK_SECRET", "whsec_example")
	body := []byte(`{"id":"evt_1","event":"decision.escalated","created_at":"2026-11-16T15:00:00Z","data":{}}`)
	for _, secret := range []string{"whsec_example", "whsec_guessed"} {
		req := httptest.NewRequest(http.MethodPost, "/hooks/dz", bytes.NewReader(body))
		req.Header.Set("DZ-Signature", webhook.Sign(secret, time.Now(), body))
		rec := httptest.NewRecorder()
		receive(rec, req)
		fmt.Println(secret, rec.Code)
	}
	// Output:
	// whsec_example 204
	// whsec_guessed 401
}
