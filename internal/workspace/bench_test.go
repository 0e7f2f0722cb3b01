package workspace

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// bigWorkspace generates a workspace of n entities (CSV), n precedents in
// files of 1,000, and 200 policies.
func bigWorkspace(n int) fstest.MapFS {
	fsys := fstest.MapFS{"dz.yaml": {Data: []byte("name: Big\n")}}
	var csv strings.Builder
	csv.WriteString("id,name,plan,mrr,started,emails,tags,data.seats\n")
	for i := range n {
		fmt.Fprintf(&csv, "c%d,Customer %d,Operator,%d,2024-01-%02d,ops@c%d.example,smb;eu,%d\n", i, i, 100+i%900, 1+i%28, i, i%50)
	}
	fsys["entities/all.csv"] = &fstest.MapFile{Data: []byte(csv.String())}
	for f := 0; f*1000 < n; f++ {
		var b strings.Builder
		for i := f * 1000; i < min(n, (f+1)*1000); i++ {
			fmt.Fprintf(&b, "- id: p%d\n  date: 2025-02-03\n  entity: c%d\n  intent: refund\n  summary: Case %d.\n  facts: {days_since_charge: %d, outage_claimed: true}\n  resolution: partial\n  actions: [{type: refund, params: {percent: 50}}]\n", i, i, i, i%90)
		}
		fsys[fmt.Sprintf("precedents/p%03d.yaml", f)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	for i := range 200 {
		fsys[fmt.Sprintf("policies/p%03d.yaml", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"id: pol%d\ntitle: P%d\nrules:\n  - {id: cap, effect: limit, action: refund, param: amount, max: entity.mrr * %d}\n  - {id: stop, when: has(facts.amount) && facts.amount > %d, effect: hard_stop, message: No.}\n", i, i, i%5+1, 1000+i))}
	}
	return fsys
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		fsys := bigWorkspace(n)
		b.Run(fmt.Sprintf("entities=%d,precedents=%d,policies=200", n, n), func(b *testing.B) {
			for b.Loop() {
				if _, err := Load(fsys, "big"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
