package http

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"
	"testing/fstest"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/workspace"
)

// Import limits: an archive is a workspace folder, not a file store.
const (
	maxImportBytes = 64 << 20
	maxImportFiles = 50_000
)

// importContext is POST /api/v1/context/import: a workspace folder as a
// .tar.gz, .tar or .zip archive. It is validated exactly as dz context
// validate does; any problem rejects the whole import and lists every one.
// Entries are added or updated; with ?replace=true, entries the archive
// lacks are removed too (as tombstones: old versions stay readable).
func (s *Server) importContext(w http.ResponseWriter, r *http.Request) error {
	key := apiKey(r.Context())
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxImportBytes))
	if err != nil {
		return err
	}
	res, err := s.importArchive(r.Context(), key.WorkspaceID, raw, r.URL.Query().Get("replace") == "true")
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"entries": res.Entries, "new_versions": res.NewVersions, "workspace_hash": res.WorkspaceHash})
}

// importResult is what an import stored.
type importResult struct {
	Entries       int    // entries in the archive (with tombstones when replacing)
	NewVersions   int    // entries that changed
	WorkspaceHash string // the archive's workspace hash
}

// importArchive validates a workspace folder archive as dz context validate
// does and stores its entries; with replace, entries it lacks are removed.
// Any problem rejects the whole archive (a dz.Problems lists them all).
func (s *Server) importArchive(ctx context.Context, workspaceID int64, raw []byte, replace bool) (importResult, error) {
	fsys, err := unpack(raw)
	if err != nil {
		return importResult{}, err
	}
	ws, err := workspace.Load(fsys, "")
	if err != nil {
		return importResult{}, err
	}
	entries, err := workspace.Entries(ws)
	if err != nil {
		return importResult{}, err
	}
	if replace {
		if entries, err = s.withTombstones(ctx, workspaceID, entries); err != nil {
			return importResult{}, err
		}
	}
	n, err := s.cfg.Store.PutContext(ctx, workspaceID, entries)
	if err != nil {
		return importResult{}, err
	}
	s.engines.invalidate(workspaceID)
	s.log.InfoContext(ctx, "context imported", "workspace_id", workspaceID, "entries", len(entries), "new_versions", n)
	return importResult{Entries: len(entries), NewVersions: n, WorkspaceHash: ws.Hash}, nil
}

// withTombstones adds a deletion for every live entry the import lacks.
func (s *Server) withTombstones(ctx context.Context, workspaceID int64, entries []dz.ContextEntry) ([]dz.ContextEntry, error) {
	current, err := s.cfg.Store.Context(ctx, workspaceID)
	if err != nil {
		return nil, err
	}
	keep := map[string]bool{}
	for _, e := range entries {
		keep[string(e.Type)+"/"+e.ID] = true
	}
	for _, e := range current {
		if !keep[string(e.Type)+"/"+e.ID] {
			entries = append(entries, dz.ContextEntry{Type: e.Type, ID: e.ID, Deleted: true})
		}
	}
	return entries, nil
}

// unpack reads a tar, tar.gz or zip archive into memory. A single top
// folder (acme/dz.yaml) is stripped so either packing works.
func unpack(raw []byte) (fstest.MapFS, error) {
	files := map[string][]byte{}
	var err error
	switch {
	case bytes.HasPrefix(raw, []byte("PK")):
		err = unzip(raw, files)
	case bytes.HasPrefix(raw, []byte{0x1f, 0x8b}):
		var gz *gzip.Reader
		if gz, err = gzip.NewReader(bytes.NewReader(raw)); err == nil {
			err = untar(gz, files)
		}
	default:
		err = untar(bytes.NewReader(raw), files)
	}
	if err != nil {
		return nil, dz.Errorf(dz.EINVALID, "the body is not a readable .tar.gz, .tar or .zip of a workspace folder: %v", err)
	}
	return stripTop(files)
}

func addFile(files map[string][]byte, name string, r io.Reader) error {
	name = path.Clean(strings.TrimPrefix(name, "./"))
	if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("file %q points outside the folder", name)
	}
	if len(files) >= maxImportFiles {
		return fmt.Errorf("more than %d files", maxImportFiles)
	}
	b, err := io.ReadAll(io.LimitReader(r, maxImportBytes))
	files[name] = b
	return err
}

func untar(r io.Reader, files map[string][]byte) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag == tar.TypeReg {
			if err := addFile(files, h.Name, tr); err != nil {
				return err
			}
		}
	}
}

func unzip(raw []byte, files map[string][]byte) error {
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		err = addFile(files, f.Name, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// stripTop drops a single leading folder that holds dz.yaml.
func stripTop(files map[string][]byte) (fstest.MapFS, error) {
	prefix := ""
	if _, ok := files["dz.yaml"]; !ok {
		for name := range files {
			if dir, base := path.Split(name); base == "dz.yaml" && strings.Count(dir, "/") == 1 {
				prefix = dir
			}
		}
	}
	fsys := fstest.MapFS{}
	for name, b := range files {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			fsys[rest] = &fstest.MapFile{Data: b, Mode: 0o644}
		}
	}
	if _, ok := fsys["dz.yaml"]; !ok {
		return nil, dz.Errorf(dz.EINVALID, "the archive has no dz.yaml at its top (or in one top folder): pack the workspace folder itself")
	}
	return fsys, nil
}
