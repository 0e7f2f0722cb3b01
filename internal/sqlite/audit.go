package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
)

// encodedAudit is an audit record ready to append: its leaf hash and
// stored fields computed before the write transaction begins, so the
// single writer's turn is spent writing.
type encodedAudit struct {
	rec    *dz.AuditRecord
	leaf   []byte
	fields string
}

// encodeAudit prepares a record to append; nil for none.
func encodeAudit(a *dz.AuditRecord) (*encodedAudit, error) {
	if a == nil {
		return nil, nil
	}
	leaf, fields, err := audit.Prepare(a)
	if err != nil {
		return nil, err
	}
	return &encodedAudit{rec: a, leaf: leaf, fields: string(fields)}, nil
}

// appendAudit adds a record as the next leaf of its workspace's log and
// stores the nodes that became complete; it fills the record's Index. The
// writer is single, so the head read here cannot move before the commit.
func (tx *Tx) appendAudit(ctx context.Context, e *encodedAudit) error {
	a := e.rec
	var size int64
	var border []byte
	err := tx.QueryRowContext(ctx, `SELECT size, border FROM audit_heads WHERE workspace_id = ?`, a.WorkspaceID).Scan(&size, &border)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("sqlite: read audit head: %w", err)
	}
	border, root, nodes, err := audit.Append(border, uint64(size), e.leaf)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_records (workspace_id, idx, decision_id, fields, created_at) VALUES (?, ?, ?, ?, ?)`,
		a.WorkspaceID, size, a.DecisionID, e.fields, micros(a.CreatedAt))
	if isUnique(err) {
		return dz.Errorf(dz.ECONFLICT, "decision %s already has an audit record: records are never replaced", a.DecisionID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: insert audit record: %w", err)
	}
	for _, n := range nodes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_nodes (workspace_id, node, hash) VALUES (?, ?, ?)`, a.WorkspaceID, n.Key, n.Hash); err != nil {
			return fmt.Errorf("sqlite: insert audit node: %w", err)
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_heads (workspace_id, size, root, border) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id) DO UPDATE SET size = excluded.size, root = excluded.root, border = excluded.border`,
		a.WorkspaceID, size+1, root, border)
	if err != nil {
		return fmt.Errorf("sqlite: update audit head: %w", err)
	}
	a.Index = uint64(size)
	return nil
}

// recordAudit stores a new decision's public link and audit record, when
// it has them.
func (tx *Tx) recordAudit(ctx context.Context, row *decisionRow) error {
	rec := row.rec
	if rec.PublicToken != "" {
		if err := tx.insertAuditLink(ctx, rec.WorkspaceID, rec.ID, rec.PublicToken); err != nil {
			return err
		}
	}
	if row.audit == nil {
		return nil
	}
	return tx.appendAudit(ctx, row.audit)
}

// insertAuditLink stores a new decision's public token.
func (tx *Tx) insertAuditLink(ctx context.Context, workspaceID int64, decisionID, token string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_links (token, workspace_id, decision_id, created_at) VALUES (?, ?, ?, ?)`,
		token, workspaceID, decisionID, micros(tx.now))
	if isUnique(err) {
		return dz.Errorf(dz.ECONFLICT, "that public audit token is taken")
	}
	if err != nil {
		return fmt.Errorf("sqlite: insert audit link: %w", err)
	}
	return nil
}

// Workspaces lists every workspace, oldest first.
func (db *DB) Workspaces(ctx context.Context) ([]*dz.WorkspaceInfo, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT id, slug, name, created_at FROM workspaces ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list workspaces: %w", err)
	}
	return collect(rows, "workspaces", func(r rowScanner) (*dz.WorkspaceInfo, error) {
		ws := &dz.WorkspaceInfo{}
		var created int64
		err := r.Scan(&ws.ID, &ws.Slug, &ws.Name, &created)
		ws.CreatedAt = fromMicros(created)
		return ws, err
	})
}

const auditColumns = `workspace_id, idx, decision_id, fields, created_at`

func scanAudit(r rowScanner) (*dz.AuditRecord, error) {
	a := &dz.AuditRecord{}
	var fields string
	var created int64
	if err := r.Scan(&a.WorkspaceID, &a.Index, &a.DecisionID, &fields, &created); err != nil {
		return nil, err
	}
	a.CreatedAt = fromMicros(created)
	var err error
	if a.Fields, err = audit.DecodeFields([]byte(fields)); err != nil {
		return nil, fmt.Errorf("audit record %d: fields: %w", a.Index, err)
	}
	return a, nil
}

// AuditRecord returns a decision's record; ENOTFOUND when it has none.
func (db *DB) AuditRecord(ctx context.Context, workspaceID int64, decisionID string) (*dz.AuditRecord, error) {
	a, err := scanAudit(db.r.QueryRowContext(ctx, `SELECT `+auditColumns+` FROM audit_records WHERE workspace_id = ? AND decision_id = ?`, workspaceID, decisionID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "decision %s has no audit record (it does not exist, is not complete, or was a dry run)", decisionID)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read audit record: %w", err)
	}
	return a, nil
}

// AuditRecords returns up to n records from leaf index from on.
func (db *DB) AuditRecords(ctx context.Context, workspaceID int64, from uint64, n int) ([]*dz.AuditRecord, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_records WHERE workspace_id = ? AND idx >= ? ORDER BY idx LIMIT ?`, workspaceID, from, n)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list audit records: %w", err)
	}
	return collect(rows, "audit records", scanAudit)
}

// AuditHead returns the log's size and root; size 0 for an empty log.
func (db *DB) AuditHead(ctx context.Context, workspaceID int64) (*dz.AuditHead, error) {
	h := &dz.AuditHead{WorkspaceID: workspaceID}
	err := db.r.QueryRowContext(ctx, `SELECT size, root FROM audit_heads WHERE workspace_id = ?`, workspaceID).Scan(&h.Size, &h.Root)
	if errors.Is(err, sql.ErrNoRows) {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: read audit head: %w", err)
	}
	return h, nil
}

// AuditNodes returns the stored hashes of tree nodes by key, in order.
func (db *DB) AuditNodes(ctx context.Context, workspaceID int64, keys []int64) ([][]byte, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(keys)+1)
	args = append(args, workspaceID)
	for _, k := range keys {
		args = append(args, k)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT node, hash FROM audit_nodes WHERE workspace_id = ? AND node IN (?`+
		strings.Repeat(", ?", len(keys)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: read audit nodes: %w", err)
	}
	type node struct {
		key  int64
		hash []byte
	}
	found, err := collect(rows, "audit nodes", func(r rowScanner) (node, error) {
		var n node
		return n, r.Scan(&n.key, &n.hash)
	})
	if err != nil {
		return nil, err
	}
	byKey := make(map[int64][]byte, len(found))
	for _, n := range found {
		byKey[n.key] = n.hash
	}
	return dz.OrderNodes(keys, byKey)
}

// AuditSigningKey returns the stored signing key, storing a generated one
// first when there is none.
func (db *DB) AuditSigningKey(ctx context.Context, generate func() (string, error)) (string, error) {
	var key string
	err := db.r.QueryRowContext(ctx, `SELECT signing_key FROM audit_keys WHERE id = 1`).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("sqlite: read audit key: %w", err)
	}
	fresh, err := generate()
	if err != nil {
		return "", err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_keys (id, signing_key, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING`, fresh, micros(tx.now)); err != nil {
		return "", fmt.Errorf("sqlite: store audit key: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT signing_key FROM audit_keys WHERE id = 1`).Scan(&key); err != nil {
		return "", fmt.Errorf("sqlite: read audit key: %w", err)
	}
	return key, tx.Commit()
}

// AuditLink returns the workspace and decision a live public token opens.
func (db *DB) AuditLink(ctx context.Context, token string) (int64, string, error) {
	var ws int64
	var id string
	err := db.r.QueryRowContext(ctx, `SELECT workspace_id, decision_id FROM audit_links WHERE token = ? AND revoked_at IS NULL`, token).Scan(&ws, &id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", dz.Errorf(dz.ENOTFOUND, "this audit link does not exist or was revoked")
	}
	if err != nil {
		return 0, "", fmt.Errorf("sqlite: read audit link: %w", err)
	}
	return ws, id, nil
}

// SetAuditLink revokes a decision's live links and, unless token is "",
// stores token as its new one.
func (db *DB) SetAuditLink(ctx context.Context, workspaceID int64, decisionID, token string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.decisionWhere(ctx, `workspace_id = ? AND id = ?`, workspaceID, decisionID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_links SET revoked_at = ? WHERE workspace_id = ? AND decision_id = ? AND revoked_at IS NULL`,
		micros(tx.now), workspaceID, decisionID); err != nil {
		return fmt.Errorf("sqlite: revoke audit link: %w", err)
	}
	if token != "" {
		if err := tx.insertAuditLink(ctx, workspaceID, decisionID, token); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// EraseAuditFields drops the named fields' values and salts.
func (db *DB) EraseAuditFields(ctx context.Context, workspaceID int64, decisionID string, names []string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	a, err := scanAudit(tx.QueryRowContext(ctx, `SELECT `+auditColumns+` FROM audit_records WHERE workspace_id = ? AND decision_id = ?`, workspaceID, decisionID))
	if errors.Is(err, sql.ErrNoRows) {
		return dz.Errorf(dz.ENOTFOUND, "decision %s has no audit record", decisionID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: read audit record: %w", err)
	}
	if err := dz.EraseFields(a, names); err != nil {
		return err
	}
	fields, err := audit.EncodeFields(a.Fields)
	if err != nil {
		return fmt.Errorf("sqlite: encode audit record: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_records SET fields = ? WHERE workspace_id = ? AND idx = ?`, string(fields), workspaceID, a.Index); err != nil {
		return fmt.Errorf("sqlite: erase audit fields: %w", err)
	}
	return tx.Commit()
}
