package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// checkProgressEvery is how often dz audit check reports how far it is.
const checkProgressEvery = 2 * time.Second

// auditCheckCmd is `dz audit check`.
type auditCheckCmd struct {
	stdout, stderr io.Writer
}

// Run re-verifies one workspace's log, or every workspace's, and exits 1
// when any is broken.
func (c *auditCheckCmd) Run(ctx context.Context, args []string) error {
	fs, sf := storeFlagSet("dz audit check", c.stderr)
	slug := fs.String("workspace", "", "workspace `slug` to check (default: every workspace)")
	if err := parseAuditFlags(fs, args); err != nil {
		return err
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	var all []*dz.WorkspaceInfo
	if *slug != "" {
		ws, err := store.WorkspaceBySlug(ctx, *slug)
		if err != nil {
			return err
		}
		all = []*dz.WorkspaceInfo{ws}
	} else if all, err = store.Workspaces(ctx); err != nil {
		return err
	}
	if len(all) == 0 {
		fmt.Fprintln(c.stderr, "the store has no workspace yet: nothing to check")
	}
	broken := 0
	for _, ws := range all {
		ok, err := c.checkOne(ctx, store, ws)
		if err != nil {
			return err
		}
		if !ok {
			broken++
		}
	}
	if broken > 0 {
		fmt.Fprintf(c.stderr, "%d of %d workspace log(s) broken\n", broken, len(all))
		return exitError{1}
	}
	return nil
}

// checkOne checks one workspace's log and prints the result.
func (c *auditCheckCmd) checkOne(ctx context.Context, store dz.Store, ws *dz.WorkspaceInfo) (bool, error) {
	last := time.Now()
	progress := func(done, total uint64) {
		if time.Since(last) >= checkProgressEvery {
			last = time.Now()
			fmt.Fprintf(c.stderr, "%s: %d of %d records checked\n", ws.Slug, done, total)
		}
	}
	res, err := audit.CheckLog(ctx, store, ws.ID, progress)
	if err != nil {
		return false, fmt.Errorf("check workspace %s: %w", ws.Slug, err)
	}
	if p := res.Problem; p != nil {
		decision := ""
		if p.DecisionID != "" {
			decision = " (decision " + p.DecisionID + ")"
		}
		fmt.Fprintf(c.stdout, "BROKEN: %s: leaf %d%s: %s\n", ws.Slug, p.Index, decision, p.Reason)
		return false, nil
	}
	fmt.Fprintf(c.stdout, "ok: %s: %d records, root %s\n", ws.Slug, res.Size, base64.StdEncoding.EncodeToString(res.Root))
	return true, nil
}

// auditEraseCmd is `dz audit erase`.
type auditEraseCmd struct {
	stdout, stderr io.Writer
}

// Run drops the named fields' values and salts from a decision's record.
func (c *auditEraseCmd) Run(ctx context.Context, args []string) error {
	fs, sf := storeFlagSet("dz audit erase", c.stderr)
	slug := fs.String("workspace", "", "workspace `slug` (may be left out when the store holds one)")
	decision := fs.String("decision", "", "the decision `id` (dec_…) whose record to erase fields of")
	var fields profileFlags
	fs.Var(&fields, "field", "a field `name` to erase, as in the record, e.g. request/message (repeatable)")
	if err := parseAuditFlags(fs, args); err != nil {
		return err
	}
	if *decision == "" || len(fields) == 0 {
		return dz.Errorf(dz.EINVALID, "usage: dz audit erase --workspace SLUG --decision ID --field NAME [--field NAME…]")
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
	if err := store.EraseAuditFields(ctx, ws.ID, *decision, fields); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "erased %d field(s) of decision %s: %v\nTheir commitments stay: the record and the log still verify, with those fields withheld.\n",
		len(fields), *decision, fields.String())
	return nil
}
