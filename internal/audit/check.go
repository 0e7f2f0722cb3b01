package audit

import (
	"bytes"
	"context"
	"fmt"

	"github.com/delegatezero/dz"
)

// Problem is the first thing wrong with a stored log.
type Problem struct {
	Index      uint64 `json:"index"`                 // the broken leaf
	DecisionID string `json:"decision_id,omitempty"` // its decision, when known
	Reason     string `json:"reason"`
}

func (p *Problem) Error() string {
	if p.DecisionID == "" {
		return fmt.Sprintf("audit log leaf %d: %s", p.Index, p.Reason)
	}
	return fmt.Sprintf("audit log leaf %d (decision %s): %s", p.Index, p.DecisionID, p.Reason)
}

// CheckResult is what a whole-log check found.
type CheckResult struct {
	WorkspaceID int64    `json:"workspace_id"`
	Size        uint64   `json:"size"` // records checked
	Root        []byte   `json:"root"`
	Problem     *Problem `json:"problem,omitempty"` // nil when every record, node and the head agree
}

// checkBatch is how many records CheckLog reads at a time.
const checkBatch = 512

// CheckLog re-verifies a workspace's whole stored log: every shown field
// against its commitment, every leaf and inner node against the hashes
// recomputed from the records, and the head's root. It reports the first
// broken leaf as a Problem in the result; the error is for a store that
// could not be read. progress, when not nil, is told how many records of
// how many are done after each batch.
func CheckLog(ctx context.Context, log dz.AuditLog, workspaceID int64, progress func(done, total uint64)) (*CheckResult, error) {
	head, err := log.AuditHead(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	res := &CheckResult{WorkspaceID: workspaceID, Size: head.Size}
	roots := NewRoots()
	for roots.Size() < head.Size {
		recs, err := log.AuditRecords(ctx, workspaceID, roots.Size(), checkBatch)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			res.Problem = &Problem{Index: roots.Size(), Reason: fmt.Sprintf("the record is missing: the head says the log has %d", head.Size)}
			return res, nil
		}
		if p, err := checkRecords(ctx, log, workspaceID, roots, recs, head.Size); p != nil || err != nil {
			res.Problem = p
			return res, err
		}
		if progress != nil {
			progress(roots.Size(), head.Size)
		}
	}
	res.Root = roots.Root()
	if head.Size > 0 && !bytes.Equal(res.Root, head.Root) {
		res.Problem = &Problem{Index: head.Size - 1, Reason: "the log's stored root does not match its records"}
	}
	return res, nil
}

// checkRecords checks one batch and adds its leaves to roots.
func checkRecords(ctx context.Context, log dz.AuditLog, workspaceID int64, roots *Roots, recs []*dz.AuditRecord, size uint64) (*Problem, error) {
	type computed struct {
		key   int64
		hash  []byte
		index uint64
	}
	var nodes []computed
	for _, r := range recs {
		if r.Index != roots.Size() || r.Index >= size {
			return &Problem{Index: roots.Size(), Reason: fmt.Sprintf("expected record %d, found record %d", roots.Size(), r.Index)}, nil
		}
		for _, f := range r.Fields {
			if err := CheckField(f); err != nil {
				return &Problem{Index: r.Index, DecisionID: r.DecisionID, Reason: err.Error()}, nil
			}
		}
		if err := checkLabels(r); err != nil {
			return &Problem{Index: r.Index, DecisionID: r.DecisionID, Reason: err.Error()}, nil
		}
		leaf, err := LeafHash(r.Fields)
		if err != nil {
			return &Problem{Index: r.Index, DecisionID: r.DecisionID, Reason: err.Error()}, nil
		}
		index := r.Index
		if err := roots.Add(leaf, func(key int64, hash []byte) { nodes = append(nodes, computed{key, hash, index}) }); err != nil {
			return nil, err
		}
	}
	keys := make([]int64, len(nodes))
	for i, n := range nodes {
		keys[i] = n.key
	}
	stored, err := log.AuditNodes(ctx, workspaceID, keys)
	if dz.ErrorCode(err) == dz.ENOTFOUND {
		return &Problem{Index: recs[0].Index, DecisionID: recs[0].DecisionID, Reason: dz.ErrorMessage(err)}, nil
	}
	if err != nil {
		return nil, err
	}
	byIndex := map[uint64]string{}
	for _, r := range recs {
		byIndex[r.Index] = r.DecisionID
	}
	for i, n := range nodes {
		if !bytes.Equal(stored[i], n.hash) {
			what := "its leaf hash no longer matches its fields (the record was changed)"
			if n.key>>48 > 0 {
				what = fmt.Sprintf("the stored tree node at level %d above it does not match the records", n.key>>48)
			}
			return &Problem{Index: n.index, DecisionID: byIndex[n.index], Reason: what}, nil
		}
	}
	return nil, nil
}
