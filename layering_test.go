package dz_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the package layout honest (DESIGN §8): the root
// package uses only the standard library, only internal/policy imports
// cel-go, the engine reaches no store, network or workspace folder, and the
// HTTP layer sees storage only through dz.Store.
func TestLayering(t *testing.T) {
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	for _, dep := range deps("github.com/delegatezero/dz") {
		if dep != "github.com/delegatezero/dz" && strings.Contains(strings.SplitN(dep, "/", 2)[0], ".") {
			t.Errorf("package dz depends on %s; it may use only the standard library", dep)
		}
	}
	for _, dep := range deps("github.com/delegatezero/dz/internal/engine") {
		for _, bad := range []string{"net/http", "database/sql", "github.com/delegatezero/dz/internal/workspace"} {
			if dep == bad {
				t.Errorf("internal/engine depends on %s; the engine does no I/O of its own", dep)
			}
		}
	}
	for _, dep := range deps("github.com/delegatezero/dz/internal/http") {
		for _, bad := range []string{"github.com/delegatezero/dz/internal/sqlite", "github.com/delegatezero/dz/internal/postgres"} {
			if dep == bad {
				t.Errorf("internal/http depends on %s; it works on the dz.Store interface only", dep)
			}
		}
	}
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}} {{join .Imports " "}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list ./...: %v", err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		for _, imp := range fields[1:] {
			if strings.HasPrefix(imp, "cel.dev/") && fields[0] != "github.com/delegatezero/dz/internal/policy" {
				t.Errorf("%s imports %s; only internal/policy may import cel-go", fields[0], imp)
			}
		}
	}
}
