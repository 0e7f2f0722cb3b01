package storetest

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// testAudit covers the append-only audit log: indexes per workspace, the
// tree the stored nodes describe, proofs at every size, appends with
// created and completed decisions, concurrency, the signing key, public
// links and erasure.
func testAudit(t *testing.T, open opener) {
	t.Run("indexes per workspace", func(t *testing.T) { testAuditIndexes(t, open(t)) })
	t.Run("proofs", func(t *testing.T) { testAuditProofs(t, open(t)) })
	t.Run("not found", func(t *testing.T) { testAuditNotFound(t, open(t)) })
	t.Run("bad records", func(t *testing.T) { testAuditInvalid(t, open(t)) })
	t.Run("completed later", func(t *testing.T) { testAuditOnUpdate(t, open(t)) })
	t.Run("request_id retry", func(t *testing.T) { testAuditRetry(t, open(t)) })
	t.Run("failure appends nothing", func(t *testing.T) { testAuditRollback(t, open(t)) })
	t.Run("concurrent failures stand alone", func(t *testing.T) { testConcurrentFailures(t, open(t)) })
	t.Run("concurrent appends", func(t *testing.T) {
		s := open(t)
		AuditShared(t, s, s)
	})
	t.Run("signing key", func(t *testing.T) { testAuditSigningKey(t, open) })
	t.Run("links", func(t *testing.T) { testAuditLinks(t, open(t)) })
	t.Run("erase", func(t *testing.T) { testAuditErase(t, open(t)) })
	t.Run("workspaces", func(t *testing.T) { testAuditWorkspaces(t, open(t)) })
}

// auditRecord returns a small audit record for decision id, dated i
// seconds after base.
func auditRecord(wsID int64, id string, i int) *dz.AuditRecord {
	fields := []dz.AuditField{
		audit.NewField("workspace_id", strconv.FormatInt(wsID, 10)),
		audit.NewField("decision_id", strconv.Quote(id)),
		audit.NewField("reply", strconv.Quote("Hello from "+id)),
		audit.NewField("fact/entity/mrr", strconv.Itoa(100+i)),
	}
	audit.SortFields(fields)
	return &dz.AuditRecord{WorkspaceID: wsID, DecisionID: id, Fields: fields, CreatedAt: base.Add(time.Duration(i) * time.Second)}
}

// audited returns a completed decision carrying its audit record.
func audited(wsID int64, id, requestID string, i int) *dz.DecisionRecord {
	rec := decision(wsID, id, requestID)
	rec.Audit = auditRecord(wsID, id, i)
	rec.CreatedAt = rec.Audit.CreatedAt
	return rec
}

// leafHash is a record's RFC 6962 leaf hash.
func leafHash(t *testing.T, a *dz.AuditRecord) []byte {
	t.Helper()
	h, err := audit.LeafHash(a.Fields)
	must(t, err)
	return h
}

// nodes fetches a workspace's stored tree nodes for proofs.
func nodes(t *testing.T, s dz.Store, wsID int64) audit.NodeFetcher {
	return func(keys []int64) ([][]byte, error) { return s.AuditNodes(ctx(t), wsID, keys) }
}

// checkLog fails unless the workspace's log holds exactly want, in order
// (decision, fields and time), every stored node is the one recomputed
// from their leaf hashes, the head's root is the recomputed root, and each
// record's inclusion proof verifies against it. It returns the head.
func checkLog(t *testing.T, s dz.Store, wsID int64, want []*dz.AuditRecord) *dz.AuditHead {
	t.Helper()
	got, err := s.AuditRecords(ctx(t), wsID, 0, len(want)+1)
	must(t, err)
	if len(got) != len(want) {
		t.Fatalf("the log holds %d records, want %d", len(got), len(want))
	}
	roots := audit.NewRoots()
	computed := map[int64][]byte{}
	var keys []int64
	for i, a := range got {
		if a.Index != uint64(i) || a.WorkspaceID != wsID || a.DecisionID != want[i].DecisionID || !a.CreatedAt.Equal(want[i].CreatedAt) {
			t.Fatalf("record %d = %+v, want decision %s at index %d dated %v", i, a, want[i].DecisionID, i, want[i].CreatedAt)
		}
		sameJSON(t, fmt.Sprintf("fields of record %d", i), a.Fields, want[i].Fields)
		must(t, roots.Add(leafHash(t, a), func(key int64, hash []byte) {
			computed[key] = hash
			keys = append(keys, key)
		}))
	}
	stored, err := s.AuditNodes(ctx(t), wsID, keys)
	must(t, err)
	for i, k := range keys {
		if !bytes.Equal(stored[i], computed[k]) {
			t.Fatalf("stored node %d (level %d, index %d) = %x, want %x", k, k>>48, k&(1<<48-1), stored[i], computed[k])
		}
	}
	head, err := s.AuditHead(ctx(t), wsID)
	must(t, err)
	if head.WorkspaceID != wsID || head.Size != uint64(len(want)) {
		t.Fatalf("head = workspace %d size %d, want workspace %d size %d", head.WorkspaceID, head.Size, wsID, len(want))
	}
	if len(want) == 0 {
		if len(head.Root) != 0 {
			t.Fatalf("the empty log has root %x", head.Root)
		}
		return head
	}
	if !bytes.Equal(head.Root, roots.Root()) {
		t.Fatalf("head root %x, recomputed from the records %x", head.Root, roots.Root())
	}
	for i, a := range got {
		wantInclusion(t, s, wsID, uint64(i), head.Size, leafHash(t, a), head.Root)
	}
	return head
}

// wantInclusion fails unless the stored nodes prove leaf index of the log
// of size records whose root is root.
func wantInclusion(t *testing.T, s dz.Store, wsID int64, index, size uint64, leaf, root []byte) {
	t.Helper()
	p, err := audit.InclusionProof(index, size, nodes(t, s, wsID))
	must(t, err)
	if err := audit.VerifyInclusion(index, size, leaf, p, root); err != nil {
		t.Fatalf("inclusion of leaf %d in size %d: %v", index, size, err)
	}
}

// create stores rec and fails unless it is a new decision.
func create(t *testing.T, s dz.Store, rec *dz.DecisionRecord, jobs ...dz.Job) {
	t.Helper()
	_, created, err := s.CreateDecision(ctx(t), rec, jobs)
	must(t, err)
	if !created {
		t.Fatalf("decision %s was not created", rec.ID)
	}
}

// testAuditIndexes checks that each workspace's records count from 0,
// whatever the other workspaces append.
func testAuditIndexes(t *testing.T, s dz.Store) {
	a, b, empty := workspace(t, s, "acme"), workspace(t, s, "globex"), workspace(t, s, "initech")
	logs := map[int64][]*dz.AuditRecord{}
	for i := range 7 {
		ws := []int64{a.ID, b.ID}[i%2]
		rec := audited(ws, fmt.Sprintf("dec_%d", i), "", i)
		create(t, s, rec)
		if want := uint64(len(logs[ws])); rec.Audit.Index != want {
			t.Fatalf("decision %s got index %d, want %d", rec.ID, rec.Audit.Index, want)
		}
		logs[ws] = append(logs[ws], rec.Audit)
	}
	checkLog(t, s, a.ID, logs[a.ID])
	checkLog(t, s, b.ID, logs[b.ID])
	checkLog(t, s, empty.ID, nil)
	got, err := s.AuditRecord(ctx(t), a.ID, "dec_4")
	must(t, err)
	sameJSON(t, "record of dec_4", got, logs[a.ID][2])
	page, err := s.AuditRecords(ctx(t), a.ID, 1, 2)
	must(t, err)
	if len(page) != 2 || page[0].Index != 1 || page[1].Index != 2 {
		t.Fatalf("records from 1, 2 of them: %+v", page)
	}
	page, err = s.AuditRecords(ctx(t), a.ID, 4, 10)
	must(t, err)
	if len(page) != 0 {
		t.Fatalf("records past the end: %+v", page)
	}
}

// testAuditProofs appends 20 records and checks, from the final stored
// nodes, every inclusion proof and every consistency proof between the
// sizes the log went through.
func testAuditProofs(t *testing.T, s dz.Store) {
	const n = 20
	ws := workspace(t, s, "acme")
	leaves := make([][]byte, n)
	roots := make([][]byte, n+1)
	for i := range n {
		rec := audited(ws.ID, fmt.Sprintf("dec_%02d", i), "", i)
		create(t, s, rec)
		leaves[i] = leafHash(t, rec.Audit)
		head, err := s.AuditHead(ctx(t), ws.ID)
		must(t, err)
		if head.Size != uint64(i+1) {
			t.Fatalf("head size %d after %d appends", head.Size, i+1)
		}
		roots[i+1] = head.Root
	}
	for size := uint64(1); size <= n; size++ {
		for i := range size {
			wantInclusion(t, s, ws.ID, i, size, leaves[i], roots[size])
		}
		for old := uint64(1); old <= size; old++ {
			p, err := audit.ConsistencyProof(old, size, nodes(t, s, ws.ID))
			must(t, err)
			if err := audit.VerifyConsistency(old, size, p, roots[old], roots[size]); err != nil {
				t.Fatalf("consistency of size %d with %d: %v", old, size, err)
			}
		}
	}
	// The checks can fail: another leaf, or an older root, does not verify.
	p, err := audit.InclusionProof(3, n, nodes(t, s, ws.ID))
	must(t, err)
	if audit.VerifyInclusion(3, n, leaves[4], p, roots[n]) == nil || audit.VerifyInclusion(3, n, leaves[3], p, roots[n-1]) == nil {
		t.Fatal("an inclusion proof verified for the wrong leaf or root")
	}
	p, err = audit.ConsistencyProof(7, n, nodes(t, s, ws.ID))
	must(t, err)
	if audit.VerifyConsistency(7, n, p, roots[8], roots[n]) == nil {
		t.Fatal("a consistency proof verified from the wrong old root")
	}
}

// testAuditNotFound checks ENOTFOUND for missing records and nodes, and
// that one workspace's log is invisible from another.
func testAuditNotFound(t *testing.T, s dz.Store) {
	a, b := workspace(t, s, "acme"), workspace(t, s, "globex")
	create(t, s, decision(a.ID, "dec_plain", ""))
	first, second := audited(a.ID, "dec_1", "", 1), audited(a.ID, "dec_2", "", 2)
	create(t, s, first)
	create(t, s, second)
	for _, tc := range []struct {
		name string
		ws   int64
		id   string
	}{{"no record", a.ID, "dec_plain"}, {"no decision", a.ID, "dec_9"}, {"other workspace", b.ID, "dec_1"}} {
		_, err := s.AuditRecord(ctx(t), tc.ws, tc.id)
		if dz.ErrorCode(err) != dz.ENOTFOUND {
			t.Fatalf("%s: AuditRecord error %v, want ENOTFOUND", tc.name, err)
		}
	}
	leaf0, leaf1 := audit.LeafKey(0), audit.LeafKey(1)
	got, err := s.AuditNodes(ctx(t), a.ID, []int64{leaf1, leaf0})
	must(t, err)
	if len(got) != 2 || !bytes.Equal(got[0], leafHash(t, second.Audit)) || !bytes.Equal(got[1], leafHash(t, first.Audit)) {
		t.Fatalf("nodes not in the order asked: %x", got)
	}
	got, err = s.AuditNodes(ctx(t), a.ID, nil)
	if err != nil || len(got) != 0 {
		t.Fatalf("no keys: %x, %v", got, err)
	}
	_, err = s.AuditNodes(ctx(t), a.ID, []int64{leaf0, audit.LeafKey(2)})
	wantCode(t, err, dz.ENOTFOUND)
	_, err = s.AuditNodes(ctx(t), b.ID, []int64{leaf0})
	wantCode(t, err, dz.ENOTFOUND)
	checkLog(t, s, b.ID, nil)
}

// testAuditInvalid checks that a record that does not belong to its
// decision, or cannot be hashed, stores neither the decision nor a record.
func testAuditInvalid(t *testing.T, s dz.Store) {
	ws, other := workspace(t, s, "acme"), workspace(t, s, "globex")
	cases := []struct {
		name   string
		change func(rec *dz.DecisionRecord)
	}{
		{"pending decision", func(rec *dz.DecisionRecord) { rec.Status = dz.StatusPending }},
		{"another decision's record", func(rec *dz.DecisionRecord) { rec.Audit.DecisionID = "dec_other" }},
		{"another workspace's record", func(rec *dz.DecisionRecord) { rec.Audit.WorkspaceID = other.ID }},
		{"unsorted fields", func(rec *dz.DecisionRecord) {
			f := rec.Audit.Fields
			f[0], f[1] = f[1], f[0]
		}},
		{"bad commitment", func(rec *dz.DecisionRecord) { rec.Audit.Fields[0].Commitment = "beef" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := audited(ws.ID, "dec_1", "", 1)
			tc.change(rec)
			_, _, err := s.CreateDecision(ctx(t), rec, nil)
			wantCode(t, err, dz.EINVALID)
			_, err = s.Decision(ctx(t), ws.ID, "dec_1")
			wantCode(t, err, dz.ENOTFOUND)
			checkLog(t, s, ws.ID, nil)
		})
	}
}

// testAuditOnUpdate completes a pending decision with its record, then
// checks that a second record for it is refused and changes nothing.
func testAuditOnUpdate(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	pending := decision(ws.ID, "dec_1", "")
	pending.Status = dz.StatusPending
	create(t, s, pending)
	_, err := s.AuditRecord(ctx(t), ws.ID, "dec_1")
	wantCode(t, err, dz.ENOTFOUND)
	done := audited(ws.ID, "dec_1", "", 1)
	must(t, s.UpdateDecision(ctx(t), done, []dz.Job{job("dec_1.completed")}))
	if done.Audit.Index != 0 {
		t.Fatalf("the completed decision got index %d, want 0", done.Audit.Index)
	}
	head := checkLog(t, s, ws.ID, []*dz.AuditRecord{done.Audit})

	again := audited(ws.ID, "dec_1", "", 2)
	again.Response = "Changed"
	err = s.UpdateDecision(ctx(t), again, []dz.Job{job("dec_1.again")})
	wantCode(t, err, dz.ECONFLICT)
	after := checkLog(t, s, ws.ID, []*dz.AuditRecord{done.Audit})
	if !bytes.Equal(after.Root, head.Root) {
		t.Fatalf("a refused record changed the root")
	}
	got, err := s.Decision(ctx(t), ws.ID, "dec_1")
	must(t, err)
	if got.Response != done.Response {
		t.Fatalf("a refused update stored response %q", got.Response)
	}
	jobs, err := s.ClaimJobs(ctx(t), "webhook", 10, time.Hour)
	must(t, err)
	if len(jobs) != 1 || jobs[0].Key != "dec_1.completed" {
		t.Fatalf("jobs after a refused update: %+v", jobs)
	}
}

// testAuditRetry checks that a retried request_id appends nothing, whether
// the retry matches or conflicts.
func testAuditRetry(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	first := audited(ws.ID, "dec_1", "req-1", 1)
	first.PublicToken = "tok-1"
	create(t, s, first)
	retry := audited(ws.ID, "dec_1b", "req-1", 2) // the server's new id for the retry
	retry.RequestHash, retry.PublicToken = first.RequestHash, "tok-1b"
	stored, created, err := s.CreateDecision(ctx(t), retry, nil)
	must(t, err)
	if created || stored.ID != "dec_1" {
		t.Fatalf("retry: created=%v, stored %s", created, stored.ID)
	}
	clash := audited(ws.ID, "dec_1c", "req-1", 3)
	_, _, err = s.CreateDecision(ctx(t), clash, nil)
	wantCode(t, err, dz.ECONFLICT)
	checkLog(t, s, ws.ID, []*dz.AuditRecord{first.Audit})
	wantLink(t, s, "tok-1", ws.ID, "dec_1")
	noLink(t, s, "tok-1b")

	next := audited(ws.ID, "dec_2", "req-2", 4)
	create(t, s, next)
	if next.Audit.Index != 1 {
		t.Fatalf("the next decision got index %d, want 1", next.Audit.Index)
	}
	checkLog(t, s, ws.ID, []*dz.AuditRecord{first.Audit, next.Audit})
}

// testAuditRollback checks that a decision that fails to store leaves no
// record and does not use up an index.
func testAuditRollback(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	failed := audited(ws.ID, "dec_1", "req-1", 1)
	_, _, err := s.CreateDecision(ctx(t), failed, []dz.Job{job("k1"), {Kind: "", Key: "k2"}})
	wantCode(t, err, dz.EINVALID)
	_, err = s.AuditRecord(ctx(t), ws.ID, "dec_1")
	wantCode(t, err, dz.ENOTFOUND)
	_, err = s.AuditNodes(ctx(t), ws.ID, []int64{audit.LeafKey(0)})
	wantCode(t, err, dz.ENOTFOUND)
	checkLog(t, s, ws.ID, nil)
	next := audited(ws.ID, "dec_2", "req-2", 2)
	create(t, s, next)
	checkLog(t, s, ws.ID, []*dz.AuditRecord{next.Audit})
}

// testConcurrentFailures creates decisions from many goroutines at once,
// a third of which fail after writing their decision row (their audit
// record names a decision that already has one) and a third after
// appending their record (a job without a kind). A store may write
// concurrent decisions together; each failure must still leave nothing
// behind, and the others must be stored whole, on a log that verifies.
func testConcurrentFailures(t *testing.T, s dz.Store) {
	ws := workspace(t, s, "acme")
	first := audited(ws.ID, "dec_first", "", 0)
	create(t, s, first)
	const n = 24
	recs, errs := make([]*dz.DecisionRecord, n), make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		rec := audited(ws.ID, fmt.Sprintf("dec_%02d", i), fmt.Sprintf("req-%02d", i), i+1)
		var jobs []dz.Job
		switch i % 3 {
		case 0:
			rec.Audit.DecisionID = first.ID // a second record for dec_first: refused
		case 1:
			jobs = []dz.Job{{Kind: "", Key: "no kind"}}
		}
		recs[i] = rec
		wg.Go(func() {
			<-start
			_, _, errs[i] = s.CreateDecision(ctx(t), rec, jobs)
		})
	}
	close(start)
	wg.Wait()
	for i, rec := range recs {
		_, getErr := s.Decision(ctx(t), ws.ID, rec.ID)
		if i%3 == 2 {
			if errs[i] != nil || getErr != nil {
				t.Errorf("%s: created %v, read %v; want it stored", rec.ID, errs[i], getErr)
			}
			continue
		}
		if errs[i] == nil {
			t.Errorf("%s: stored, want it refused", rec.ID)
		}
		if dz.ErrorCode(getErr) != dz.ENOTFOUND {
			t.Errorf("%s failed but left its decision behind (read: %v)", rec.ID, getErr)
		}
		if _, err := s.AuditRecord(ctx(t), ws.ID, rec.ID); dz.ErrorCode(err) != dz.ENOTFOUND {
			t.Errorf("%s failed but left its audit record behind (%v)", rec.ID, err)
		}
	}
	if t.Failed() {
		return
	}
	stored := make([]*dz.AuditRecord, n/3+1)
	stored[0] = first.Audit
	for i, rec := range recs {
		if i%3 != 2 {
			continue
		}
		idx := rec.Audit.Index
		if idx == 0 || idx >= uint64(len(stored)) || stored[idx] != nil {
			t.Fatalf("%s got index %d: out of range or taken", rec.ID, idx)
		}
		stored[idx] = rec.Audit
	}
	checkLog(t, s, ws.ID, stored)
}

// AuditShared appends 80 records from 8 goroutines, half through a and half
// through b, and checks that they got indexes 0..79 with no gap or repeat
// and a log that verifies. a and b may be one store, or two opened on one
// database, as two servers sharing it.
func AuditShared(t *testing.T, a, b dz.Store) {
	const workers, each = 8, 10
	ws := workspace(t, a, "shared")
	recs := make([]*dz.DecisionRecord, workers*each)
	var wg sync.WaitGroup
	for w := range workers {
		s := []dz.Store{a, b}[w%2]
		wg.Go(func() {
			for j := range each {
				n := w*each + j
				rec := audited(ws.ID, fmt.Sprintf("dec_%02d", n), fmt.Sprintf("req-%02d", n), n)
				if _, _, err := s.CreateDecision(ctx(t), rec, nil); err != nil {
					t.Errorf("create %s: %v", rec.ID, err)
					return
				}
				recs[n] = rec
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	byIndex := make([]*dz.AuditRecord, len(recs))
	for _, rec := range recs {
		i := rec.Audit.Index
		if i >= uint64(len(byIndex)) || byIndex[i] != nil {
			t.Fatalf("decision %s got index %d: out of range or taken", rec.ID, i)
		}
		byIndex[i] = rec.Audit
	}
	checkLog(t, a, ws.ID, byIndex)
	checkLog(t, b, ws.ID, byIndex)
	auditKeyRace(t, []dz.Store{a, b})
}

// auditKeyRace asks for the signing key of a store that has none from 8
// goroutines, each generating its own, and fails unless all get one key.
func auditKeyRace(t *testing.T, stores []dz.Store) {
	t.Helper()
	keys := make([]string, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k, err := stores[i%len(stores)].AuditSigningKey(ctx(t), func() (string, error) { return fmt.Sprintf("key-%d", i), nil })
			if err != nil {
				t.Errorf("signing key: %v", err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	for _, k := range keys {
		if k == "" || k != keys[0] {
			t.Fatalf("concurrent first calls got keys %q, want one", keys)
		}
	}
}

// testAuditSigningKey checks that the first key generated is kept, and a
// failed generation stores nothing.
func testAuditSigningKey(t *testing.T, open opener) {
	s := open(t)
	_, err := s.AuditSigningKey(ctx(t), func() (string, error) { return "", errors.New("no entropy") })
	if err == nil {
		t.Fatal("a failed generate gave a key")
	}
	calls := 0
	key, err := s.AuditSigningKey(ctx(t), func() (string, error) { calls++; return "key-1", nil })
	must(t, err)
	if key != "key-1" || calls != 1 {
		t.Fatalf("first call: key %q, generate called %d times", key, calls)
	}
	for range 2 {
		key, err = s.AuditSigningKey(ctx(t), func() (string, error) { calls++; return "key-2", nil })
		must(t, err)
	}
	if key != "key-1" || calls != 1 {
		t.Fatalf("later calls: key %q, generate called %d times", key, calls)
	}
	auditKeyRace(t, []dz.Store{open(t)})
}

// wantLink fails unless token opens decision id of workspace ws.
func wantLink(t *testing.T, s dz.Store, token string, ws int64, id string) {
	t.Helper()
	gotWS, gotID, err := s.AuditLink(ctx(t), token)
	must(t, err)
	if gotWS != ws || gotID != id {
		t.Fatalf("token %s opens workspace %d decision %s, want %d %s", token, gotWS, gotID, ws, id)
	}
}

// noLink fails unless tokens open nothing.
func noLink(t *testing.T, s dz.Store, tokens ...string) {
	t.Helper()
	for _, token := range tokens {
		if _, id, err := s.AuditLink(ctx(t), token); dz.ErrorCode(err) != dz.ENOTFOUND {
			t.Fatalf("token %q opens %q (err %v), want ENOTFOUND", token, id, err)
		}
	}
}

// testAuditLinks covers public tokens: given at creation, revoked,
// replaced, never reused, and kept to their workspace.
func testAuditLinks(t *testing.T, s dz.Store) {
	a, b := workspace(t, s, "acme"), workspace(t, s, "globex")
	rec := audited(a.ID, "dec_1", "", 1)
	rec.PublicToken = "tok-1"
	create(t, s, rec)
	plain := decision(a.ID, "dec_2", "")
	plain.PublicToken = "tok-2"
	create(t, s, plain)
	wantLink(t, s, "tok-1", a.ID, "dec_1")
	wantLink(t, s, "tok-2", a.ID, "dec_2")
	noLink(t, s, "tok-unknown", "")
	taken := decision(a.ID, "dec_3", "")
	taken.PublicToken = "tok-1"
	_, _, err := s.CreateDecision(ctx(t), taken, nil)
	wantCode(t, err, dz.ECONFLICT)

	must(t, s.SetAuditLink(ctx(t), a.ID, "dec_1", ""))
	noLink(t, s, "tok-1")
	wantLink(t, s, "tok-2", a.ID, "dec_2")
	must(t, s.SetAuditLink(ctx(t), a.ID, "dec_1", "tok-3"))
	wantLink(t, s, "tok-3", a.ID, "dec_1")
	must(t, s.SetAuditLink(ctx(t), a.ID, "dec_1", "tok-4"))
	wantLink(t, s, "tok-4", a.ID, "dec_1")
	noLink(t, s, "tok-1", "tok-3")

	// Failures keep the live link.
	for _, tc := range []struct {
		name, id, token, code string
		ws                    int64
	}{
		{"other workspace", "dec_1", "tok-5", dz.ENOTFOUND, b.ID},
		{"other workspace revokes", "dec_1", "", dz.ENOTFOUND, b.ID},
		{"unknown decision", "dec_9", "tok-6", dz.ENOTFOUND, a.ID},
		{"token in use", "dec_1", "tok-2", dz.ECONFLICT, a.ID},
		{"revoked token reused", "dec_1", "tok-1", dz.ECONFLICT, a.ID},
	} {
		err := s.SetAuditLink(ctx(t), tc.ws, tc.id, tc.token)
		if dz.ErrorCode(err) != tc.code {
			t.Fatalf("%s: error %v, want %s", tc.name, err, tc.code)
		}
		wantLink(t, s, "tok-4", a.ID, "dec_1")
		wantLink(t, s, "tok-2", a.ID, "dec_2")
	}
	noLink(t, s, "tok-1", "tok-5", "tok-6")
	testAuditLinkRace(t, s, a.ID, "dec_2")
}

// testAuditLinkRace replaces a decision's link from 8 goroutines at once
// and fails unless exactly one of the new tokens is live.
func testAuditLinkRace(t *testing.T, s dz.Store, wsID int64, id string) {
	t.Helper()
	tokens := make([]string, 8)
	var wg sync.WaitGroup
	for i := range tokens {
		tokens[i] = fmt.Sprintf("race-%d", i)
		wg.Go(func() {
			if err := s.SetAuditLink(ctx(t), wsID, id, tokens[i]); err != nil {
				t.Errorf("replace link: %v", err)
			}
		})
	}
	wg.Wait()
	var live []string
	for _, token := range tokens {
		if _, _, err := s.AuditLink(ctx(t), token); err == nil {
			live = append(live, token)
		}
	}
	if len(live) != 1 {
		t.Fatalf("after concurrent replacements, live links %q, want one", live)
	}
}

// testAuditErase checks that erasing fields keeps their commitments, the
// leaf hash and the proofs, and that a failed erasure changes nothing.
func testAuditErase(t *testing.T, s dz.Store) {
	ws, other := workspace(t, s, "acme"), workspace(t, s, "globex")
	first, second := audited(ws.ID, "dec_1", "", 1), audited(ws.ID, "dec_2", "", 2)
	create(t, s, first)
	create(t, s, second)
	create(t, s, decision(ws.ID, "dec_plain", ""))
	head := checkLog(t, s, ws.ID, []*dz.AuditRecord{first.Audit, second.Audit})

	erased := []string{"fact/entity/mrr", "reply"}
	must(t, s.EraseAuditFields(ctx(t), ws.ID, "dec_1", erased))
	want := *first.Audit
	want.Fields = append([]dz.AuditField(nil), first.Audit.Fields...)
	for i, f := range want.Fields {
		if f.Name == erased[0] || f.Name == erased[1] {
			want.Fields[i].Value, want.Fields[i].Salt = "", ""
		}
	}
	got, err := s.AuditRecord(ctx(t), ws.ID, "dec_1")
	must(t, err)
	sameJSON(t, "erased record", got, &want)
	for _, f := range got.Fields {
		must(t, audit.CheckField(f))
	}
	if !bytes.Equal(leafHash(t, got), leafHash(t, first.Audit)) {
		t.Fatal("erasing fields changed the leaf hash")
	}
	after := checkLog(t, s, ws.ID, []*dz.AuditRecord{&want, second.Audit})
	if after.Size != head.Size || !bytes.Equal(after.Root, head.Root) {
		t.Fatal("erasing fields changed the head")
	}
	must(t, s.EraseAuditFields(ctx(t), ws.ID, "dec_1", []string{"reply"})) // again: no change

	for _, tc := range []struct {
		name, id string
		ws       int64
		names    []string
	}{
		{"unknown field", "dec_2", ws.ID, []string{"reply", "no/such/field"}},
		{"other workspace", "dec_2", other.ID, []string{"reply"}},
		{"no record", "dec_plain", ws.ID, []string{"reply"}},
		{"no decision", "dec_9", ws.ID, []string{"reply"}},
	} {
		err := s.EraseAuditFields(ctx(t), tc.ws, tc.id, tc.names)
		if dz.ErrorCode(err) != dz.ENOTFOUND {
			t.Fatalf("%s: error %v, want ENOTFOUND", tc.name, err)
		}
	}
	checkLog(t, s, ws.ID, []*dz.AuditRecord{&want, second.Audit})
}

// testAuditWorkspaces checks that Workspaces lists every workspace, oldest
// first.
func testAuditWorkspaces(t *testing.T, s dz.Store) {
	got, err := s.Workspaces(ctx(t))
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("a new store lists %d workspaces", len(got))
	}
	want := []*dz.WorkspaceInfo{workspace(t, s, "acme"), workspace(t, s, "globex"), workspace(t, s, "initech")}
	got, err = s.Workspaces(ctx(t))
	must(t, err)
	sameJSON(t, "workspaces", got, want)
}
