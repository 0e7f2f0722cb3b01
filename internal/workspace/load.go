// Package workspace reads a workspace folder (dz.yaml, policies/, entities/,
// precedents/, playbooks/, templates/, sources/, tests/) into a dz.Workspace
// and validates it, reporting every problem at once as file:line:col with
// what is wrong and how to fix it. docs/workspace.md describes the format.
package workspace

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/delegatezero/dz"
)

// maxFileSize bounds what one workspace file may hold.
const maxFileSize = 8 << 20

// Load reads and validates the workspace in fsys, rooted at the workspace
// folder. name is how files are named in problems (e.g. "examples/acme-saas").
// When the folder is invalid the error is a dz.Problems listing every problem
// sorted by file, line and column, and the workspace is nil.
func Load(fsys fs.FS, name string) (*dz.Workspace, error) {
	l := &loader{fsys: fsys, name: name, c: &collector{}}
	if fi, err := fs.Stat(fsys, "."); err != nil || !fi.IsDir() {
		l.c.add(dz.Pos{File: name}, "check the path: it should be a folder holding dz.yaml", "workspace folder not found")
		return nil, l.c.err()
	}
	ws := &dz.Workspace{Dir: name}
	ws.Settings = l.settings()
	ws.Entities = l.entities()
	ws.Policies = l.policies()
	ws.Precedents = l.precedents()
	ws.Playbooks = l.playbooks()
	ws.Templates = l.templates()
	ws.Sources = l.sources()
	ws.Tests = l.tests()
	l.checkWorkspace(ws)
	if err := l.c.err(); err != nil {
		return nil, err
	}
	sortEntries(ws)
	if err := hashWorkspace(ws); err != nil {
		return nil, fmt.Errorf("hash workspace %s: %w", name, err)
	}
	return ws, nil
}

// LoadDir loads the workspace in folder dir; problems name files under dir.
func LoadDir(dir string) (*dz.Workspace, error) {
	return Load(os.DirFS(dir), dir)
}

// loader holds what one Load call shares: the folder and the problems found.
type loader struct {
	fsys fs.FS
	name string
	c    *collector
}

// file is one workspace file read into memory.
type file struct {
	name string // as shown in problems
	rel  string // path inside the workspace
	src  []byte
}

// display is how the file at rel is named in problems.
func (l *loader) display(rel string) string {
	if l.name == "" {
		return rel
	}
	return path.Join(l.name, rel)
}

// read reads one file. It reports and returns false when it is missing,
// unreadable or too large.
func (l *loader) read(rel string) (file, bool) {
	f := file{name: l.display(rel), rel: rel}
	fi, err := fs.Stat(l.fsys, rel)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		l.c.add(dz.Pos{File: f.name}, "create it (docs/workspace.md shows an example)", "%s is missing", rel)
		return f, false
	case err != nil:
		l.c.add(dz.Pos{File: f.name}, "check the file's permissions", "cannot read %s: %v", rel, err)
		return f, false
	case fi.Size() > maxFileSize:
		l.c.add(dz.Pos{File: f.name}, "split it into several files", "%s is %d bytes, more than %d", rel, fi.Size(), maxFileSize)
		return f, false
	}
	f.src, err = fs.ReadFile(l.fsys, rel)
	if err != nil {
		l.c.add(dz.Pos{File: f.name}, "check the file's permissions", "cannot read %s: %v", rel, err)
		return f, false
	}
	return f, true
}

// files reads every file under dir whose name ends in one of exts, in path
// order. Other files are reported; hidden files and a missing dir are not.
func (l *loader) files(dir string, exts ...string) []file {
	if fi, err := fs.Stat(l.fsys, dir); err != nil || !fi.IsDir() {
		if err == nil {
			l.c.add(dz.Pos{File: l.display(dir)}, "make "+dir+" a folder", "%s is a file, not a folder", dir)
		}
		return nil
	}
	var out []file
	err := fs.WalkDir(l.fsys, dir, func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			l.c.add(dz.Pos{File: l.display(p)}, "check the folder's permissions", "cannot read %s: %v", p, err)
			return nil
		case strings.HasPrefix(d.Name(), ".") && p != dir:
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		case d.IsDir():
			return nil
		case !hasExt(p, exts):
			l.c.add(dz.Pos{File: l.display(p)}, "rename it to end in "+strings.Join(exts, " or ")+", or move it out of "+dir+"/",
				"%s is not read: files in %s/ end in %s", d.Name(), dir, strings.Join(exts, " or "))
			return nil
		}
		if f, ok := l.read(p); ok {
			out = append(out, f)
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.c.add(dz.Pos{File: l.display(dir)}, "check the folder's permissions", "cannot list %s: %v", dir, err)
	}
	return out
}

// hasExt reports whether p ends in one of exts.
func hasExt(p string, exts []string) bool {
	for _, e := range exts {
		if strings.HasSuffix(strings.ToLower(p), e) {
			return true
		}
	}
	return false
}
