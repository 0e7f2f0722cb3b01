package compose

import "github.com/delegatezero/dz"

// builtin makes a built-in default template. Its id starts with "builtin/".
func builtin(id, part string, tones []string, handling string, outcomes []dz.Outcome, body string) *dz.Template {
	return &dz.Template{
		Meta:     dz.Meta{ID: "builtin/" + id},
		Part:     part,
		Tones:    tones,
		Handling: handling,
		Outcomes: outcomes,
		Body:     body,
	}
}

// escalating limits a built-in to escalations' holding replies.
var escalating = []dz.Outcome{dz.OutcomeEscalate}

// Built-in bodies, kept as constants so tests can hold them to the guard.
const (
	refundSentence = `{{if .HasRefund}}I've issued {{if .Refund}}a refund of {{.Refund}}{{with .RefundPercent}} ({{.}}){{end}}{{else if .RefundPercent}}a {{.RefundPercent}} refund{{else}}a refund{{end}} to your original payment method; it should arrive within a few business days. {{end}}`
	creditSentence = `{{if .HasCredit}}I've applied {{if .CreditPercent}}a {{.CreditPercent}} credit{{with .Credit}} ({{.}}){{end}}{{else if .Credit}}a credit of {{.Credit}}{{else}}a credit{{end}} to your account; you'll see it on your next invoice. {{end}}`
	reasonSentence = `{{if not (or .HasRefund .HasCredit)}}{{if .Refusal}}{{.Refusal}}{{else}}{{with .Reason}}{{.}}{{else}}I've reviewed your account and the details you sent.{{end}}{{end}}{{end}}`
	holdingFounder = `{{if .Assistant}}I've passed your message to {{.Founder}}, who will look at it personally and follow up with you shortly.{{else}}I want to look at this personally, and I'll follow up with you shortly.{{end}}`
	signatureLines = `{{.Signature}}{{with .Workspace}}
{{.}}{{end}}`
)

// builtins are the defaults every part falls back to. For each part one
// template matches everything, so a part is never missing.
var builtins = []*dz.Template{
	builtin("greeting", dz.PartGreeting, nil, "", nil, `Hello{{with .FirstName}} {{.}}{{end}},`),
	builtin("greeting-friendly", dz.PartGreeting, []string{"friendly"}, "", nil, `Hi{{with .FirstName}} {{.}}{{end}},`),
	builtin("greeting-formal", dz.PartGreeting, []string{"formal"}, "", nil,
		`Dear {{with .Contact}}{{.}}{{else}}{{with .Company}}{{.}} team{{else}}customer{{end}}{{end}},`),
	builtin("greeting-direct", dz.PartGreeting, []string{"direct"}, "", nil, `{{with .FirstName}}{{.}},{{else}}Hello,{{end}}`),

	builtin("opening", dz.PartOpening, nil, "", nil, `Thank you for your {{.Topic}}.`),
	builtin("opening-empathetic", dz.PartOpening, nil, Empathetic, nil,
		`I'm sorry for the trouble{{with .Incident}} with {{.}}{{end}}, and thank you for bearing with us while we looked into your {{.Topic}}.`),
	builtin("opening-formal-empathetic", dz.PartOpening, []string{"formal"}, Empathetic, nil,
		`Please accept my apologies for the disruption{{with .Incident}} caused by {{.}}{{end}}. Thank you for your patience regarding your {{.Topic}}.`),
	builtin("opening-direct", dz.PartOpening, []string{"direct"}, "", nil, `About your {{.Topic}}:`),

	builtin("body", dz.PartBody, nil, "", nil, refundSentence+creditSentence+reasonSentence),
	builtin("body-escalate", dz.PartBody, nil, "", escalating, holdingFounder),

	builtin("closing", dz.PartClosing, nil, "", nil, "Best regards,\n"+signatureLines),
	builtin("closing-friendly", dz.PartClosing, []string{"friendly"}, "", nil, "Thanks again,\n"+signatureLines),
	builtin("closing-formal", dz.PartClosing, []string{"formal"}, "", nil, "Kind regards,\n"+signatureLines),
	builtin("closing-direct", dz.PartClosing, []string{"direct"}, "", nil, "— "+signatureLines),
}
