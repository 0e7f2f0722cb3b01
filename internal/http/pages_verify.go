package http

import "github.com/delegatezero/dz/internal/audit"

// verifyView is a page's verify panel: what anyone needs to check that the
// record is in the signed log, unchanged.
type verifyView struct {
	Index      uint64
	LeafHash   string // hex
	TreeSize   uint64
	Proof      []string // base64 hashes, leaf to root
	Checkpoint string   // the signed note
	PublicKey  string
	Command    string // the one command that checks it all
	Shown      int    // fields shown with their values
	Withheld   int    // fields present only as commitments
}

// verifyOf fills a verify panel from a bundle.
func verifyOf(b *audit.Bundle, command string) verifyView {
	v := verifyView{Index: b.Record.Index, LeafHash: b.LeafHash, TreeSize: b.TreeSize, Proof: b.Proof,
		Checkpoint: b.Checkpoint, PublicKey: b.PublicKey, Command: command}
	for _, f := range b.Record.Fields {
		if f.Redacted() {
			v.Withheld++
		} else {
			v.Shown++
		}
	}
	return v
}
