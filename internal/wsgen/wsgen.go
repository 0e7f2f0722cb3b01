// Package wsgen generates large workspace folders for benchmarks: many
// customers in a CSV, precedents in files of 1,000, policies and playbooks,
// in the format internal/workspace reads.
package wsgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Size says how many of each entry to generate.
type Size struct {
	Entities, Precedents, Policies, Playbooks int
}

// Files returns the workspace's files by path.
func Files(s Size) map[string][]byte {
	files := map[string][]byte{"dz.yaml": []byte("name: Big\nrisk:\n  - {name: low, when: 'has(facts.amount) && facts.amount <= 100.0', threshold: 0.7}\n  - {name: high, threshold: 0.85}\n")}
	var csv strings.Builder
	csv.WriteString("id,name,plan,mrr,started,renewal,last_charge,last_charge_amount,emails,domains,tags,data.seats\n")
	for i := range s.Entities {
		fmt.Fprintf(&csv, "c%d,Customer %d Labs,operator,%d,2024-01-%02d,2027-01-%02d,2026-10-%02d,%d,ops@c%d.example.com,c%d.example.com,smb;eu,%d\n",
			i, i, 100+i%900, 1+i%28, 1+i%28, 1+i%28, 100+i%900, i, i, i%50)
	}
	files["entities/all.csv"] = []byte(csv.String())
	intents := []string{"refund", "sla_credit", "cancellation", "complaint", "data_loss", "billing_error"}
	for f := 0; f*1000 < s.Precedents; f++ {
		var b strings.Builder
		for i := f * 1000; i < min(s.Precedents, (f+1)*1000); i++ {
			fmt.Fprintf(&b, "- id: p%d\n  date: 2025-02-03\n  entity: c%d\n  intent: %s\n  summary: Case %d after an outage on the %s plan.\n  facts: {days_since_charge: %d, outage_claimed: %t, amount: %d}\n  resolution: partial\n  actions: [{type: refund, params: {percent: 50}}]\n",
				i, i%max(1, s.Entities), intents[i%len(intents)], i, "operator", i%90, i%2 == 0, 50+i%500)
		}
		files[fmt.Sprintf("precedents/p%03d.yaml", f)] = []byte(b.String())
	}
	for i := range s.Policies {
		files[fmt.Sprintf("policies/p%03d.yaml", i)] = []byte(fmt.Sprintf(
			"id: pol%d\ntitle: Policy %d\nscope: {intents: [%s]}\nrules:\n  - {id: cap, effect: limit, action: refund, param: amount, max: entity.mrr * %d.0}\n  - {id: stop, when: has(facts.amount) && facts.amount > %d.0, effect: hard_stop, message: No.}\n  - {id: inside, when: has(facts.within_refund_window) && facts.within_refund_window, effect: default, action: refund, params: {amount: facts.amount}}\n  - {id: outage, when: has(facts.days_past_window) && facts.days_past_window > 0.0, effect: exception, action: refund}\n",
			i, i, intents[i%len(intents)], i%5+1, 1000+i))
	}
	for i := range s.Playbooks {
		files[fmt.Sprintf("playbooks/p%02d.md", i)] = []byte(fmt.Sprintf(
			"---\nid: playbook-%d\ntitle: Playbook %d\nintents: [%s]\ntone: empathetic\n---\n1. Acknowledge the impact.\n2. Check the charge.\n3. Resolve or escalate.\n", i, i, intents[i%len(intents)]))
	}
	return files
}

// Write writes the workspace's files under dir.
func Write(dir string, s Size) error {
	for name, data := range Files(s) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
