package main

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/delegatezero/dz/internal/audit"
	"github.com/delegatezero/dz/internal/storetest"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver, for altering records behind the server's back
)

// The audit tools against a real `dz serve` on SQLite and on PostgreSQL:
// decisions made over HTTP verify from their public page and from the
// proof endpoint; a bundle with any byte of a committed value changed does
// not; export and check read the whole log; an erasure keeps it verifying;
// and a record or a leaf hash changed directly in the database makes
// verify and check fail and a restarted server's /readyz name the leaf.
func TestAuditCommands(t *testing.T) {
	bin := buildDZ(t)
	for _, tc := range []struct {
		name string
		open func(t *testing.T) (storeArgs []string, db *rawDB)
	}{
		{name: "sqlite", open: func(t *testing.T) ([]string, *rawDB) {
			dir := filepath.Join(t.TempDir(), "data")
			return []string{"--data", dir}, &rawDB{driver: "sqlite", dsn: "file:" + filepath.Join(dir, "dz.db")}
		}},
		{name: "postgres", open: func(t *testing.T) ([]string, *rawDB) {
			u := freshDatabase(t)
			return []string{"--database-url", u}, &rawDB{driver: "pgx", dsn: u}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			storeArgs, db := tc.open(t)
			s := &auditScenario{t: t, bin: bin, storeArgs: storeArgs, db: db}
			s.p = startServe(t, bin, storeArgs...)
			db.open(t)
			s.decide(4)
			s.verifyGood()
			s.bundleFlips()
			s.exportAndCheck()
			s.erase()
			s.tamperField()
			s.tamperLeafHash()
		})
	}
}

// auditScenario is one store's run of TestAuditCommands.
type auditScenario struct {
	t         *testing.T
	bin       string
	storeArgs []string
	db        *rawDB
	p         *process
	ids       []string          // decisions made over HTTP
	links     []string          // their public audit URLs
	index     map[string]uint64 // decision id → leaf index
	byIndex   map[uint64]string // leaf index → decision id, from the export
}

// decide makes n decisions over HTTP.
func (s *auditScenario) decide(n int) {
	t := s.t
	hc := &http.Client{Timeout: 30 * time.Second}
	for i := range n {
		req := benchRequests()[i%len(benchRequests())]
		req.RequestID = fmt.Sprintf("audit-%d", i)
		status, dec, err := postDecision(t.Context(), hc, s.p.base, s.p.key, &req)
		if err != nil || status != http.StatusCreated {
			t.Fatalf("decision %d: %d %v", i, status, err)
		}
		if dec.PublicAuditURL == "" {
			t.Fatalf("decision %s has no public audit URL", dec.ID)
		}
		s.ids, s.links = append(s.ids, dec.ID), append(s.links, dec.PublicAuditURL)
	}
	s.index = map[string]uint64{}
	for _, id := range s.ids {
		s.index[id] = s.bundle(id).Record.Index
	}
}

func (s *auditScenario) proofURL(id string) string {
	return s.p.base + "/api/v1/decisions/" + id + "/proof"
}

// verify runs dz audit verify on a proof URL (or any other source) with the server's key.
func (s *auditScenario) verify(src string, extra ...string) (int, string, string) {
	s.t.Helper()
	return runDZ(s.t, append([]string{"audit", "verify", src, "--api-key", s.p.key}, extra...)...)
}

// verifyGood: the proof endpoint and the public page verify, trusting the
// server's key (and saying so) or pinning it; another key fails.
func (s *auditScenario) verifyGood() {
	t := s.t
	id := s.ids[0]
	code, out, errOut := s.verify(s.proofURL(id))
	if code != 0 || !strings.Contains(out, "ok: decision "+id) || !strings.Contains(errOut, "checked against the key the server sent; pass --key to pin it") {
		t.Fatalf("verify proof URL: exit %d\n%s%s", code, out, errOut)
	}
	key := s.publicKey()
	if code, out, errOut := s.verify(s.proofURL(id), "--key", key); code != 0 || !strings.Contains(out, "pinned with --key") || errOut != "" {
		t.Errorf("verify --key: exit %d\n%s%s", code, out, errOut)
	}
	other, err := audit.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	signer, err := audit.NewSigner(other)
	if err != nil {
		t.Fatal(err)
	}
	if code, out, _ := s.verify(s.proofURL(id), "--key", signer.VerifierKey()); code != 1 || !strings.Contains(out, "FAILED") {
		t.Errorf("verify with another server's key: exit %d\n%s, want 1 and FAILED", code, out)
	}
	for i, link := range s.links[:2] {
		code, out, errOut := runDZ(t, "audit", "verify", link, "--key", key)
		if code != 0 || !strings.Contains(out, "ok: decision "+s.ids[i]) {
			t.Errorf("verify public page %s: exit %d\n%s%s", link, code, out, errOut)
		}
	}
}

// bundleFlips: a saved bundle verifies from a file and from stdin; with
// one byte of a committed value changed — at the start, middle or end of
// several fields — it does not, nor with a byte of its proof changed.
func (s *auditScenario) bundleFlips() {
	t := s.t
	id := s.ids[1]
	raw := s.get(s.proofURL(id), s.p.key)
	file := filepath.Join(t.TempDir(), "bundle.json")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runDZ(t, "audit", "verify", file); code != 0 || !strings.Contains(errOut, "the key the bundle carries") {
		t.Fatalf("verify saved bundle: exit %d\n%s%s", code, out, errOut)
	}
	var stdout, stderr strings.Builder
	cmd := &auditVerifyCmd{stdout: &stdout, stderr: &stderr, stdin: strings.NewReader(string(raw))}
	if err := cmd.Run(t.Context(), []string{"-"}); err != nil {
		t.Fatalf("verify from stdin: %v\n%s%s", err, &stdout, &stderr)
	}
	var b audit.Bundle
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	flipped := 0
	for i, f := range b.Record.Fields {
		if f.Redacted() || !(f.Name == "reply" || f.Name == "outcome" || f.Name == "decision_id" || f.Name == "request/message" || f.Name == "actions" || strings.HasPrefix(f.Name, "rule/")) {
			continue
		}
		for _, pos := range []int{0, len(f.Value) / 2, len(f.Value) - 1} {
			changed := b
			changed.Record.Fields = append(b.Record.Fields[:0:0], b.Record.Fields...)
			v := []byte(f.Value)
			v[pos] = otherByte(v[pos])
			changed.Record.Fields[i].Value = string(v)
			s.mustFailFile(&changed, fmt.Sprintf("field %s byte %d", f.Name, pos))
			flipped++
		}
	}
	if flipped < 12 {
		t.Fatalf("only %d values changed; the record's fields: %d", flipped, len(b.Record.Fields))
	}
	changed := b
	changed.Proof = append([]string(nil), b.Proof...)
	changed.Proof[0] = flipBase64(changed.Proof[0])
	s.mustFailFile(&changed, "proof hash 0")
	changed = b
	changed.Checkpoint = strings.Replace(b.Checkpoint, "\n"+fmt.Sprint(b.TreeSize)+"\n", "\n"+fmt.Sprint(b.TreeSize+1)+"\n", 1)
	s.mustFailFile(&changed, "checkpoint size")
}

// mustFailFile writes a changed bundle and checks dz audit verify refuses it.
func (s *auditScenario) mustFailFile(b *audit.Bundle, what string) {
	t := s.t
	t.Helper()
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "changed.json")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runDZ(t, "audit", "verify", file); code != 1 || !strings.HasPrefix(out, "FAILED: decision ") {
		t.Errorf("%s changed: exit %d\n%s%s, want 1 and FAILED", what, code, out, errOut)
	}
}

// exportAndCheck: the export holds every record in order under a signed
// head whose root the records rebuild; dz audit check passes.
func (s *auditScenario) exportAndCheck() {
	t := s.t
	file := filepath.Join(t.TempDir(), "log.jsonl")
	if code, out, errOut := runDZ(t, append([]string{"audit", "export", "--workspace", "demo", "--out", file}, s.storeArgs...)...); code != 0 {
		t.Fatalf("export: exit %d\n%s%s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(readFile(t, file), "\n"), "\n")
	var hdr exportHeader
	if err := json.Unmarshal([]byte(lines[0]), &hdr); err != nil || hdr.Format != ExportFormat {
		t.Fatalf("export header %q: %v", lines[0], err)
	}
	if hdr.Size != uint64(len(lines)-1) || hdr.Size < uint64(len(s.ids)) {
		t.Fatalf("header says %d records, %d lines follow", hdr.Size, len(lines)-1)
	}
	cp, err := audit.OpenCheckpoint(hdr.Checkpoint, s.publicKey())
	if err != nil || cp.Size != hdr.Size {
		t.Fatalf("export checkpoint: %+v %v", cp, err)
	}
	roots := audit.NewRoots()
	s.byIndex = map[uint64]string{}
	for i, line := range lines[1:] {
		var r struct {
			Index      uint64 `json:"index"`
			DecisionID string `json:"decision_id"`
			Fields     []struct {
				Name, Commitment, Salt, Value string
			} `json:"fields"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil || r.Index != uint64(i) {
			t.Fatalf("export line %d: index %d, %v", i+1, r.Index, err)
		}
		s.byIndex[r.Index] = r.DecisionID
		var b audit.Bundle
		if err := json.Unmarshal([]byte(`{"record":`+line+`}`), &b); err != nil {
			t.Fatal(err)
		}
		leaf, err := audit.LeafHash(b.Record.Fields)
		if err != nil {
			t.Fatal(err)
		}
		if err := roots.Add(leaf, nil); err != nil {
			t.Fatal(err)
		}
	}
	if got := roots.Root(); string(got) != string(cp.Root) {
		t.Errorf("the exported records' root is not the signed root")
	}
	for _, id := range s.ids {
		if s.byIndex[s.index[id]] != id {
			t.Errorf("export has %q at leaf %d, want %s", s.byIndex[s.index[id]], s.index[id], id)
		}
	}
	s.checkOK("after export")
}

// checkOK runs dz audit check and wants it to pass.
func (s *auditScenario) checkOK(when string) {
	s.t.Helper()
	code, out, errOut := runDZ(s.t, append([]string{"audit", "check"}, s.storeArgs...)...)
	if code != 0 || !strings.Contains(out, "ok: demo: ") {
		s.t.Errorf("check %s: exit %d\n%s%s", when, code, out, errOut)
	}
}

// erase: after an erasure request the log still checks and the record
// still verifies, with the field withheld.
func (s *auditScenario) erase() {
	t := s.t
	id := s.ids[2]
	args := append([]string{"audit", "erase", "--workspace", "demo", "--decision", id, "--field", "reply", "--field", "request/message"}, s.storeArgs...)
	if code, out, errOut := runDZ(t, args...); code != 0 {
		t.Fatalf("erase: exit %d\n%s%s", code, out, errOut)
	}
	s.checkOK("after erase")
	code, out, errOut := s.verify(s.proofURL(id))
	if code != 0 || !strings.Contains(out, "withheld (") || !strings.Contains(out, "reply") || !strings.Contains(out, "request/message") {
		t.Errorf("verify after erase: exit %d\n%s%s, want ok with reply and request/message withheld", code, out, errOut)
	}
	b := s.bundle(id)
	if f, _ := b.Record.Field("reply"); !f.Redacted() {
		t.Errorf("the erased reply is still served: %q", f.Value)
	}
	args = append([]string{"audit", "erase", "--workspace", "demo", "--decision", id, "--field", "no-such-field"}, s.storeArgs...)
	if code, _, errOut := runDZ(t, args...); code != 1 || !strings.Contains(errOut, "no-such-field") {
		t.Errorf("erase of a field the record lacks: exit %d %s, want 1 naming it", code, errOut)
	}
}

// tamperField changes one letter of a stored reply: verify and check fail
// naming the leaf, and so does /readyz of a restarted server. Undone, the
// log checks again.
func (s *auditScenario) tamperField() {
	t := s.t
	id := s.ids[0]
	leaf := s.index[id]
	fields := s.db.fields(t, id)
	j := storetest.LetterIn(fields, "reply")
	if j < 0 {
		t.Fatalf("no letter in the stored reply: %s", fields)
	}
	s.db.setFields(t, id, fields[:j]+string(otherLetter(fields[j]))+fields[j+1:])
	if code, out, _ := s.verify(s.proofURL(id)); code != 1 || !strings.Contains(out, "FAILED: decision "+id) || !strings.Contains(out, "reply") {
		t.Errorf("verify of the changed record: exit %d\n%s, want 1 naming the reply", code, out)
	}
	s.checkBroken(leaf, id)
	s.restartBroken(leaf, id)
	s.db.setFields(t, id, fields)
	s.checkOK("after the record was restored")
}

// tamperLeafHash changes one byte of a stored leaf hash: the proofs that
// carry it (its sibling's) fail, check names the leaf, and so does /readyz.
// The record itself is intact, so its own proof, which recomputes its leaf
// from its fields, still verifies.
func (s *auditScenario) tamperLeafHash() {
	t := s.t
	id := s.ids[1]
	leaf := s.index[id]
	sibling, ok := s.byIndex[leaf^1]
	if !ok {
		t.Fatalf("leaf %d has no sibling in the log", leaf)
	}
	s.db.flipLeafHash(t, id, leaf)
	if code, out, _ := s.verify(s.proofURL(sibling)); code != 1 || !strings.Contains(out, "FAILED: decision "+sibling) {
		t.Errorf("verify of leaf %d's sibling %s: exit %d\n%s, want 1", leaf, sibling, code, out)
	}
	if code, out, errOut := s.verify(s.proofURL(id)); code != 0 {
		t.Errorf("verify of the intact record %s: exit %d\n%s%s", id, code, out, errOut)
	}
	s.checkBroken(leaf, id)
	s.restartBroken(leaf, id)
}

// checkBroken runs dz audit check and wants it to name the leaf.
func (s *auditScenario) checkBroken(leaf uint64, id string) {
	s.t.Helper()
	code, out, errOut := runDZ(s.t, append([]string{"audit", "check", "--workspace", "demo"}, s.storeArgs...)...)
	want := fmt.Sprintf("BROKEN: demo: leaf %d (decision %s): ", leaf, id)
	if code != 1 || !strings.Contains(out, want) {
		s.t.Errorf("check: exit %d\n%s%s, want 1 and %q", code, out, errOut, want)
	}
}

// restartBroken restarts the server and waits for /readyz to answer 503
// naming the leaf.
func (s *auditScenario) restartBroken(leaf uint64, id string) {
	t := s.t
	t.Helper()
	s.p.kill(t)
	s.p = startServe(t, s.bin, s.storeArgs...)
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(s.p.base + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable {
			var body struct {
				Code  string `json:"code"`
				Audit struct {
					Broken []struct {
						Index      uint64 `json:"index"`
						DecisionID string `json:"decision_id"`
						Reason     string `json:"reason"`
					} `json:"broken_leaves"`
				} `json:"audit"`
			}
			if err := json.Unmarshal(raw, &body); err != nil || body.Code != "audit_broken" || len(body.Audit.Broken) != 1 ||
				body.Audit.Broken[0].Index != leaf || body.Audit.Broken[0].DecisionID != id {
				t.Errorf("/readyz 503 = %s (%v), want it to name leaf %d, decision %s", raw, err, leaf, id)
			}
			return
		}
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(raw), `"state":"checking"`) && !strings.Contains(string(raw), `"state":"off"`) {
			t.Fatalf("/readyz = %d %s, want 200 while the first check runs, then 503", resp.StatusCode, raw)
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz still %s after 60 s", raw)
		}
		time.Sleep(20 * time.Millisecond) // poll
	}
}

// bundle gets a decision's proof bundle.
func (s *auditScenario) bundle(id string) *audit.Bundle {
	s.t.Helper()
	var b audit.Bundle
	if err := json.Unmarshal(s.get(s.proofURL(id), s.p.key), &b); err != nil {
		s.t.Fatal(err)
	}
	return &b
}

// publicKey is the server's verifier key.
func (s *auditScenario) publicKey() string {
	s.t.Helper()
	var k struct{ Key string }
	if err := json.Unmarshal(s.get(s.p.base+"/api/v1/audit/public-key", ""), &k); err != nil || k.Key == "" {
		s.t.Fatalf("public key: %q %v", k.Key, err)
	}
	return k.Key
}

// get GETs a URL as JSON and wants 200.
func (s *auditScenario) get(url, key string) []byte {
	s.t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s = %d %s", url, resp.StatusCode, raw)
	}
	return raw
}

// rawDB reaches the store's tables directly, as someone with access to the
// database (and not to the signing key's use) could.
type rawDB struct {
	driver, dsn string
	db          *sql.DB
}

func (r *rawDB) open(t *testing.T) {
	t.Helper()
	db, err := sql.Open(r.driver, r.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	r.db = db
}

// q writes $1, $2… for PostgreSQL where the query says ?.
func (r *rawDB) q(query string) string {
	if r.driver != "pgx" {
		return query
	}
	for n := 1; strings.Contains(query, "?"); n++ {
		query = strings.Replace(query, "?", fmt.Sprintf("$%d", n), 1)
	}
	return query
}

func (r *rawDB) fields(t *testing.T, decisionID string) string {
	t.Helper()
	var fields string
	if err := r.db.QueryRow(r.q(`SELECT fields FROM audit_records WHERE decision_id = ?`), decisionID).Scan(&fields); err != nil {
		t.Fatal(err)
	}
	return fields
}

func (r *rawDB) setFields(t *testing.T, decisionID, fields string) {
	t.Helper()
	if _, err := r.db.Exec(r.q(`UPDATE audit_records SET fields = ? WHERE decision_id = ?`), fields, decisionID); err != nil {
		t.Fatal(err)
	}
}

// flipLeafHash changes the last byte of a record's stored leaf hash.
func (r *rawDB) flipLeafHash(t *testing.T, decisionID string, leaf uint64) {
	t.Helper()
	var ws int64
	if err := r.db.QueryRow(r.q(`SELECT workspace_id FROM audit_records WHERE decision_id = ?`), decisionID).Scan(&ws); err != nil {
		t.Fatal(err)
	}
	var hash []byte
	key := audit.LeafKey(leaf)
	if err := r.db.QueryRow(r.q(`SELECT hash FROM audit_nodes WHERE workspace_id = ? AND node = ?`), ws, key).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	hash[len(hash)-1] ^= 0x01
	if res, err := r.db.Exec(r.q(`UPDATE audit_nodes SET hash = ? WHERE workspace_id = ? AND node = ?`), hash, ws, key); err != nil {
		t.Fatal(err)
	} else if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("changed %d leaf hashes, want 1", n)
	}
}

// otherLetter changes a letter's case.
func otherLetter(c byte) byte { return c ^ 0x20 }

// otherByte is a different printable byte.
func otherByte(c byte) byte {
	if c == 'x' {
		return 'y'
	}
	return 'x'
}

// flipBase64 changes the first character of a base64 string.
func flipBase64(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

// The audit commands' usage and their answers on a store without records.
func TestAuditCommandsWithoutRecords(t *testing.T) {
	if code, out, _ := runDZ(t, "audit", "-h"); code != 0 || !strings.Contains(out, "dz audit verify URL|FILE") || !strings.Contains(out, ExportFormat) {
		t.Errorf("dz audit -h: exit %d\n%s", code, out)
	}
	if code, _, errOut := runDZ(t, "audit"); code != 2 || !strings.Contains(errOut, "Usage:") {
		t.Errorf("dz audit: exit %d %s, want 2 and the usage", code, errOut)
	}
	if code, _, errOut := runDZ(t, "audit", "sign"); code != 1 || !strings.Contains(errOut, "unknown audit command") {
		t.Errorf("dz audit sign: exit %d %s", code, errOut)
	}
	data := t.TempDir()
	for _, slug := range []string{"north", "south"} {
		if code, _, errOut := runDZ(t, "keys", "create", "--workspace", slug, "--data", data); code != 0 {
			t.Fatalf("keys create: %s", errOut)
		}
	}
	code, out, errOut := runDZ(t, "audit", "check", "--data", data)
	empty := base64.StdEncoding.EncodeToString(audit.EmptyRoot())
	if code != 0 || out != "ok: north: 0 records, root "+empty+"\nok: south: 0 records, root "+empty+"\n" {
		t.Errorf("check of empty logs: exit %d\n%s%s", code, out, errOut)
	}
	if code, _, errOut := runDZ(t, "audit", "export", "--data", data); code != 1 || !strings.Contains(errOut, "north, south") {
		t.Errorf("export without --workspace from two: exit %d %s, want 1 naming both", code, errOut)
	}
	code, out, errOut = runDZ(t, "audit", "export", "--data", data, "--workspace", "south")
	var hdr exportHeader
	if err := json.Unmarshal([]byte(out), &hdr); code != 0 || err != nil || hdr.Size != 0 || hdr.Root != empty || strings.Count(out, "\n") != 1 {
		t.Errorf("export of an empty log: exit %d %v\n%s%s", code, err, out, errOut)
	}
	if code, _, errOut := runDZ(t, "audit", "erase", "--data", data, "--workspace", "south", "--decision", "dec_nope", "--field", "reply"); code != 1 || !strings.Contains(errOut, "dec_nope") {
		t.Errorf("erase of a decision without a record: exit %d %s", code, errOut)
	}
	if code, _, errOut := runDZ(t, "audit", "verify", filepath.Join(data, "nothing.json")); code != 1 || !strings.Contains(errOut, "nothing.json") {
		t.Errorf("verify of a missing file: exit %d %s", code, errOut)
	}
}
