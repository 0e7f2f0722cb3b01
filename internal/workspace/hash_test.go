package workspace

import (
	"strings"
	"testing"

	"github.com/delegatezero/dz"
)

func TestHashFollowsContent(t *testing.T) {
	base := mustLoad(t, workspaceFS(nil))
	tests := []struct {
		name          string
		files         map[string]string
		policyChanges bool
		entityChanges bool
		wsHashChanges bool
	}{
		{name: "same files", files: nil},
		{
			name:  "comment and blank lines move every position",
			files: map[string]string{"policies/refunds.yaml": "# refunds\n\n" + baseFiles["policies/refunds.yaml"]},
		},
		{
			name:          "a rule's limit changes",
			files:         map[string]string{"policies/refunds.yaml": strings.Replace(baseFiles["policies/refunds.yaml"], "* 2", "* 3", 1)},
			policyChanges: true, wsHashChanges: true,
		},
		{
			name:          "an entity's plan changes",
			files:         map[string]string{"entities/acme.yaml": strings.Replace(baseFiles["entities/acme.yaml"], "Operator", "Scale", 1)},
			entityChanges: true, wsHashChanges: true,
		},
		{
			name:          "a setting changes",
			files:         map[string]string{"dz.yaml": baseFiles["dz.yaml"] + "refund_window_days: 45\n"},
			wsHashChanges: true,
		},
		{
			name:  "a test case is added",
			files: map[string]string{"tests/t.yaml": "- name: t\n  request: hi\n  expect: {outcome: draft}\n"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := mustLoad(t, workspaceFS(tt.files))
			if got := ws.Policies[0].Hash != base.Policies[0].Hash; got != tt.policyChanges {
				t.Errorf("policy hash changed = %v, want %v", got, tt.policyChanges)
			}
			if got := ws.Entities[0].Hash != base.Entities[0].Hash; got != tt.entityChanges {
				t.Errorf("entity hash changed = %v, want %v", got, tt.entityChanges)
			}
			if got := ws.Hash != base.Hash; got != tt.wsHashChanges {
				t.Errorf("workspace hash changed = %v, want %v", got, tt.wsHashChanges)
			}
		})
	}
}

func TestEntryHashIsCanonicalJSON(t *testing.T) {
	ws := mustLoad(t, workspaceFS(nil))
	p := *ws.Policies[0]
	want := p.Hash
	p.Hash, p.Pos = "", dz.Pos{}
	if got := Hash(policyForHash(p)); got != want {
		t.Errorf("Hash(policy with Hash and Pos zeroed) = %s, want Meta.Hash %s", got, want)
	}
}
