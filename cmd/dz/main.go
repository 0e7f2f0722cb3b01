// Command dz is DelegateZero's command line: decide a request against a
// workspace folder, run a workspace's decision tests, validate context,
// serve the API, and verify and keep the audit log.
//
//	dz decide --workspace DIR [flags] "request"
//	dz test --workspace DIR
//	dz context validate DIR
//	dz audit verify|export|check|erase
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/delegatezero/dz"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand: it parses its own flags and does its work.
type command interface {
	Run(ctx context.Context, args []string) error
}

// exitError carries an exit code without printing anything more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

const usage = `dz — DelegateZero, a decision proxy for founders.

Usage:
  dz decide --workspace DIR [--entity ID] [--data TEXT] [--fact key=value]... [--now RFC3339] [--json] "request"
  dz test --workspace DIR [--run NAME] [-v]
  dz context validate DIR
  dz serve [--addr 127.0.0.1:8080] [--data ./dz-data | --database-url postgres://…] [--demo]
  dz keys create|list|revoke [--workspace SLUG] [--data DIR | --database-url URL]
  dz users list [--workspace SLUG] | dz users reset-password EMAIL   [--data DIR | --database-url URL]
  dz audit verify URL|FILE [--key VERIFIERKEY]
  dz audit export|check|erase [--workspace SLUG] [--data DIR | --database-url URL]
  dz bench [--server URL] --key KEY [--duration 60s] [--concurrency 16]
  dz version

Run "dz COMMAND -h" for a command's flags.
`

// run is the testable entry point: it returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	var cmd command
	switch args[0] {
	case "decide":
		cmd = &decideCmd{stdout: stdout, stderr: stderr}
	case "test":
		cmd = &testCmd{stdout: stdout, stderr: stderr}
	case "context":
		cmd = &contextCmd{stdout: stdout, stderr: stderr}
	case "serve":
		cmd = &serveCmd{stdout: stdout, stderr: stderr}
	case "keys":
		cmd = &keysCmd{stdout: stdout, stderr: stderr}
	case "users":
		cmd = &usersCmd{stdout: stdout, stderr: stderr}
	case "audit":
		cmd = &auditCmd{stdout: stdout, stderr: stderr}
	case "bench":
		cmd = &benchCmd{stdout: stdout, stderr: stderr}
	case "version":
		fmt.Fprintln(stdout, version())
		return 0
	default:
		fmt.Fprintf(stderr, "dz: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd.Run(ctx, args[1:])
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ee):
		return ee.code
	}
	var ps dz.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(stderr, p)
		}
		fmt.Fprintf(stderr, "%d problem(s)\n", len(ps))
		return 1
	}
	fmt.Fprintf(stderr, "dz %s: %s\n", args[0], dz.ErrorMessage(err))
	if dz.ErrorCode(err) == dz.EINTERNAL {
		fmt.Fprintf(stderr, "  (%v)\n", err)
	}
	return 1
}

// parseInterspersed parses flags that may come before or after positional
// arguments, so `dz decide "text" --json` works as well as `dz decide --json "text"`.
// An argument that starts with "-" but holds white space (a forwarded
// e-mail's "-----") is a message, not a flag: flags are single words.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		end := slices.IndexFunc(args, isMessage)
		if end < 0 {
			end = len(args)
		}
		part, err := parseFlags(fs, args[:end])
		if err != nil {
			return nil, err
		}
		pos = append(pos, part...)
		if end < len(args) {
			pos = append(pos, args[end])
			end++
		}
		args = args[end:]
	}
	return pos, nil
}

func isMessage(arg string) bool {
	return strings.HasPrefix(arg, "-") && strings.ContainsAny(arg, " \n\t")
}

// parseFlags parses flags interspersed with positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
