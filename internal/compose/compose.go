// Package compose writes the customer-facing reply for a decision: it picks
// the tone (register, empathetic or firm handling, attribution), renders the
// workspace's templates part by part (greeting, opening, body, closing) with
// built-in defaults as the fallback, enforces the reply guard, and formats the
// result (text, markdown, html, json) within max_length, filling any
// response_schema fields the caller asked for.
//
// The guard is enforced by code: every money amount and percentage in the
// reply equals a value in the decided actions, and every promise phrase ("I've
// issued a refund") is backed by an action of that type. An escalation's
// reply is a holding reply with no amounts and no promises. A template that
// would break this is dropped for the built-in default with a warning.
//
// Compose is deterministic and never panics: the same input gives the same
// output, byte for byte.
package compose

import (
	"github.com/delegatezero/dz"
)

// Input is everything Compose needs to write a reply.
type Input struct {
	Settings     dz.Settings
	Templates    []*dz.Template
	Entity       *dz.Entity // may be nil
	Intent       string
	Outcome      dz.Outcome
	Actions      []dz.Action // decided actions; the reply may only promise these
	Questions    []string    // for escalations (internal; not shown to the customer)
	Reason       string
	Refusal      string // the founder's own words for why a request is refused; shown as written
	Facts        map[string]any
	Playbook     *dz.Playbook // may be nil
	Instructions dz.Instructions
}

// Output is the composed reply and how it came to be.
type Output struct {
	Response       string
	ResponseSchema map[string]any // filled when Instructions.ResponseSchema is set
	Tone           dz.ToneUse
	Templates      []string // ids used, in order; built-in defaults are "builtin/…"
	Warnings       []string
}

// Compose writes the reply for a decision. It returns an error only for
// input it cannot work with at all; problems with individual templates become
// warnings and fall back to the built-in defaults.
func Compose(in Input) (Output, error) {
	var out Output
	out.Tone = chooseTone(in)
	actions := promisable(in.Outcome, in.Actions)
	allowed := allowedValues(actions)
	allowed.verbatim = in.Refusal
	data, warns := buildData(in, out.Tone, actions, allowed)
	out.Warnings = append(out.Warnings, warns...)

	var parts replyParts
	for _, part := range partOrder {
		text, id, warns := renderPart(part, in, out.Tone, data, allowed)
		out.Warnings = append(out.Warnings, warns...)
		if id != "" {
			out.Templates = append(out.Templates, id)
		}
		parts.set(part, text)
	}

	format := firstNonEmpty(in.Instructions.Format, in.Settings.Format, "text")
	resp, parts, warns := fit(parts, format, in.Instructions.MaxLength, allowed)
	out.Response = resp
	out.Warnings = append(out.Warnings, warns...)

	if len(in.Instructions.ResponseSchema) > 0 {
		schema, warns := fillSchema(in, out, parts, actions, data)
		out.ResponseSchema = schema
		out.Warnings = append(out.Warnings, warns...)
	}
	return out, nil
}

// promisable returns the actions the reply may state: none for an
// escalation (a holding reply promises nothing), the decided actions otherwise.
func promisable(outcome dz.Outcome, actions []dz.Action) []dz.Action {
	if outcome == dz.OutcomeEscalate {
		return nil
	}
	return actions
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
