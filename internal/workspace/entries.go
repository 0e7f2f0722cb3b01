package workspace

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/delegatezero/dz"
)

// Entries turns a loaded workspace into the context entries a server stores:
// the settings and one entry per context entry, each as its JSON with the
// entry's content hash. Tests are not context and are left out.
func Entries(ws *dz.Workspace) ([]dz.ContextEntry, error) {
	var out []dz.ContextEntry
	add := func(typ dz.ContextType, m dz.Meta, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encode %s %s: %w", typ, m.ID, err)
		}
		out = append(out, dz.ContextEntry{Type: typ, ID: m.ID, Hash: m.Hash, Body: b})
		return nil
	}
	errs := []error{add(dz.TypeSettings, dz.Meta{ID: "settings", Hash: Hash(settingsForHash(ws.Settings))}, ws.Settings)}
	for _, e := range ws.Entities {
		errs = append(errs, add(dz.TypeEntity, e.Meta, e))
	}
	for _, e := range ws.Policies {
		errs = append(errs, add(dz.TypePolicy, e.Meta, e))
	}
	for _, e := range ws.Precedents {
		errs = append(errs, add(dz.TypePrecedent, e.Meta, e))
	}
	for _, e := range ws.Playbooks {
		errs = append(errs, add(dz.TypePlaybook, e.Meta, e))
	}
	for _, e := range ws.Templates {
		errs = append(errs, add(dz.TypeTemplate, e.Meta, e))
	}
	for _, e := range ws.Sources {
		errs = append(errs, add(dz.TypeSource, e.Meta, e))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// FromEntries rebuilds a workspace from stored entries: the inverse of
// Entries. The result has no tests and its Hash covers what it holds.
func FromEntries(entries []dz.ContextEntry) (*dz.Workspace, error) {
	ws := &dz.Workspace{}
	for _, e := range entries {
		if e.Deleted {
			continue
		}
		var err error
		switch e.Type {
		case dz.TypeSettings:
			err = json.Unmarshal(e.Body, &ws.Settings)
		case dz.TypeEntity:
			ws.Entities, err = appendJSON(ws.Entities, e.Body)
		case dz.TypePolicy:
			ws.Policies, err = appendJSON(ws.Policies, e.Body)
		case dz.TypePrecedent:
			ws.Precedents, err = appendJSON(ws.Precedents, e.Body)
		case dz.TypePlaybook:
			ws.Playbooks, err = appendJSON(ws.Playbooks, e.Body)
		case dz.TypeTemplate:
			ws.Templates, err = appendJSON(ws.Templates, e.Body)
		case dz.TypeSource:
			ws.Sources, err = appendJSON(ws.Sources, e.Body)
		default:
			err = fmt.Errorf("unknown type")
		}
		if err != nil {
			return nil, fmt.Errorf("context entry %s %s v%d: %w", e.Type, e.ID, e.Version, err)
		}
	}
	sortEntries(ws)
	var hashes []string
	for _, e := range entries {
		if !e.Deleted {
			hashes = append(hashes, string(e.Type)+"/"+e.ID+"/"+e.Hash)
		}
	}
	slices.Sort(hashes)
	ws.Hash = Hash(strings.Join(hashes, "\n"))
	return ws, nil
}

func appendJSON[T any](list []*T, body json.RawMessage) ([]*T, error) {
	v := new(T)
	if err := json.Unmarshal(body, v); err != nil {
		return list, err
	}
	return append(list, v), nil
}
