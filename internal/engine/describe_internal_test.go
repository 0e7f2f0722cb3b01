package engine

import "testing"

// Decision titles spell intents as words, acronyms in capitals.
func TestIntentWords(t *testing.T) {
	for in, want := range map[string]string{"sla_credit": "SLA credit", "refund": "refund", "billing_error": "billing error", "gdpr_request": "GDPR request"} {
		if got := intentWords(in); got != want {
			t.Errorf("intentWords(%q) = %q, want %q", in, got, want)
		}
	}
}
