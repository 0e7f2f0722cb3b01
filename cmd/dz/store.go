package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/postgres"
	"github.com/delegatezero/dz/internal/sqlite"
)

// storeFlags are the flags every command that opens the store shares.
type storeFlags struct {
	data        string
	databaseURL string
}

// storeFlagSet is the flag set of a command that opens the store: named
// for the command, printing to stderr, with the store flags registered.
func storeFlagSet(name string, stderr io.Writer) (*flag.FlagSet, *storeFlags) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	sf := &storeFlags{}
	sf.register(fs)
	return fs, sf
}

func (sf *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&sf.data, "data", "./dz-data", "`folder` for the embedded SQLite database, which also keeps the audit signing key")
	fs.StringVar(&sf.databaseURL, "database-url", os.Getenv("DZ_DATABASE_URL"), "PostgreSQL `URL` (postgres://…); default $DZ_DATABASE_URL, else SQLite under --data")
}

// parseAndOpen parses args, whose flags may come after the positional
// arguments, then opens the store; it returns the positional arguments.
func (sf *storeFlags) parseAndOpen(ctx context.Context, fs *flag.FlagSet, args []string) ([]string, dz.Store, error) {
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, nil, err
	}
	store, err := sf.open(ctx)
	return pos, store, err
}

// open opens PostgreSQL when a URL is given, else SQLite in the data folder.
func (sf *storeFlags) open(ctx context.Context) (dz.Store, error) {
	if sf.databaseURL != "" {
		if !strings.HasPrefix(sf.databaseURL, "postgres://") && !strings.HasPrefix(sf.databaseURL, "postgresql://") {
			return nil, dz.Errorf(dz.EINVALID, "--database-url must start with postgres://")
		}
		return postgres.Open(ctx, sf.databaseURL, time.Now)
	}
	if err := os.MkdirAll(sf.data, 0o700); err != nil {
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	return sqlite.Open(filepath.Join(sf.data, "dz.db"), time.Now)
}

// workspaceFor returns the workspace with this slug, creating it if needed.
func workspaceFor(ctx context.Context, store dz.Store, slug, name string) (*dz.WorkspaceInfo, bool, error) {
	ws, err := store.WorkspaceBySlug(ctx, slug)
	if err == nil {
		return ws, false, nil
	}
	if dz.ErrorCode(err) != dz.ENOTFOUND {
		return nil, false, err
	}
	ws, err = store.CreateWorkspace(ctx, slug, name)
	return ws, err == nil, err
}
