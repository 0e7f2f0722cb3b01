package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/delegatezero/dz"
)

// keysCmd is `dz keys create|list|revoke`.
type keysCmd struct {
	stdout, stderr io.Writer
}

// Run manages a workspace's API keys.
func (c *keysCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return dz.Errorf(dz.EINVALID, "usage: dz keys create|list|revoke [flags]")
	}
	fs, sf := storeFlagSet("dz keys "+args[0], c.stderr)
	slug := fs.String("workspace", "default", "workspace `slug`")
	name := fs.String("name", "", "a name for the key, e.g. help-desk")
	var profiles profileFlags
	fs.Var(&profiles, "profile", "a profile the key may decide under (repeatable)")
	pos, store, err := sf.parseAndOpen(ctx, fs, args[1:])
	if err != nil {
		return err
	}
	defer store.Close()
	switch args[0] {
	case "create":
		ws, created, err := workspaceFor(ctx, store, *slug, *slug)
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintf(c.stderr, "created workspace %q\n", ws.Slug)
		}
		secret, err := createKey(ctx, store, ws.ID, *name, profiles)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.stdout, secret) // only the key on stdout, for scripts
		return nil
	case "list":
		ws, err := store.WorkspaceBySlug(ctx, *slug)
		if err != nil {
			return err
		}
		keys, err := store.ListKeys(ctx, ws.ID)
		if err != nil {
			return err
		}
		for _, k := range keys {
			state := "active"
			if k.RevokedAt != nil {
				state = "revoked " + k.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(c.stdout, "%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, strings.Join(k.Profiles, ","), k.CreatedAt.Format(time.RFC3339), state)
		}
		return nil
	case "revoke":
		if len(pos) != 1 {
			return dz.Errorf(dz.EINVALID, "usage: dz keys revoke --workspace SLUG KEY_ID (dzk_…)")
		}
		ws, err := store.WorkspaceBySlug(ctx, *slug)
		if err != nil {
			return err
		}
		return store.RevokeKey(ctx, ws.ID, pos[0])
	}
	return dz.Errorf(dz.EINVALID, "unknown keys command %q: use create, list or revoke", args[0])
}

// createKey makes a key and returns its secret, which is shown only now.
func createKey(ctx context.Context, store dz.Store, workspaceID int64, name string, profiles []string) (string, error) {
	id, secret := dz.NewKeySecret()
	key := &dz.APIKey{ID: id, WorkspaceID: workspaceID, Name: name, Profiles: profiles, CreatedAt: time.Now().UTC()}
	if err := store.CreateKey(ctx, key, dz.HashSecret(secret)); err != nil {
		return "", err
	}
	return secret, nil
}

// profileFlags collects repeated --profile flags.
type profileFlags []string

func (p *profileFlags) String() string { return strings.Join(*p, ",") }

// Set adds one profile.
func (p *profileFlags) Set(s string) error {
	*p = append(*p, s)
	return nil
}
