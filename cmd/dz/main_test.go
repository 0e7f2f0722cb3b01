package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const acme = "../../examples/acme-saas"

// runDZ runs the command line in-process and returns its exit code and output.
func runDZ(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

const founding = "Maya, I'm honestly furious. Your monitoring went dark on October 14 and our public status page kept showing all green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund. We've been with you 14 months and our renewal is in three weeks."

func TestDecideFoundingScenarioShowsHowItDecided(t *testing.T) {
	code, out, errOut := runDZ(t, "decide", "--workspace", acme, "--entity", "brightline", "--now", "2026-11-16T15:00:00Z", founding)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"DRAFT", "refund amount=", "Reply:", "policies evaluated:", "past-window-after-outage", "precedents cited:", "confidence components:", "what would change the outcome:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestDecideJSONIsByteIdentical(t *testing.T) {
	args := []string{"decide", "--workspace", acme, "--entity", "brightline", "--now", "2026-11-16T15:00:00Z", "--json", founding}
	_, first, _ := runDZ(t, args...)
	_, second, _ := runDZ(t, args...)
	if first == "" || first != second {
		t.Fatalf("two runs with the same clock differ or are empty")
	}
	if !strings.Contains(first, `"decision": "draft"`) || !strings.Contains(first, `"trace"`) {
		t.Errorf("JSON lacks the decision or the trace:\n%.400s", first)
	}
}

func TestDecideRejectsBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"decide", "--workspace", acme},
		{"decide", "--workspace", acme, "--now", "yesterday", "refund"},
		{"decide", "--workspace", acme, "--fact", "Bad=1", "refund"},
		{"decide", "--workspace", acme, "--tone", "sarcastic", "refund"},
		{"decide", "--workspace", acme, "--threshold", "-0.5", "refund"},
		{"decide", "--workspace", acme, "--fact", "amount=abc", "refund"},
		{"decide", "--workspace", acme, "--profile", "nosuch", "refund"},
		{},
		{"decide", "--workspace", "/nonexistent", "refund"},
	} {
		code, _, errOut := runDZ(t, args...)
		if code == 0 || errOut == "" || strings.Contains(errOut, "panic") {
			t.Errorf("dz %v: exit %d, stderr %q; want a clear error", args, code, errOut)
		}
	}
}

func TestDecideTakesAMessageStartingWithADash(t *testing.T) {
	code, out, errOut := runDZ(t, "decide", "--workspace", acme, "--now", "2026-11-16T15:00:00Z", "---------- Forwarded message ---------\nPlease refund my $49, Juniper Yoga", "--json")
	if code != 0 || !strings.Contains(out, `"decision"`) {
		t.Fatalf("exit %d, stderr %s", code, errOut)
	}
}

func TestExampleWorkspaceTestsPass(t *testing.T) {
	for _, ws := range []string{acme, "../../examples/airline", "../../examples/retail"} {
		t.Run(ws, func(t *testing.T) {
			code, out, errOut := runDZ(t, "test", "--workspace", ws)
			if code != 0 {
				t.Fatalf("dz test exit %d:\n%s%s", code, out, errOut)
			}
			if !regexp.MustCompile(`(?m)^\d+ passed, 0 failed$`).MatchString(out) {
				t.Errorf("summary line missing:\n%s", out)
			}
		})
	}
}

func TestTestReportsFailures(t *testing.T) {
	dir := copyWorkspace(t, acme)
	bad := "- name: wrong on purpose\n  entity: brightline\n  now: 2026-11-16T15:00:00Z\n  request: I want a refund of $290, charged 10 days ago\n  expect:\n    outcome: escalate\n"
	if err := os.WriteFile(filepath.Join(dir, "tests", "zz-wrong.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runDZ(t, "test", "--workspace", dir, "--run", "wrong on purpose")
	if code != 1 || !strings.Contains(out, "0 passed, 1 failed") || !strings.Contains(out, "want escalate") {
		t.Errorf("exit %d, output:\n%s\nwant exit 1 and the failure explained", code, out)
	}
}

func TestContextValidateReportsEveryProblem(t *testing.T) {
	dir := copyWorkspace(t, acme)
	policy := "id: broken\ntitle: Broken\nrules:\n  - id: r1\n    when: facts.amount >\n    effect: hard_stop\n    message: x\n  - id: r2\n    effect: explode\n"
	if err := os.WriteFile(filepath.Join(dir, "policies", "broken.yaml"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runDZ(t, "context", "validate", dir)
	if code == 0 {
		t.Fatal("validate passed a broken policy")
	}
	for _, want := range []string{"broken.yaml:5:", "broken.yaml:9:", " — "} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
}

// copyWorkspace copies a workspace folder into a temporary directory.
func copyWorkspace(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := os.CopyFS(dst, os.DirFS(src))
	if err != nil {
		t.Fatal(err)
	}
	return dst
}
