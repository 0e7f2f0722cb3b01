package workspace

import (
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/delegatezero/dz"
)

// loadValid loads the valid fixture workspace or fails the test.
func loadValid(t *testing.T) *dz.Workspace {
	t.Helper()
	ws, err := LoadDir("testdata/valid")
	if err != nil {
		t.Fatalf("LoadDir(testdata/valid): %v", err)
	}
	return ws
}

func TestLoadValidFixture(t *testing.T) {
	ws := loadValid(t)
	ids := func(ms ...dz.Meta) []string {
		out := []string{}
		for _, m := range ms {
			out = append(out, m.ID)
		}
		return out
	}
	var ents []dz.Meta
	for _, e := range ws.Entities {
		ents = append(ents, e.Meta)
	}
	if diff := cmp.Diff([]string{"globex", "initech", "northwind", "umbrella"}, ids(ents...)); diff != "" {
		t.Errorf("entities not sorted by id across YAML and CSV (-want +got):\n%s", diff)
	}
	if n := len(ws.Policies[0].Rules); n != 5 {
		t.Errorf("refunds policy has %d rules, want 5", n)
	}
	if got := ws.Policies[0].Rules[1].Pos.String(); got != "testdata/valid/policies/refunds.yaml:16:5" {
		t.Errorf("rule cap Pos = %s, want where `- id: cap` starts", got)
	}
	if got := ws.Settings.Risk[1].Pos.String(); got != "testdata/valid/dz.yaml:21:5" {
		t.Errorf("risk level normal Pos = %s", got)
	}
	want := []string{
		"Acknowledge the problem before anything else.",
		"Check whether an outage touched their account in the charge period.",
		"Offer what policy allows; escalate the rest to me.",
	}
	if diff := cmp.Diff(want, ws.Playbooks[0].Steps); diff != "" {
		t.Errorf("playbook steps from the numbered list (-want +got):\n%s", diff)
	}
	initech := ws.Entities[1]
	if initech.Data["seats"] != 3.0 || len(initech.Emails) != 2 || initech.Pos.Line != 2 {
		t.Errorf("CSV entity = %+v, want seats 3.0, two emails, line 2", initech)
	}
	if ws.Precedents[0].Facts["days_since_charge"] != 46.0 {
		t.Errorf("precedent fact days_since_charge = %#v, want float64 46", ws.Precedents[0].Facts["days_since_charge"])
	}
	if len(ws.Tests) != 2 || ws.Tests[1].Instructions.ConfidenceThreshold == nil {
		t.Errorf("tests = %+v", ws.Tests)
	}
}

func TestDefaultsForOmittedSettings(t *testing.T) {
	ws, err := Load(fstest.MapFS{"dz.yaml": {Data: []byte("name: Tiny\nhalf_life_days: {policy: 100}\n")}}, "ws")
	if err != nil {
		t.Fatal(err)
	}
	s := ws.Settings
	got := []any{s.Currency, s.Timezone, s.RefundWindowDays, s.DraftFloor, s.Tone, s.Attribution, s.Format,
		s.StalenessDays, s.Assistant, s.SLA.TargetPercent, s.SLA.Period, len(s.Risk), s.Risk[0].Name, s.Risk[0].Threshold,
		s.HalfLifeDays[dz.TypePolicy], s.HalfLifeDays[dz.TypeTemplate], s.HalfLifeDays[dz.TypeEntity]}
	want := []any{"USD", "UTC", 30, 0.5, "neutral", "user", "text",
		365, "DelegateZero", 99.9, "month", 1, "normal", 0.8,
		100.0, 1095.0, 180.0}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}
}

func TestExplicitZeroIsKept(t *testing.T) {
	ws, err := Load(fstest.MapFS{"dz.yaml": {Data: []byte("name: Z\nrefund_window_days: 0\ndraft_floor: 0\n")}}, "ws")
	if err != nil {
		t.Fatal(err)
	}
	if ws.Settings.RefundWindowDays != 0 || ws.Settings.DraftFloor != 0 {
		t.Errorf("explicit zeros replaced by defaults: %+v", ws.Settings)
	}
}

func TestLoadIsDeterministic(t *testing.T) {
	a, b := loadValid(t), loadValid(t)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two loads differ:\n%s", diff)
	}
	if !strings.HasPrefix(a.Hash, "sha256:") || len(a.Hash) != len("sha256:")+64 {
		t.Errorf("workspace hash %q", a.Hash)
	}
}

func TestMissingOrEmptyFolder(t *testing.T) {
	tests := []struct {
		name string
		load func() (*dz.Workspace, error)
		want string
	}{
		{"missing folder", func() (*dz.Workspace, error) { return LoadDir("testdata/does-not-exist") }, "testdata/does-not-exist: workspace folder not found"},
		{"empty folder", func() (*dz.Workspace, error) { return Load(fstest.MapFS{}, "ws") }, "ws/dz.yaml: dz.yaml is missing"},
		{"empty dz.yaml", func() (*dz.Workspace, error) { return Load(fstest.MapFS{"dz.yaml": {}}, "ws") }, "ws/dz.yaml: the file is empty"},
		{"comment-only dz.yaml", func() (*dz.Workspace, error) {
			return Load(fstest.MapFS{"dz.yaml": {Data: []byte("# nothing yet\n")}}, "ws")
		}, "ws/dz.yaml: the file is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, err := tt.load()
			var ps dz.Problems
			if !errors.As(err, &ps) || ws != nil {
				t.Fatalf("got ws=%v err=%v, want nil and dz.Problems", ws, err)
			}
			if !strings.HasPrefix(ps[0].String(), tt.want) {
				t.Errorf("problem = %q, want prefix %q", ps[0], tt.want)
			}
		})
	}
}

func TestExampleWorkspaceLoads(t *testing.T) {
	const dir = "../../examples/acme-saas"
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("no example workspace: %v", err)
	}
	ws, err := LoadDir(dir)
	if err != nil {
		t.Fatalf("LoadDir(%s):\n%v", dir, err)
	}
	if len(ws.Entities) < 30 || len(ws.Precedents) < 20 || len(ws.Tests) < 30 {
		t.Errorf("example has %d entities, %d precedents, %d tests; the issue asks for 30+, 20+, 30+",
			len(ws.Entities), len(ws.Precedents), len(ws.Tests))
	}
}
