package dz_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the package layout honest (DESIGN §8): the root
// package uses only the standard library, cel-go stays inside
// internal/policy, and the engine does no I/O through a store or HTTP.
func TestLayering(t *testing.T) {
	rules := []struct {
		pkg       string
		forbidden []string
	}{
		{"github.com/delegatezero/dz", []string{"github.com/", "cel.dev/", "golang.org/x/", "modernc.org/"}},
		{"github.com/delegatezero/dz/internal/engine", []string{"net/http", "database/sql", "github.com/delegatezero/dz/internal/workspace"}},
		{"github.com/delegatezero/dz/internal/workspace", []string{"cel.dev/cel-go/cel"}},
		{"github.com/delegatezero/dz/internal/compose", []string{"cel.dev/"}},
		{"github.com/delegatezero/dz/internal/understand", []string{"cel.dev/"}},
	}
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", r.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", r.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if dep == r.pkg {
				continue
			}
			for _, f := range r.forbidden {
				if strings.HasPrefix(dep, f) {
					t.Errorf("%s depends on %s; the layout forbids %s there", r.pkg, dep, f)
				}
			}
		}
	}
}
