package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/delegatezero/dz"
)

// auditUsage is `dz audit -h`.
const auditUsage = `dz audit — check and keep the append-only audit log.

Every decision that is not a dry run is a record in its workspace's log: a
leaf of a Merkle tree whose head the server signs (docs/audit.md).

Usage:
  dz audit verify URL|FILE [--key VERIFIERKEY] [--api-key KEY]
      Check one decision's record offline: every shown field against its
      commitment, its inclusion proof against the signed checkpoint, and the
      checkpoint's signature. URL is a public audit page (/audit/TOKEN) or
      /api/v1/decisions/ID/proof (with --api-key, default $DZ_API_KEY);
      FILE is a bundle saved from either ("-" reads stdin). Without --key the
      key the server sent is trusted; pass the key from
      /api/v1/audit/public-key, kept from an earlier visit, to pin it.
      Exit status 0 when it verifies, 1 when it does not.

  dz audit export [--workspace SLUG] [--out FILE] [--data DIR | --database-url URL]
      Write a workspace's log as JSON Lines. The first line is the header:
      {"format":"dz-audit-export/v1","workspace":SLUG,"workspace_id":ID,
       "size":N,"root":BASE64,"checkpoint":SIGNED_NOTE,"public_key":KEY}
      — the head the export was taken at, signed. Then one line per record,
      leaf 0 to N-1 in order: {"workspace_id","index","decision_id",
      "fields":[{"name","commitment","salt","value"}…],"created_at"}.
      Records appended meanwhile are left for the next export.

  dz audit check [--workspace SLUG] [--data DIR | --database-url URL]
      Re-verify whole logs (every workspace when none is named): every field
      against its commitment, every stored leaf and tree node, and the head.
      Prints "ok: SLUG: N records, root BASE64" per workspace, or the first
      broken leaf's index, decision and reason; exit status 1 if any is broken.

  dz audit erase --workspace SLUG --decision ID --field NAME [--field NAME…]
      Honour an erasure request: drop the named fields' values and salts
      from a decision's record. Their commitments stay, so the log and the
      record still verify, with those fields withheld.

--workspace may be left out when the store holds one workspace.
`

// auditCmd is `dz audit verify|export|check|erase`.
type auditCmd struct {
	stdout, stderr io.Writer
}

// Run dispatches to the audit subcommand.
func (c *auditCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(c.stderr, auditUsage)
		return exitError{2}
	}
	var cmd command
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(c.stdout, auditUsage)
		return nil
	case "verify":
		cmd = &auditVerifyCmd{stdout: c.stdout, stderr: c.stderr}
	case "export":
		cmd = &auditExportCmd{stdout: c.stdout, stderr: c.stderr}
	case "check":
		cmd = &auditCheckCmd{stdout: c.stdout, stderr: c.stderr}
	case "erase":
		cmd = &auditEraseCmd{stdout: c.stdout, stderr: c.stderr}
	default:
		return dz.Errorf(dz.EINVALID, "unknown audit command %q: use verify, export, check or erase (dz audit -h)", args[0])
	}
	return cmd.Run(ctx, args[1:])
}

// auditWorkspace finds the workspace a command names, or the store's only
// one when slug is "".
func auditWorkspace(ctx context.Context, store dz.Store, slug string) (*dz.WorkspaceInfo, error) {
	if slug != "" {
		return store.WorkspaceBySlug(ctx, slug)
	}
	all, err := store.Workspaces(ctx)
	if err != nil {
		return nil, err
	}
	if len(all) == 1 {
		return all[0], nil
	}
	slugs := make([]string, len(all))
	for i, ws := range all {
		slugs[i] = ws.Slug
	}
	if len(all) == 0 {
		return nil, dz.Errorf(dz.ENOTFOUND, "the store has no workspace yet")
	}
	return nil, dz.Errorf(dz.EINVALID, "the store has %d workspaces (%s): name one with --workspace", len(all), strings.Join(slugs, ", "))
}
