package audit

import (
	"bytes"
	"fmt"

	"github.com/transparency-dev/merkle/compact"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
)

var (
	hasher  = rfc6962.DefaultHasher
	factory = &compact.RangeFactory{Hash: hasher.HashChildren}
)

// HashSize is the size of every hash in the tree.
const HashSize = 32

// Node is a complete subtree's hash, stored under its Key.
type Node struct {
	Key  int64
	Hash []byte
}

// NodeKey packs a tree node's level and index into one number for
// storage: level<<48 | index (a log of up to 2^48 records).
func NodeKey(id compact.NodeID) int64 { return int64(id.Level)<<48 | int64(id.Index) }

// LeafKey is the storage key of leaf index's node.
func LeafKey(index uint64) int64 { return NodeKey(compact.NewNodeID(0, index)) }

// Append adds a leaf to a log of size records whose right border (the
// hashes of its compact range, as Border returns) is border. It returns
// the new border, the new root and the nodes that became complete, which
// the caller stores; they never change afterwards.
func Append(border []byte, size uint64, leafHash []byte) (newBorder, root []byte, nodes []Node, err error) {
	r, err := factory.NewRange(0, size, split(border))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("audit: the stored log head does not match its size %d: %w", size, err)
	}
	err = r.Append(leafHash, func(id compact.NodeID, hash []byte) {
		nodes = append(nodes, Node{Key: NodeKey(id), Hash: hash})
	})
	if err != nil {
		return nil, nil, nil, err
	}
	root, err = r.GetRootHash(nil)
	if err != nil {
		return nil, nil, nil, err
	}
	return bytes.Join(r.Hashes(), nil), root, nodes, nil
}

// split cuts a border into its hashes.
func split(border []byte) [][]byte {
	var hs [][]byte
	for len(border) >= HashSize {
		hs = append(hs, border[:HashSize:HashSize])
		border = border[HashSize:]
	}
	return hs
}

// EmptyRoot is the root of a log with no records.
func EmptyRoot() []byte { return hasher.EmptyRoot() }

// NodeFetcher returns stored node hashes for keys, in the same order.
type NodeFetcher func(keys []int64) ([][]byte, error)

// InclusionProof builds the proof that leaf index is in the log of size
// records, from stored nodes.
func InclusionProof(index, size uint64, fetch NodeFetcher) ([][]byte, error) {
	nodes, err := proof.Inclusion(index, size)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return build(nodes, fetch)
}

// ConsistencyProof builds the proof that the log of size1 records is a
// prefix of the log of size2, from stored nodes.
func ConsistencyProof(size1, size2 uint64, fetch NodeFetcher) ([][]byte, error) {
	nodes, err := proof.Consistency(size1, size2)
	if err != nil {
		return nil, fmt.Errorf("audit: %w", err)
	}
	return build(nodes, fetch)
}

func build(nodes proof.Nodes, fetch NodeFetcher) ([][]byte, error) {
	keys := make([]int64, len(nodes.IDs))
	for i, id := range nodes.IDs {
		keys[i] = NodeKey(id)
	}
	hashes, err := fetch(keys)
	if err != nil {
		return nil, err
	}
	return nodes.Rehash(hashes, hasher.HashChildren)
}

// VerifyInclusion checks that leafHash is leaf index of the log whose root
// over size records is root.
func VerifyInclusion(index, size uint64, leafHash []byte, p [][]byte, root []byte) error {
	return proof.VerifyInclusion(hasher, index, size, leafHash, p, root)
}

// VerifyConsistency checks that root1 over size1 records is a prefix of
// root2 over size2.
func VerifyConsistency(size1, size2 uint64, p [][]byte, root1, root2 []byte) error {
	return proof.VerifyConsistency(hasher, size1, size2, p, root1, root2)
}

// Roots recomputes a log from its leaf hashes: it returns the root after
// all of them, for checking a whole stored log.
type Roots struct{ r *compact.Range }

// NewRoots starts an empty log.
func NewRoots() *Roots { return &Roots{r: factory.NewEmptyRange(0)} }

// Add appends the next leaf hash; visit, when not nil, sees each node
// that becomes complete, to compare with the stored one.
func (t *Roots) Add(leafHash []byte, visit func(key int64, hash []byte)) error {
	var fn compact.VisitFn
	if visit != nil {
		fn = func(id compact.NodeID, h []byte) { visit(NodeKey(id), h) }
	}
	return t.r.Append(leafHash, fn)
}

// Size is how many leaves were added.
func (t *Roots) Size() uint64 { return t.r.End() }

// Root is the root over the leaves added so far.
func (t *Roots) Root() []byte {
	if t.r.End() == 0 {
		return EmptyRoot()
	}
	root, _ := t.r.GetRootHash(nil) // a range from 0 always has a root
	return root
}
