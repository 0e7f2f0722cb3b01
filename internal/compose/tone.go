package compose

import (
	"fmt"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// Handling styles: empathy first, or a firm answer.
const (
	Empathetic = "empathetic"
	Firm       = "firm"
)

// angerThreshold is the anger score (0–1) at which handling turns empathetic.
const angerThreshold = 0.5

// chooseTone picks the register, the handling and the attribution, and says
// where each came from.
func chooseTone(in Input) dz.ToneUse {
	reg, regWhy := chooseRegister(in)
	hand, handWhy := chooseHandling(in)
	attr, attrWhy := chooseAttribution(in)
	return dz.ToneUse{
		Register:    reg,
		Handling:    hand,
		Attribution: attr,
		Why:         regWhy + "; " + handWhy + "; " + attrWhy,
	}
}

func chooseRegister(in Input) (string, string) {
	switch {
	case slices.Contains(dz.Tones, in.Instructions.Tone):
		return in.Instructions.Tone, "register " + in.Instructions.Tone + " from instructions.tone"
	case slices.Contains(dz.Tones, in.Settings.Tone):
		return in.Settings.Tone, "register " + in.Settings.Tone + " from the workspace tone"
	default:
		return "neutral", "register neutral by default"
	}
}

func chooseHandling(in Input) (string, string) {
	if e := in.Entity; e != nil && isHandling(e.Tone) {
		return e.Tone, fmt.Sprintf("%s handling from entity %s", e.Tone, e.ID)
	}
	if p := in.Playbook; p != nil && isHandling(p.Tone) {
		return p.Tone, fmt.Sprintf("%s handling from playbook %s", p.Tone, p.ID)
	}
	if signs := distress(in.Facts); len(signs) > 0 {
		return Empathetic, "empathetic handling because the facts show " + strings.Join(signs, ", ")
	}
	return Firm, "firm handling: no anger, outage or data loss in the facts"
}

// chooseAttribution signs as the founder (user), or as the assistant on the
// founder's behalf when asked and the workspace names an assistant.
func chooseAttribution(in Input) (string, string) {
	attr := firstNonEmpty(in.Instructions.Attribution, in.Settings.Attribution, "user")
	switch {
	case attr == "assistant" && in.Settings.Assistant != "":
		return "assistant", "signed by the assistant on behalf of the founder"
	case attr == "assistant":
		return "user", "signed by the founder: dz.yaml names no assistant"
	default:
		return "user", "signed by the founder"
	}
}

func isHandling(s string) bool { return s == Empathetic || s == Firm }

// distress lists the facts that call for empathy first, in a stable order.
func distress(facts map[string]any) []string {
	var signs []string
	for _, name := range []string{"angry", "outage_claimed", "data_loss_claimed", "sla_breached"} {
		if b, ok := facts[name].(bool); ok && b {
			signs = append(signs, name)
		}
	}
	if a, ok := number(facts["anger"]); ok && a >= angerThreshold {
		signs = append(signs, fmt.Sprintf("anger %.2f", a))
	}
	if h, ok := number(facts["outage_hours"]); ok && h > 0 {
		signs = append(signs, "outage_hours")
	}
	return signs
}
