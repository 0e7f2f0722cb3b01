package audit_test

import (
	"testing"

	"github.com/delegatezero/dz/internal/audit"
)

// BenchmarkBuild measures making the audit record of a real decision of
// the demo workspace: encoding and committing to every field, and the
// leaf hash a store computes when it appends it.
func BenchmarkBuild(b *testing.B) {
	in := demoInput(b)
	a, err := audit.Build(in)
	if err != nil {
		b.Fatal(err)
	}
	size := 0
	for _, f := range a.Fields {
		size += len(f.Value)
	}
	b.Logf("%d fields, %d bytes of values", len(a.Fields), size)
	b.ReportAllocs()
	for b.Loop() {
		a, err := audit.Build(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := audit.LeafHash(a.Fields); err != nil {
			b.Fatal(err)
		}
	}
}
