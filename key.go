package dz

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// NewKeySecret makes a new API key secret, "dzk_<id>_<secret>", and returns
// the key id (its public prefix, "dzk_<id>") with it. The secret is shown
// once; only HashSecret of it is stored.
func NewKeySecret() (id, secret string) {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	h := hex.EncodeToString(b)
	id = "dzk_" + h[:8]
	return id, id + "_" + h[8:]
}

// HashSecret is what the store keeps of a key secret: its SHA-256, hex.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(secret)))
	return hex.EncodeToString(sum[:])
}

// NewPassword makes a random password for an account created on someone's
// behalf: 16 letters and digits, about 90 bits.
func NewPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand does not fail on supported platforms
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
