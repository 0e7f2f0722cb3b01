package workspace

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

const schemaDir = "../../docs/schema"

// compileSchemas compiles every docs/schema/*.schema.json, keyed by type.
func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(schemaDir, "*.schema.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schemas in %s: %v", schemaDir, err)
	}
	c := jsonschema.NewCompiler()
	out := map[string]*jsonschema.Schema{}
	for _, f := range files {
		typ := strings.TrimSuffix(filepath.Base(f), ".schema.json")
		out[typ], err = c.Compile(f)
		if err != nil {
			t.Fatalf("compile %s: %v", f, err)
		}
	}
	return out
}

// schemaFor names the schema a workspace file is checked against, and
// whether its YAML is front matter.
func schemaFor(rel string) (typ string, frontMatter bool) {
	dir, ext := strings.Split(rel, "/")[0], filepath.Ext(rel)
	switch {
	case rel == "dz.yaml":
		return "settings", false
	case ext == ".csv":
		return "", false
	case dir == "policies", dir == "precedents", dir == "tests":
		return map[string]string{"policies": "policy", "precedents": "precedent", "tests": "tests"}[dir], false
	case dir == "entities":
		return "entity", false
	case dir == "playbooks", dir == "templates", dir == "sources":
		return strings.TrimSuffix(dir, "s"), ext == ".md"
	}
	return "", false
}

// yamlToJSON decodes YAML (or a Markdown file's front matter) into the value
// a JSON Schema validator expects.
func yamlToJSON(t *testing.T, src []byte, frontMatter bool) any {
	t.Helper()
	if frontMatter {
		parts := strings.SplitN(strings.ReplaceAll(string(src), "\r\n", "\n"), "---\n", 3)
		if len(parts) < 3 {
			t.Fatalf("no front matter")
		}
		src = []byte(parts[1])
	}
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		t.Fatalf("yaml: %v", err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("json: %v", err)
	}
	return doc
}

func TestWorkspaceFilesMatchSchemas(t *testing.T) {
	schemas := compileSchemas(t)
	for _, dir := range []string{"testdata/valid", "../../examples/acme-saas"} {
		if _, err := os.Stat(dir); err != nil {
			t.Logf("skip %s: %v", dir, err)
			continue
		}
		checked := 0
		err := fs.WalkDir(os.DirFS(dir), ".", func(rel string, d fs.DirEntry, err error) error {
			typ, fm := schemaFor(rel)
			if err != nil || d.IsDir() || typ == "" {
				return err
			}
			checked++
			t.Run(filepath.Join(dir, rel), func(t *testing.T) {
				src, err := os.ReadFile(filepath.Join(dir, rel))
				if err != nil {
					t.Fatal(err)
				}
				if err := schemas[typ].Validate(yamlToJSON(t, src, fm)); err != nil {
					t.Errorf("does not match %s.schema.json: %v", typ, err)
				}
			})
			return nil
		})
		if err != nil || checked == 0 {
			t.Errorf("walk %s: %v, %d files checked", dir, err, checked)
		}
	}
}

func TestSchemasRejectBadDocuments(t *testing.T) {
	schemas := compileSchemas(t)
	tests := []struct {
		name, schema, yaml string
	}{
		{"settings unknown key", "settings", "name: A\nrefund_windw_days: 3\n"},
		{"settings missing name", "settings", "founder: Dana\n"},
		{"settings bad tone", "settings", "name: A\ntone: chirpy\n"},
		{"policy bad effect", "policy", "id: r\ntitle: R\nrules: [{id: a, effect: block}]\n"},
		{"policy limit without bounds", "policy", "id: r\ntitle: R\nrules: [{id: a, effect: limit, action: refund, param: amount}]\n"},
		{"policy hard stop without message", "policy", "id: r\ntitle: R\nrules: [{id: a, effect: hard_stop}]\n"},
		{"entity mrr as text", "entity", "id: x\nname: X\nmrr: lots\n"},
		{"entity list item without name", "entity", "- id: x\n  name: X\n- id: y\n"},
		{"precedent bad resolution", "precedent", "id: p\ndate: 2025-01-01\nintent: refund\nsummary: s\nresolution: maybe\n"},
		{"precedent bad date", "precedent", "id: p\ndate: last week\nintent: refund\nsummary: s\nresolution: approved\n"},
		{"template bad part", "template", "id: t\npart: footer\n"},
		{"playbook bad tone", "playbook", "id: p\ntitle: P\ntone: loud\n"},
		{"incident log without incidents", "source", "id: s\ntitle: S\nkind: incidents\n"},
		{"test without expect", "tests", "- name: t\n  request: hi\n"},
		{"tests not a list", "tests", "name: t\nrequest: hi\nexpect: {outcome: draft}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := schemas[tt.schema].Validate(yamlToJSON(t, []byte(tt.yaml), false)); err == nil {
				t.Errorf("%s.schema.json accepted:\n%s", tt.schema, tt.yaml)
			}
		})
	}
}
