package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/engine"
	"github.com/delegatezero/dz/internal/workspace"
)

// contextCmd is `dz context validate DIR`.
type contextCmd struct {
	stdout, stderr io.Writer
}

// Run validates a workspace folder and prints every problem.
func (c *contextCmd) Run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "validate" {
		return dz.Errorf(dz.EINVALID, "usage: dz context validate DIR")
	}
	fs := flag.NewFlagSet("dz context validate", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	pos, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return dz.Errorf(dz.EINVALID, "usage: dz context validate DIR (one workspace folder)")
	}
	eng, err := openEngine(pos[0])
	if err != nil {
		return err
	}
	ws := eng.Workspace()
	fmt.Fprintf(c.stdout, "%s: ok — %d entities, %d policies, %d precedents, %d playbooks, %d templates, %d sources, %d tests\n",
		pos[0], len(ws.Entities), len(ws.Policies), len(ws.Precedents), len(ws.Playbooks), len(ws.Templates), len(ws.Sources), len(ws.Tests))
	return nil
}

// openEngine reads and validates a workspace folder and builds its engine.
func openEngine(dir string) (*engine.Engine, error) {
	ws, err := workspace.LoadDir(dir)
	if err != nil {
		return nil, err
	}
	return engine.New(ws)
}
