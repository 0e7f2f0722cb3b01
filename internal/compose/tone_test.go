package compose

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

func TestChooseTone(t *testing.T) {
	tests := []struct {
		name        string
		in          Input
		register    string
		handling    string
		attribution string
		whyMentions string
	}{
		{name: "defaults", in: Input{}, register: "neutral", handling: Firm, attribution: "user", whyMentions: "no anger"},
		{name: "instructions tone wins", in: Input{Instructions: dz.Instructions{Tone: "formal"}, Settings: dz.Settings{Tone: "friendly"}},
			register: "formal", handling: Firm, attribution: "user", whyMentions: "instructions.tone"},
		{name: "workspace tone", in: Input{Settings: dz.Settings{Tone: "direct"}}, register: "direct", handling: Firm, attribution: "user", whyMentions: "workspace tone"},
		{name: "unknown tone falls back", in: Input{Instructions: dz.Instructions{Tone: "snarky"}}, register: "neutral", handling: Firm, attribution: "user"},
		{name: "entity tone wins over playbook and anger",
			in:       Input{Entity: &dz.Entity{Meta: dz.Meta{ID: "globex"}, Tone: Firm}, Playbook: &dz.Playbook{Meta: dz.Meta{ID: "pb"}, Tone: Empathetic}, Facts: map[string]any{"angry": true}},
			register: "neutral", handling: Firm, attribution: "user", whyMentions: "entity globex"},
		{name: "playbook tone", in: Input{Entity: &dz.Entity{}, Playbook: &dz.Playbook{Meta: dz.Meta{ID: "sla"}, Tone: Empathetic}},
			register: "neutral", handling: Empathetic, attribution: "user", whyMentions: "playbook sla"},
		{name: "anger score", in: Input{Facts: map[string]any{"anger": 0.7}}, register: "neutral", handling: Empathetic, attribution: "user", whyMentions: "anger 0.70"},
		{name: "mild anger stays firm", in: Input{Facts: map[string]any{"anger": 0.2}}, register: "neutral", handling: Firm, attribution: "user"},
		{name: "outage", in: Input{Facts: map[string]any{"outage_claimed": true}}, register: "neutral", handling: Empathetic, attribution: "user", whyMentions: "outage_claimed"},
		{name: "data loss", in: Input{Facts: map[string]any{"data_loss_claimed": true}}, register: "neutral", handling: Empathetic, attribution: "user", whyMentions: "data_loss_claimed"},
		{name: "false flags stay firm", in: Input{Facts: map[string]any{"angry": false, "outage_claimed": "yes"}}, register: "neutral", handling: Firm, attribution: "user"},
		{name: "assistant", in: Input{Settings: dz.Settings{Assistant: "Sam", Attribution: "assistant"}}, register: "neutral", handling: Firm, attribution: "assistant", whyMentions: "on behalf of"},
		{name: "assistant without a name", in: Input{Instructions: dz.Instructions{Attribution: "assistant"}}, register: "neutral", handling: Firm, attribution: "user", whyMentions: "names no assistant"},
		{name: "instructions attribution wins", in: Input{Settings: dz.Settings{Assistant: "Sam", Attribution: "assistant"}, Instructions: dz.Instructions{Attribution: "user"}},
			register: "neutral", handling: Firm, attribution: "user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := chooseTone(tt.in)
			if got.Register != tt.register || got.Handling != tt.handling || got.Attribution != tt.attribution {
				t.Errorf("chooseTone = %+v, want register %s, handling %s, attribution %s", got, tt.register, tt.handling, tt.attribution)
			}
			if !strings.Contains(got.Why, tt.whyMentions) {
				t.Errorf("Why = %q, want it to mention %q", got.Why, tt.whyMentions)
			}
		})
	}
}

func TestSignature(t *testing.T) {
	tests := []struct {
		name     string
		settings dz.Settings
		want     string
	}{
		{"founder signs", dz.Settings{Name: "Acme", Founder: "Dana"}, "Best regards,\nDana\nAcme"},
		{"assistant on behalf", dz.Settings{Founder: "Dana", Assistant: "Sam", Attribution: "assistant"}, "Best regards,\nSam, on behalf of Dana"},
		{"no founder", dz.Settings{}, "Best regards,\nthe team"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := mustCompose(t, Input{Settings: tt.settings, Outcome: dz.OutcomeExecute})
			if !strings.HasSuffix(out.Response, tt.want) {
				t.Errorf("reply ends %q, want %q", out.Response, tt.want)
			}
		})
	}
}

func mustCompose(t *testing.T, in Input) Output {
	t.Helper()
	out, err := Compose(in)
	if err != nil {
		t.Fatalf("Compose: %v", err)
	}
	return out
}
