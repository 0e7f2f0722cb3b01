package learn

import (
	"fmt"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/workspace"
)

// rehash sets the content hash of one entry (a *dz.Precedent, *dz.Entity,
// *dz.Policy or *dz.Source) exactly as loading it from a folder would.
func rehash(v any) error {
	return workspace.Rehash(single(v))
}

// single is a workspace holding one entry.
func single(v any) *dz.Workspace {
	ws := &dz.Workspace{}
	switch x := v.(type) {
	case *dz.Precedent:
		ws.Precedents = []*dz.Precedent{x}
	case *dz.Entity:
		ws.Entities = []*dz.Entity{x}
	case *dz.Policy:
		ws.Policies = []*dz.Policy{x}
	case *dz.Source:
		ws.Sources = []*dz.Source{x}
	}
	return ws
}

// Entry is a learned entry (a *dz.Precedent, *dz.Entity, *dz.Policy or
// *dz.Source) as the context entry a store keeps, in the workspace
// workspaceID, hashed as workspace.Entries hashes it.
func Entry(workspaceID int64, v any) (dz.ContextEntry, error) {
	ws := single(v)
	if err := workspace.Rehash(ws); err != nil {
		return dz.ContextEntry{}, err
	}
	entries, err := workspace.Entries(ws)
	if err != nil {
		return dz.ContextEntry{}, err
	}
	for _, e := range entries {
		if e.Type != dz.TypeSettings {
			e.WorkspaceID = workspaceID
			return e, nil
		}
	}
	return dz.ContextEntry{}, fmt.Errorf("learn: %T is not a context entry learning writes", v)
}
