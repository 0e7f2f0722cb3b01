package audit

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// KeyName is the name in every DelegateZero audit key and signature line.
const KeyName = "delegatezero-audit"

// NewKey makes an Ed25519 signing key in the note format; the verifier key
// (the public half) is derived from it by VerifierKey.
func NewKey() (signerKey string, err error) {
	skey, _, err := note.GenerateKey(rand.Reader, KeyName)
	return skey, err
}

// Signer signs a server's checkpoints.
type Signer struct {
	s   note.Signer
	key string // the verifier key
}

// NewSigner reads a signing key made by NewKey.
func NewSigner(signerKey string) (*Signer, error) {
	s, err := note.NewSigner(signerKey)
	if err != nil {
		return nil, fmt.Errorf("audit: the stored signing key is unreadable: %w", err)
	}
	vkey, err := verifierKey(signerKey)
	if err != nil {
		return nil, err
	}
	return &Signer{s: s, key: vkey}, nil
}

// VerifierKey is the public key that checks this signer's checkpoints, as
// "NAME+HASH+BASE64": give it to dz audit verify --key.
func (s *Signer) VerifierKey() string { return s.key }

// verifierKey derives the verifier key from a note signer key
// "PRIVATE+KEY+NAME+HASH+KEYDATA": the Ed25519 public key of its seed.
func verifierKey(skey string) (string, error) {
	parts := strings.SplitN(skey, "+", 5)
	if len(parts) != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" {
		return "", fmt.Errorf("audit: the stored signing key is not a note signer key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[4])
	if err != nil || len(raw) != 33 || raw[0] != 1 {
		return "", fmt.Errorf("audit: the stored signing key is not an Ed25519 note key")
	}
	pub, err := ed25519Public(raw[1:])
	if err != nil {
		return "", err
	}
	vkey, err := note.NewEd25519VerifierKey(parts[2], pub)
	if err != nil {
		return "", fmt.Errorf("audit: %w", err)
	}
	return vkey, nil
}

// Checkpoint is a signed statement of a log's size and root: the
// transparency-dev checkpoint body ("ORIGIN\nSIZE\nBASE64ROOT\n").
type Checkpoint struct {
	Origin string
	Size   uint64
	Root   []byte
}

// Origin names a workspace's log in its checkpoints.
func Origin(workspaceSlug string) string { return "delegatezero/" + workspaceSlug }

// Text is the checkpoint's body, the signed text.
func (c Checkpoint) Text() string {
	return c.Origin + "\n" + strconv.FormatUint(c.Size, 10) + "\n" + base64.StdEncoding.EncodeToString(c.Root) + "\n"
}

// Sign returns the checkpoint as a signed note. Ed25519 signatures are
// deterministic: the same head always gives the same note.
func (s *Signer) Sign(c Checkpoint) (string, error) {
	msg, err := note.Sign(&note.Note{Text: c.Text()}, s.s)
	if err != nil {
		return "", fmt.Errorf("audit: sign checkpoint: %w", err)
	}
	return string(msg), nil
}

// OpenCheckpoint checks a signed checkpoint against a verifier key and
// returns what it states.
func OpenCheckpoint(signed, verifierKey string) (Checkpoint, error) {
	v, err := note.NewVerifier(verifierKey)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("the public key %q is not a note verifier key: %w", verifierKey, err)
	}
	n, err := note.Open([]byte(signed), note.VerifierList(v))
	if err != nil {
		return Checkpoint{}, fmt.Errorf("the checkpoint's signature does not verify with key %s: %w", verifierKey, err)
	}
	return ParseCheckpoint(n.Text)
}

// ParseCheckpoint reads a checkpoint body without checking any signature.
func ParseCheckpoint(text string) (Checkpoint, error) {
	lines := strings.SplitN(text, "\n", 4)
	if len(lines) < 4 {
		return Checkpoint{}, fmt.Errorf("a checkpoint has three lines: origin, size, base64 root")
	}
	size, err := strconv.ParseUint(lines[1], 10, 64)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint size %q is not a whole number", lines[1])
	}
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != HashSize {
		return Checkpoint{}, fmt.Errorf("checkpoint root %q is not a base64 SHA-256 hash", lines[2])
	}
	return Checkpoint{Origin: lines[0], Size: size, Root: root}, nil
}
