// Package audit makes DelegateZero's decisions verifiable by anyone: each
// decision becomes a record of separately salted and committed fields, the
// record's commitments become a leaf of the workspace's RFC 6962 Merkle
// tree (github.com/transparency-dev/merkle), and the tree's head is signed
// as a checkpoint in the signed-note format of golang.org/x/mod/sumdb/note.
//
// The package holds no storage: the stores call Append inside the
// decision's transaction and keep the nodes it reports; the server and the
// dz audit commands build proofs from stored nodes and check them here.
// docs/audit.md specifies every byte, so a verifier can be written from it.
package audit
