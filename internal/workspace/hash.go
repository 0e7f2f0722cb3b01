package workspace

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/delegatezero/dz"
)

// sortEntries orders every type's entries by id and the tests by name, so
// loading the same folder always gives the same workspace.
func sortEntries(ws *dz.Workspace) {
	byID := func(a, b dz.Meta) int { return cmp.Compare(a.ID, b.ID) }
	slices.SortStableFunc(ws.Entities, func(a, b *dz.Entity) int { return byID(a.Meta, b.Meta) })
	slices.SortStableFunc(ws.Policies, func(a, b *dz.Policy) int { return byID(a.Meta, b.Meta) })
	slices.SortStableFunc(ws.Precedents, func(a, b *dz.Precedent) int { return byID(a.Meta, b.Meta) })
	slices.SortStableFunc(ws.Playbooks, func(a, b *dz.Playbook) int { return byID(a.Meta, b.Meta) })
	slices.SortStableFunc(ws.Templates, func(a, b *dz.Template) int { return byID(a.Meta, b.Meta) })
	slices.SortStableFunc(ws.Sources, func(a, b *dz.Source) int { return byID(a.Meta, b.Meta) })
	slices.SortStableFunc(ws.Tests, func(a, b *dz.TestCase) int { return cmp.Compare(a.Name, b.Name) })
}

// hashWorkspace sets every entry's Meta.Hash and the workspace's Hash.
func hashWorkspace(ws *dz.Workspace) error {
	h := sha256.New()
	if err := writeJSON(h, settingsForHash(ws.Settings)); err != nil {
		return err
	}
	for _, t := range dz.ContextTypes {
		for _, m := range metas(ws, t) {
			fmt.Fprintf(h, "%s\x00%s\x00%s\n", t, m.ID, m.Hash)
		}
	}
	ws.Hash = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return nil
}

// metas hashes each entry of type t and returns their metadata in order.
func metas(ws *dz.Workspace, t dz.ContextType) []*dz.Meta {
	var out []*dz.Meta
	switch t {
	case dz.TypeEntity:
		out = hashAll(ws.Entities, func(e *dz.Entity) *dz.Meta { return &e.Meta }, func(e dz.Entity) any { return e })
	case dz.TypePolicy:
		out = hashAll(ws.Policies, func(e *dz.Policy) *dz.Meta { return &e.Meta }, policyForHash)
	case dz.TypePrecedent:
		out = hashAll(ws.Precedents, func(e *dz.Precedent) *dz.Meta { return &e.Meta }, func(e dz.Precedent) any { return e })
	case dz.TypePlaybook:
		out = hashAll(ws.Playbooks, func(e *dz.Playbook) *dz.Meta { return &e.Meta }, func(e dz.Playbook) any { return e })
	case dz.TypeTemplate:
		out = hashAll(ws.Templates, func(e *dz.Template) *dz.Meta { return &e.Meta }, func(e dz.Template) any { return e })
	case dz.TypeSource:
		out = hashAll(ws.Sources, func(e *dz.Source) *dz.Meta { return &e.Meta }, func(e dz.Source) any { return e })
	}
	return out
}

// hashAll sets Meta.Hash on each entry: sha256 over the JSON of a copy
// whose Hash and Pos are zeroed (canon may zero more positions).
func hashAll[T any](list []*T, meta func(*T) *dz.Meta, canon func(T) any) []*dz.Meta {
	out := make([]*dz.Meta, 0, len(list))
	for _, e := range list {
		cp := *e
		m := meta(&cp)
		m.Hash, m.Pos = "", dz.Pos{}
		meta(e).Hash = Hash(canon(cp))
		out = append(out, meta(e))
	}
	return out
}

// Hash returns "sha256:" and the hex SHA-256 of v's JSON encoding.
// Values that cannot be encoded hash as their error text.
func Hash(v any) string {
	h := sha256.New()
	if err := writeJSON(h, v); err != nil {
		fmt.Fprintf(h, "unencodable: %v", err)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// policyForHash zeroes the rules' positions too: moving a file or a rule's
// line is not a new version of the policy.
func policyForHash(p dz.Policy) any {
	p.Rules = slices.Clone(p.Rules)
	for i := range p.Rules {
		p.Rules[i].Pos = dz.Pos{}
	}
	return p
}

// settingsForHash zeroes the risk levels' positions.
func settingsForHash(s dz.Settings) dz.Settings {
	s.Risk = slices.Clone(s.Risk)
	for i := range s.Risk {
		s.Risk[i].Pos = dz.Pos{}
	}
	return s
}

// writeJSON writes v's JSON encoding to w.
func writeJSON(w interface{ Write([]byte) (int, error) }, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode for hash: %w", err)
	}
	_, err = w.Write(b)
	return err
}

// Rehash sets the content hash of every entry of ws and the workspace's
// own, as Load does: for entries built in code or received over the API.
func Rehash(ws *dz.Workspace) error { return hashWorkspace(ws) }
