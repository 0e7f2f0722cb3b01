package examples_test

import (
	"testing"

	"github.com/delegatezero/dz/examples"
	"github.com/delegatezero/dz/internal/workspace"
)

// The embedded demo is the folder on disk: same entries, same tests. An
// embed pattern that skipped a file (one starting with "." or "_", say)
// would change the hash or the count of tests.
func TestAcmeSaaSEmbedsTheFolder(t *testing.T) {
	embedded, err := workspace.Load(examples.AcmeSaaS, examples.AcmeSaaSName)
	if err != nil {
		t.Fatalf("embedded demo: %v", err)
	}
	disk, err := workspace.LoadDir("acme-saas")
	if err != nil {
		t.Fatalf("demo folder: %v", err)
	}
	if embedded.Hash != disk.Hash {
		t.Errorf("embedded demo hash %s, folder %s", embedded.Hash, disk.Hash)
	}
	if len(embedded.Tests) != len(disk.Tests) || len(embedded.Tests) == 0 {
		t.Errorf("embedded demo has %d tests, folder %d", len(embedded.Tests), len(disk.Tests))
	}
}
