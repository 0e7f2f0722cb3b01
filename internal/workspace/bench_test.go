package workspace

import (
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/delegatezero/dz/internal/wsgen"
)

// bigWorkspace generates a workspace of n entities and np precedents, with
// 200 policies and 50 playbooks.
func bigWorkspace(n, np int) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range wsgen.Files(wsgen.Size{Entities: n, Precedents: np, Policies: 200, Playbooks: 50}) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func BenchmarkLoad(b *testing.B) {
	for _, size := range [][2]int{{1000, 1000}, {10000, 10000}, {10000, 100000}} {
		fsys := bigWorkspace(size[0], size[1])
		b.Run(fmt.Sprintf("entities=%d,precedents=%d,policies=200,playbooks=50", size[0], size[1]), func(b *testing.B) {
			for b.Loop() {
				if _, err := Load(fsys, "big"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
