package main

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// ExportFormat names the layout of dz audit export's header line.
const ExportFormat = "dz-audit-export/v1"

// exportHeader is the first line of an export: the head it was taken at,
// signed, so the lines after it can be checked against it offline.
type exportHeader struct {
	Format      string `json:"format"` // ExportFormat
	Workspace   string `json:"workspace"`
	WorkspaceID int64  `json:"workspace_id"`
	Size        uint64 `json:"size"`       // records that follow
	Root        string `json:"root"`       // base64 Merkle root of those records
	Checkpoint  string `json:"checkpoint"` // signed note of size and root
	PublicKey   string `json:"public_key"` // the verifier key that signed it
}

// exportBatch is how many records export reads at a time.
const exportBatch = 512

// auditExportCmd is `dz audit export`.
type auditExportCmd struct {
	stdout, stderr io.Writer
}

// Run writes a workspace's log as JSON Lines: the signed head, then the
// records in index order.
func (c *auditExportCmd) Run(ctx context.Context, args []string) error {
	fs, sf := storeFlagSet("dz audit export", c.stderr)
	slug := fs.String("workspace", "", "workspace `slug` (may be left out when the store holds one)")
	out := fs.String("out", "", "write to `file` instead of stdout")
	if err := parseAuditFlags(fs, args); err != nil {
		return err
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ws, err := auditWorkspace(ctx, store, *slug)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err := exportLog(ctx, store, ws, c.stdout)
		return err
	}
	var n uint64
	if err := writeFileAtomic(*out, func(w io.Writer) (err error) {
		n, err = exportLog(ctx, store, ws, w)
		return err
	}); err != nil {
		return err
	}
	fmt.Fprintf(c.stderr, "wrote %d records of workspace %q to %s\n", n, ws.Slug, *out)
	return nil
}

// exportLog writes the header and every record up to the head read first,
// and returns how many records it wrote.
func exportLog(ctx context.Context, store dz.Store, ws *dz.WorkspaceInfo, out io.Writer) (uint64, error) {
	head, err := store.AuditHead(ctx, ws.ID)
	if err != nil {
		return 0, err
	}
	hdr, err := signedHeader(ctx, store, ws, head)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriter(out)
	enc := json.NewEncoder(w) // one value a line
	if err := enc.Encode(hdr); err != nil {
		return 0, err
	}
	var n uint64
	for n < head.Size {
		recs, err := store.AuditRecords(ctx, ws.ID, n, int(min(exportBatch, head.Size-n)))
		if err != nil {
			return n, err
		}
		if len(recs) == 0 {
			return n, dz.Errorf(dz.EINTERNAL, "record %d of workspace %q is missing: its head says %d (run dz audit check)", n, ws.Slug, head.Size)
		}
		for _, r := range recs {
			if err := enc.Encode(r); err != nil {
				return n, err
			}
			n++
		}
	}
	return n, w.Flush()
}

// signedHeader signs the head with the server's checkpoint key, as the
// server's /api/v1/audit/checkpoint does.
func signedHeader(ctx context.Context, store dz.Store, ws *dz.WorkspaceInfo, head *dz.AuditHead) (*exportHeader, error) {
	key, err := store.AuditSigningKey(ctx, audit.NewKey)
	if err != nil {
		return nil, err
	}
	signer, err := audit.NewSigner(key)
	if err != nil {
		return nil, err
	}
	root := head.Root
	if head.Size == 0 {
		root = audit.EmptyRoot()
	}
	note, err := signer.Sign(audit.Checkpoint{Origin: audit.Origin(ws.Slug), Size: head.Size, Root: root})
	if err != nil {
		return nil, err
	}
	return &exportHeader{Format: ExportFormat, Workspace: ws.Slug, WorkspaceID: ws.ID, Size: head.Size,
		Root: base64.StdEncoding.EncodeToString(root), Checkpoint: note, PublicKey: signer.VerifierKey()}, nil
}

// writeFileAtomic writes path through a temporary file renamed into place
// once write succeeds, so a failed export leaves no half file. The file is
// readable by its owner only: records hold customers' words.
func writeFileAtomic(path string, write func(io.Writer) error) error {
	tmp := path + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return dz.Errorf(dz.EINVALID, "%v", err)
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// parseAuditFlags parses a dz audit command that takes flags only.
func parseAuditFlags(fs *flag.FlagSet, args []string) error {
	pos, err := parseInterspersed(fs, args)
	if err == nil && len(pos) > 0 {
		err = dz.Errorf(dz.EINVALID, "unexpected argument %q (dz audit -h)", pos[0])
	}
	return err
}
