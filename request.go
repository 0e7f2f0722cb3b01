package dz

import (
	"maps"
	"math"
	"slices"
	"strings"
)

// Request is what a caller sends for a decision. Field names follow the
// hosted product's public API (DESIGN §5); Context.Facts is our extension.
type Request struct {
	Request      string         `json:"request"`
	Context      RequestContext `json:"context,omitzero"`
	Instructions Instructions   `json:"instructions,omitzero"`
	Profile      string         `json:"profile,omitempty"`
	Metadata     map[string]any `json:"metadata,omitempty"`
	RequestID    string         `json:"request_id,omitempty"`
	Mode         string         `json:"mode,omitempty"` // sync (default) or async
}

// RequestContext is what the caller knows beyond the message.
type RequestContext struct {
	Source string         `json:"source,omitempty"` // where the request came from, e.g. "email"
	Type   string         `json:"type,omitempty"`   // caller's label, e.g. "refund_request"
	Entity string         `json:"entity,omitempty"` // entity id, email, domain or name
	Data   string         `json:"data,omitempty"`   // extra text: a ticket thread, an e-mail
	Facts  map[string]any `json:"facts,omitempty"`  // typed facts; they win over extracted ones
}

// Instructions tune one decision.
type Instructions struct {
	ConfidenceThreshold *float64          `json:"confidence_threshold,omitempty"` // overrides the risk level's
	Format              string            `json:"format,omitempty"`               // text, markdown, html, json
	Tone                string            `json:"tone,omitempty"`                 // neutral, friendly, formal, direct
	MaxLength           int               `json:"max_length,omitempty"`           // reply length cap in characters
	Attribution         string            `json:"attribution,omitempty"`          // user or assistant
	ResponseSchema      map[string]string `json:"response_schema,omitempty"`      // field → description
	DryRun              bool              `json:"dry_run,omitempty"`              // decide but do not record or act
	Force               Outcome           `json:"force,omitempty"`                // draft or escalate: never more autonomy
}

// Accepted values for request fields.
var (
	Formats      = []string{"text", "markdown", "html", "json"}
	Tones        = []string{"neutral", "friendly", "formal", "direct"}
	Attributions = []string{"user", "assistant"}
)

// Validate reports the first problem with the request as an EINVALID error.
func (r *Request) Validate() error {
	in := r.Instructions
	switch {
	case strings.TrimSpace(r.Request) == "":
		return Errorf(EINVALID, "request is empty: send the customer's message or the question in \"request\"")
	case len(r.Request) > 64<<10:
		return Errorf(EINVALID, "request is %d bytes: keep it under 64 KiB and put long threads in context.data", len(r.Request))
	case len(r.Context.Data) > 256<<10:
		return Errorf(EINVALID, "context.data is %d bytes: keep it under 256 KiB", len(r.Context.Data))
	case in.ConfidenceThreshold != nil && (math.IsNaN(*in.ConfidenceThreshold) || *in.ConfidenceThreshold < 0 || *in.ConfidenceThreshold > 1):
		return Errorf(EINVALID, "instructions.confidence_threshold must be between 0 and 1")
	case in.Format != "" && !oneOf(in.Format, Formats):
		return Errorf(EINVALID, "instructions.format %q is not one of %s", in.Format, strings.Join(Formats, ", "))
	case in.Tone != "" && !oneOf(in.Tone, Tones):
		return Errorf(EINVALID, "instructions.tone %q is not one of %s", in.Tone, strings.Join(Tones, ", "))
	case in.Attribution != "" && !oneOf(in.Attribution, Attributions):
		return Errorf(EINVALID, "instructions.attribution %q is not one of user, assistant", in.Attribution)
	case in.MaxLength < 0:
		return Errorf(EINVALID, "instructions.max_length must be positive")
	case in.Force != "" && in.Force != OutcomeDraft && in.Force != OutcomeEscalate:
		return Errorf(EINVALID, "instructions.force %q is not draft or escalate: forcing can only lower autonomy", in.Force)
	case r.Mode != "" && r.Mode != "sync" && r.Mode != "async":
		return Errorf(EINVALID, "mode %q is not sync or async", r.Mode)
	}
	for _, k := range slices.Sorted(maps.Keys(r.Context.Facts)) { // the first problem, always the same one
		v := r.Context.Facts[k]
		if !IsFactName(k) {
			return Errorf(EINVALID, "context.facts key %q is not a fact name: use lower_snake_case letters, digits and _", k)
		}
		if !IsFactValue(v) {
			return Errorf(EINVALID, "context.facts.%s has an unsupported value: use a string, number, boolean, list or object", k)
		}
		if msg := CheckFactKind(k, v); msg != "" {
			return Errorf(EINVALID, "context.facts.%s", msg)
		}
	}
	return nil
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}
