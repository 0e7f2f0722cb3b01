package workspace

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// bigWorkspace generates a workspace of n entities (CSV), np precedents in
// files of 1,000, 200 policies and 50 playbooks.
func bigWorkspace(n, np int) fstest.MapFS {
	fsys := fstest.MapFS{"dz.yaml": {Data: []byte("name: Big\n")}}
	var csv strings.Builder
	csv.WriteString("id,name,plan,mrr,started,emails,tags,data.seats\n")
	for i := range n {
		fmt.Fprintf(&csv, "c%d,Customer %d,Operator,%d,2024-01-%02d,ops@c%d.example,smb;eu,%d\n", i, i, 100+i%900, 1+i%28, i, i%50)
	}
	fsys["entities/all.csv"] = &fstest.MapFile{Data: []byte(csv.String())}
	for f := 0; f*1000 < np; f++ {
		var b strings.Builder
		for i := f * 1000; i < min(np, (f+1)*1000); i++ {
			fmt.Fprintf(&b, "- id: p%d\n  date: 2025-02-03\n  entity: c%d\n  intent: refund\n  summary: Case %d.\n  facts: {days_since_charge: %d, outage_claimed: true}\n  resolution: partial\n  actions: [{type: refund, params: {percent: 50}}]\n", i, i%n, i, i%90)
		}
		fsys[fmt.Sprintf("precedents/p%03d.yaml", f)] = &fstest.MapFile{Data: []byte(b.String())}
	}
	for i := range 200 {
		fsys[fmt.Sprintf("policies/p%03d.yaml", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"id: pol%d\ntitle: P%d\nrules:\n  - {id: cap, effect: limit, action: refund, param: amount, max: entity.mrr * %d}\n  - {id: stop, when: has(facts.amount) && facts.amount > %d, effect: hard_stop, message: No.}\n", i, i, i%5+1, 1000+i))}
	}
	for i := range 50 {
		fsys[fmt.Sprintf("playbooks/p%02d.md", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
			"---\nid: playbook-%d\ntitle: Playbook %d\nintents: [refund]\ntone: empathetic\n---\n1. Acknowledge the impact.\n2. Check the charge.\n3. Resolve or escalate.\n", i, i))}
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
