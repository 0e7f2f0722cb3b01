// Package examples carries the example workspaces inside the dz binary, so
// that `dz serve --demo` works from any folder and from a binary installed
// with `go install`, not only from a clone of the repository.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed acme-saas
var files embed.FS

// AcmeSaaSName is how the demo workspace's files are named in problems.
const AcmeSaaSName = "examples/acme-saas"

// AcmeSaaS is the demo workspace (examples/acme-saas), rooted at its folder
// as workspace.Load expects.
var AcmeSaaS fs.FS = mustSub(files, "acme-saas")

// mustSub roots fsys at dir; dir is embedded above, so it always exists.
func mustSub(fsys fs.FS, dir string) fs.FS {
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // fs.Sub fails only on an invalid path, fixed at compile time
	}
	return sub
}
