package workspace

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/delegatezero/dz"
)

// baseFiles is a small valid workspace that bad-input cases break one file at a time.
var baseFiles = map[string]string{
	"dz.yaml": "name: Acme\nprofiles:\n  - name: billing\n",
	"entities/acme.yaml": `id: northwind
name: Northwind
plan: Operator
emails: [ops@northwind.example]
`,
	"policies/refunds.yaml": `id: refunds
title: Refunds
rules:
  - id: cap
    effect: limit
    action: refund
    param: amount
    max: entity.mrr * 2
`,
	"precedents/p.yaml": `id: p1
date: 2025-01-02
intent: refund
summary: Refunded after an outage.
resolution: approved
actions: [{type: refund, params: {amount: 49}}]
`,
}

// workspaceFS returns baseFiles with files added or replaced; an empty
// value removes the file.
func workspaceFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range baseFiles {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	for name, body := range files {
		if body == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

// problemsOf loads fsys as "ws" and returns its problems, failing when it loads.
func problemsOf(t *testing.T, fsys fstest.MapFS) dz.Problems {
	t.Helper()
	ws, err := Load(fsys, "ws")
	var ps dz.Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Load = %v, %v; want dz.Problems", ws, err)
	}
	if ws != nil {
		t.Errorf("Load returned a workspace along with problems")
	}
	return ps
}

// mustLoad loads fsys as "ws", failing on any problem.
func mustLoad(t *testing.T, fsys fstest.MapFS) *dz.Workspace {
	t.Helper()
	ws, err := Load(fsys, "ws")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return ws
}
