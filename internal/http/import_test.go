package http_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"testing"
)

// tarGz packs a folder as a .tar.gz under a top folder, as `tar czf` would.
func tarGz(t *testing.T, dir string, edit func(name string, b []byte) []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(os.DirFS(dir), p)
		if err != nil {
			return err
		}
		if edit != nil {
			b = edit(p, b)
		}
		if err := tw.WriteHeader(&tar.Header{Name: "acme/" + p, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		_, err = tw.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func (f *fixture) post(t *testing.T, path, key string, body []byte) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", f.url+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", http.DetectContentType(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out
}

func TestImport(t *testing.T) {
	f := newFixture(t)
	s, got := f.post(t, "/api/v1/context/import", f.key, tarGz(t, "../../examples/acme-saas", nil))
	if s != 200 || got["new_versions"] != 0.0 {
		t.Fatalf("re-importing the same folder = %d %v, want 200 and no new versions", s, got)
	}
	changed := tarGz(t, "../../examples/acme-saas", func(name string, b []byte) []byte {
		if name == "policies/refunds.yaml" {
			return bytes.Replace(b, []byte("Never more than two months"), []byte("Never more than two months of fees"), 1)
		}
		return b
	})
	if s, got = f.post(t, "/api/v1/context/import", f.key, changed); s != 200 || got["new_versions"] != 1.0 {
		t.Fatalf("import with one policy changed = %d %v, want one new version", s, got)
	}
	broken := tarGz(t, "../../examples/acme-saas", func(name string, b []byte) []byte {
		if name == "policies/refunds.yaml" {
			return bytes.Replace(b, []byte("effect: limit"), []byte("effect: limmit"), 1)
		}
		return b
	})
	s, p := f.post(t, "/api/v1/context/import", f.key, broken)
	if s != 400 || !strings.Contains(p["detail"].(string), "refunds.yaml") || !strings.Contains(p["detail"].(string), "limmit") {
		t.Fatalf("broken import = %d %v, want 400 naming the file and the problem", s, p)
	}
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("../../etc/passwd")
	w.Write([]byte("x"))
	zw.Close()
	if s, p := f.post(t, "/api/v1/context/import", f.key, zbuf.Bytes()); s != 400 {
		t.Errorf("a zip escaping its folder = %d %v, want 400", s, p)
	}
	if s, _ := f.post(t, "/api/v1/context/import", f.key, []byte("not an archive")); s != 400 {
		t.Errorf("garbage = %d, want 400", s)
	}
}

func TestContextSearchAndNotes(t *testing.T) {
	f := newFixture(t)
	s, got := f.call(t, "GET", "/api/v1/context?q=What+do+I+know+about+Brightline%3F", f.key, "")
	data, _ := got["data"].([]any)
	if s != 200 || len(data) == 0 || data[0].(map[string]any)["id"] != "brightline" {
		t.Fatalf("search = %d %v, want the Brightline entity first", s, got)
	}
	if s, _ := f.call(t, "GET", "/api/v1/context?type=nonsense&q=x", f.key, ""); s != 400 {
		t.Errorf("unknown type = %d, want 400", s)
	}
	s, note := f.call(t, "POST", "/api/v1/context", f.key, `{"context": "Brightline's CFO prefers calls to e-mail for anything about money.", "entity": "brightline"}`)
	if s != 201 || !strings.HasPrefix(note["id"].(string), "note-") {
		t.Fatalf("note = %d %v", s, note)
	}
	_, got = f.call(t, "GET", "/api/v1/context?type=source&q=CFO+calls", f.key, "")
	if data := got["data"].([]any); len(data) == 0 || data[0].(map[string]any)["id"] != note["id"] {
		t.Errorf("the new note is not found: %v", got)
	}
	if _, other := f.call(t, "GET", "/api/v1/context?type=source&q=CFO+calls", f.other, ""); len(other["data"].([]any)) != 0 {
		t.Errorf("another workspace sees the note: %v", other)
	}
	if s, _ := f.call(t, "POST", "/api/v1/context", f.key, `{"context": "  "}`); s != 400 {
		t.Errorf("an empty note = %d, want 400", s)
	}
}
