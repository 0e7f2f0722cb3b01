package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/delegatezero/dz/internal/audit"
)

// BenchmarkInclusionProof builds and verifies an inclusion proof for a
// random record of a log of DZ_BENCH_AUDIT_SIZE records (default
// 1,000,000), generated straight into the tables, reading the nodes from
// SQLite as the server does. It reports the median as p50-µs.
func BenchmarkInclusionProof(b *testing.B) {
	size := uint64(1_000_000)
	if v := os.Getenv("DZ_BENCH_AUDIT_SIZE"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil || n == 0 {
			b.Fatalf("DZ_BENCH_AUDIT_SIZE=%q is not a positive number", v)
		}
		size = n
	}
	db, err := Open(filepath.Join(b.TempDir(), "dz.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	ws, err := db.CreateWorkspace(ctx, "big", "Big")
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	leaves, root := generateLog(b, db, ws.ID, size)
	b.Logf("generated a log of %d records in %s", size, time.Since(start).Round(time.Millisecond))

	rnd := rand.New(rand.NewPCG(1, 2))
	var took []time.Duration
	for b.Loop() {
		i := rnd.Uint64N(size)
		t0 := time.Now()
		head, err := db.AuditHead(ctx, ws.ID)
		if err != nil {
			b.Fatal(err)
		}
		p, err := audit.InclusionProof(i, head.Size, func(keys []int64) ([][]byte, error) { return db.AuditNodes(ctx, ws.ID, keys) })
		if err != nil {
			b.Fatal(err)
		}
		if err := audit.VerifyInclusion(i, head.Size, leaves(i), p, root); err != nil {
			b.Fatalf("record %d: %v", i, err)
		}
		took = append(took, time.Since(t0))
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
}

// generateLog appends size synthetic leaves, writing every node and the
// head in one transaction; it returns the leaf hash of any index and the root.
func generateLog(b *testing.B, db *DB, wsID int64, size uint64) (func(uint64) []byte, []byte) {
	leaf := func(i uint64) []byte {
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], i)
		h := sha256.Sum256(buf[:])
		return h[:]
	}
	tx, err := db.begin(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(`INSERT INTO audit_nodes (workspace_id, node, hash) VALUES (?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	var border, root []byte
	for i := range size {
		var nodes []audit.Node
		border, root, nodes, err = audit.Append(border, i, leaf(i))
		if err != nil {
			b.Fatal(err)
		}
		for _, n := range nodes {
			if _, err := ins.Exec(wsID, n.Key, n.Hash); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := tx.Exec(`INSERT INTO audit_heads (workspace_id, size, root, border) VALUES (?, ?, ?, ?)`, wsID, size, root, border); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return leaf, root
}
