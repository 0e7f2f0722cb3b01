package http

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// newAuditToken makes the secret of a public audit URL: the time in
// milliseconds (48 bits), then 144 random bits, as 32 URL-safe base64
// characters. The time leads so that tokens made one after another sit
// together in the stores' index on them: random tokens changed a
// different page of it on every decision, which cost about a tenth of
// SQLite's throughput.
func newAuditToken() string {
	var b [24]byte
	binary.BigEndian.PutUint64(b[:8], uint64(max(time.Now().UnixMilli(), 0))<<16)
	_, _ = rand.Read(b[6:]) // crypto/rand does not fail on supported platforms
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// auditRecord builds a completed decision's audit record.
func auditRecord(rec *dz.DecisionRecord, eng *compiled) (*dz.AuditRecord, error) {
	a, err := audit.Build(audit.Input{Decision: rec, Versions: eng.versions, Workspace: eng.Workspace()})
	if err != nil {
		return nil, dz.Errorf(dz.EINTERNAL, "%v", err)
	}
	return a, nil
}

// auditSigner signs checkpoints with the key kept in the store, read (or
// created) on first use.
type auditSigner struct {
	mu     sync.Mutex
	signer *audit.Signer
}

func (s *Server) signer(ctx context.Context) (*audit.Signer, error) {
	s.audit.mu.Lock()
	defer s.audit.mu.Unlock()
	if s.audit.signer != nil {
		return s.audit.signer, nil
	}
	key, err := s.cfg.Store.AuditSigningKey(ctx, audit.NewKey)
	if err != nil {
		return nil, err
	}
	signer, err := audit.NewSigner(key)
	if err != nil {
		return nil, err
	}
	s.audit.signer = signer
	return signer, nil
}

// checkpoint signs the workspace log's current head.
func (s *Server) checkpoint(ctx context.Context, workspaceID int64) (*dz.AuditHead, string, error) {
	signer, err := s.signer(ctx)
	if err != nil {
		return nil, "", err
	}
	head, err := s.cfg.Store.AuditHead(ctx, workspaceID)
	if err != nil {
		return nil, "", err
	}
	slug, err := s.workspaceSlug(ctx, workspaceID)
	if err != nil {
		return nil, "", err
	}
	root := head.Root
	if head.Size == 0 {
		root = audit.EmptyRoot()
	}
	note, err := signer.Sign(audit.Checkpoint{Origin: audit.Origin(slug), Size: head.Size, Root: root})
	return head, note, err
}

// workspaceSlug names a workspace for its checkpoints' origin line.
func (s *Server) workspaceSlug(ctx context.Context, id int64) (string, error) {
	if slug, ok := s.slugs.Load(id); ok {
		return slug.(string), nil
	}
	all, err := s.cfg.Store.Workspaces(ctx)
	if err != nil {
		return "", err
	}
	for _, ws := range all {
		s.slugs.Store(ws.ID, ws.Slug)
	}
	if slug, ok := s.slugs.Load(id); ok {
		return slug.(string), nil
	}
	return "", dz.Errorf(dz.ENOTFOUND, "workspace %d does not exist", id)
}

// bundle proves a decision's record against a freshly signed checkpoint.
// With public set, the fields the workspace's audit settings hide keep
// only their commitments.
func (s *Server) bundle(ctx context.Context, workspaceID int64, decisionID string, public bool) (*audit.Bundle, error) {
	rec, err := s.cfg.Store.AuditRecord(ctx, workspaceID, decisionID)
	if err != nil {
		return nil, err
	}
	head, note, err := s.checkpoint(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	proof, err := audit.InclusionProof(rec.Index, head.Size, func(keys []int64) ([][]byte, error) {
		return s.cfg.Store.AuditNodes(ctx, workspaceID, keys)
	})
	if err != nil {
		return nil, err
	}
	if public {
		settings, err := s.auditSettings(ctx, workspaceID)
		if err != nil {
			return nil, err
		}
		rec = audit.Redact(rec, settings)
	}
	signer, err := s.signer(ctx)
	if err != nil {
		return nil, err
	}
	return audit.NewBundle(rec, head.Size, proof, note, signer.VerifierKey())
}

// auditSettings are the workspace's current rules for public pages.
func (s *Server) auditSettings(ctx context.Context, workspaceID int64) (dz.AuditSettings, error) {
	eng, err := s.engines.get(ctx, workspaceID)
	if err != nil {
		return dz.AuditSettings{}, err
	}
	return eng.Workspace().Settings.Audit, nil
}

// publicKey is GET /api/v1/audit/public-key: the key that verifies every
// checkpoint this server signs. No API key needed.
func (s *Server) publicKey(w http.ResponseWriter, r *http.Request) error {
	signer, err := s.signer(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]string{"key": signer.VerifierKey(), "name": audit.KeyName,
		"algorithm": "Ed25519", "format": "golang.org/x/mod/sumdb/note verifier key"})
}

// checkpointBody is GET /api/v1/audit/checkpoint's answer.
type checkpointBody struct {
	Size       uint64 `json:"size"`
	Root       string `json:"root"`       // base64
	Checkpoint string `json:"checkpoint"` // the signed note
}

// getCheckpoint is GET /api/v1/audit/checkpoint: the key's workspace log
// head, signed now.
func (s *Server) getCheckpoint(w http.ResponseWriter, r *http.Request) error {
	head, note, err := s.checkpoint(r.Context(), apiKey(r.Context()).WorkspaceID)
	if err != nil {
		return err
	}
	cp, err := audit.ParseCheckpoint(firstText(note))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, checkpointBody{Size: head.Size, Root: base64.StdEncoding.EncodeToString(cp.Root), Checkpoint: note})
}

// firstText is a signed note's text: up to the blank line before its signatures.
func firstText(note string) string {
	for i := 0; i+1 < len(note); i++ {
		if note[i] == '\n' && note[i+1] == '\n' {
			return note[:i+1]
		}
	}
	return note
}

// consistencyBody is GET /api/v1/audit/consistency's answer.
type consistencyBody struct {
	From  uint64   `json:"from"`
	To    uint64   `json:"to"`
	Proof []string `json:"proof"` // base64 hashes
}

// getConsistency is GET /api/v1/audit/consistency?from=N&to=M: the proof
// that the log of N records is a prefix of the log of M (M defaults to
// the current size).
func (s *Server) getConsistency(w http.ResponseWriter, r *http.Request) error {
	ws := apiKey(r.Context()).WorkspaceID
	head, err := s.cfg.Store.AuditHead(r.Context(), ws)
	if err != nil {
		return err
	}
	from, err := sizeParam(r, "from", 0)
	if err != nil {
		return err
	}
	to, err := sizeParam(r, "to", head.Size)
	if err != nil {
		return err
	}
	if from > to || to > head.Size {
		return dz.Errorf(dz.EINVALID, "need from ≤ to ≤ %d (the log's size); got from=%d to=%d", head.Size, from, to)
	}
	proof, err := audit.ConsistencyProof(from, to, func(keys []int64) ([][]byte, error) {
		return s.cfg.Store.AuditNodes(r.Context(), ws, keys)
	})
	if err != nil {
		return err
	}
	out := consistencyBody{From: from, To: to, Proof: make([]string, len(proof))}
	for i, h := range proof {
		out.Proof[i] = base64.StdEncoding.EncodeToString(h)
	}
	return writeJSON(w, http.StatusOK, out)
}

func sizeParam(r *http.Request, name string, def uint64) (uint64, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		return 0, dz.Errorf(dz.EINVALID, "%s=%q must be a whole number of records", name, v)
	}
	return n, nil
}

// getProof is GET /api/v1/decisions/{id}/proof: the decision's whole
// record with its inclusion proof and a signed checkpoint — what dz audit
// verify checks.
func (s *Server) getProof(w http.ResponseWriter, r *http.Request) error {
	b, err := s.bundle(r.Context(), apiKey(r.Context()).WorkspaceID, r.PathValue("id"), false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, b)
}

// linkBody is the answer of the public-link routes.
type linkBody struct {
	PublicAuditURL string `json:"public_audit_url"`
}

// newPublicLink is POST /api/v1/decisions/{id}/public-link: a new public
// audit URL; the old one stops working.
func (s *Server) newPublicLink(w http.ResponseWriter, r *http.Request) error {
	token := newAuditToken()
	if err := s.cfg.Store.SetAuditLink(r.Context(), apiKey(r.Context()).WorkspaceID, r.PathValue("id"), token); err != nil {
		return err
	}
	var d dz.Decision
	s.auditURLs(&d, token)
	return writeJSON(w, http.StatusCreated, linkBody{PublicAuditURL: d.PublicAuditURL})
}

// revokePublicLink is DELETE /api/v1/decisions/{id}/public-link: the
// decision's public audit URL stops working. The record stays.
func (s *Server) revokePublicLink(w http.ResponseWriter, r *http.Request) error {
	if err := s.cfg.Store.SetAuditLink(r.Context(), apiKey(r.Context()).WorkspaceID, r.PathValue("id"), ""); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
