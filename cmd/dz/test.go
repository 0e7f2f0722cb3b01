package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/expect"
)

// testCmd is `dz test`: run a workspace's decision tests.
type testCmd struct {
	stdout, stderr io.Writer
}

// Run decides every case in tests/*.yaml, prints each failure with its
// reasons, and ends with "N passed, N failed". Any failure exits 1.
func (c *testCmd) Run(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("dz test", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	dir := fs.String("workspace", ".", "workspace `folder`")
	only := fs.String("run", "", "run only cases whose name contains this text")
	verbose := fs.Bool("v", false, "print passing cases too")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 1 && *dir == "." {
		*dir = pos[0]
	}
	eng, err := openEngine(*dir)
	if err != nil {
		return err
	}
	ws := eng.Workspace()
	passed, failed := 0, 0
	for _, tc := range ws.Tests {
		if *only != "" && !strings.Contains(tc.Name, *only) {
			continue
		}
		now := tc.Now
		if now.IsZero() {
			now = ws.Settings.Clock
		}
		var fails []string
		if now.IsZero() {
			fails = []string{"no time to decide at: set `now` on the case or `clock` in dz.yaml"}
		} else if dec, err := eng.Decide(ctx, expect.Request(tc), now); err != nil {
			fails = []string{"decide: " + dz.ErrorMessage(err)}
		} else {
			fails = expect.Check(tc.Expect, dec)
		}
		if len(fails) == 0 {
			passed++
			if *verbose {
				fmt.Fprintf(c.stdout, "PASS %s\n", tc.Name)
			}
			continue
		}
		failed++
		fmt.Fprintf(c.stdout, "FAIL %s (%s)\n", tc.Name, tc.Pos)
		for _, f := range fails {
			fmt.Fprintf(c.stdout, "     %s\n", f)
		}
	}
	fmt.Fprintf(c.stdout, "%d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitError{code: 1}
	}
	return nil
}
