package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
)

// usersCmd is `dz users list|reset-password`: the dashboard's accounts,
// from the server's own machine, for an owner who lost their password.
type usersCmd struct {
	stdout, stderr io.Writer
}

// Run lists a workspace's dashboard users or gives one a new password.
func (c *usersCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return dz.Errorf(dz.EINVALID, "usage: dz users list --workspace SLUG | dz users reset-password EMAIL [flags]")
	}
	fs, sf := storeFlagSet("dz users "+args[0], c.stderr)
	slug := fs.String("workspace", "default", "workspace `slug` (list)")
	pos, store, err := sf.parseAndOpen(ctx, fs, args[1:])
	if err != nil {
		return err
	}
	defer store.Close()
	switch args[0] {
	case "list":
		ws, err := store.WorkspaceBySlug(ctx, *slug)
		if err != nil {
			return err
		}
		users, err := store.Users(ctx, ws.ID)
		if err != nil {
			return err
		}
		for _, u := range users {
			fmt.Fprintf(c.stdout, "%s\t%s\t%s\t%s\n", u.Email, u.Name, u.Role, u.CreatedAt.Format(time.RFC3339))
		}
		return nil
	case "reset-password":
		if len(pos) != 1 {
			return dz.Errorf(dz.EINVALID, "usage: dz users reset-password EMAIL [--data DIR | --database-url URL]")
		}
		password := dz.NewPassword()
		hash, err := dzhttp.HashPassword(password)
		if err != nil {
			return err
		}
		u, err := store.SetPassword(ctx, pos[0], hash)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stderr, "%s has a new password; their sessions are signed out\n", u.Email)
		fmt.Fprintln(c.stdout, password) // only the password on stdout, for scripts
		return nil
	}
	return dz.Errorf(dz.EINVALID, "unknown users command %q: use list or reset-password", args[0])
}
