package audit

import (
	"crypto/ed25519"
	"fmt"
)

// ed25519Public derives the public key from a 32-byte Ed25519 seed.
func ed25519Public(seed []byte) (ed25519.PublicKey, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("audit: an Ed25519 seed is %d bytes, not %d", ed25519.SeedSize, len(seed))
	}
	return ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey), nil
}
