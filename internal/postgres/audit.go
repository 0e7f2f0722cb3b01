package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/internal/audit"
	"github.com/jackc/pgx/v5"
)

// recordAudit stores a new decision's public link and audit record, when it has them.
func (tx *Tx) recordAudit(ctx context.Context, rec *dz.DecisionRecord) error {
	if rec.PublicToken != "" {
		if err := tx.insertAuditLink(ctx, rec.WorkspaceID, rec.ID, rec.PublicToken); err != nil {
			return err
		}
	}
	if rec.Audit == nil {
		return nil
	}
	return tx.appendAudit(ctx, rec.Audit)
}

// appendAudit adds a record as the next leaf of its workspace's log and
// stores the nodes that became complete; it fills a.Index. The head row is
// locked FOR UPDATE until the decision's transaction ends, so concurrent
// appends on any server take turns: callers append last, just before
// committing, and everything that does not need the lock is done before
// it, so the turn lasts two round trips and the commit.
func (tx *Tx) appendAudit(ctx context.Context, a *dz.AuditRecord) error {
	leaf, fields, err := audit.Prepare(a)
	if err != nil {
		return err
	}
	size, border, err := tx.lockAuditHead(ctx, a.WorkspaceID)
	if err != nil {
		return err
	}
	border, root, nodes, err := audit.Append(border, uint64(size), leaf)
	if err != nil {
		return err
	}
	batch := &pgx.Batch{}
	batch.Queue(`INSERT INTO audit_records (workspace_id, idx, decision_id, fields, created_at) VALUES ($1, $2, $3, $4, $5)`,
		a.WorkspaceID, size, a.DecisionID, string(fields), a.CreatedAt.UTC())
	for _, n := range nodes {
		batch.Queue(`INSERT INTO audit_nodes (workspace_id, node, hash) VALUES ($1, $2, $3)`, a.WorkspaceID, n.Key, n.Hash)
	}
	batch.Queue(`UPDATE audit_heads SET size = $2, root = $3, border = $4 WHERE workspace_id = $1`, a.WorkspaceID, size+1, root, border)
	err = tx.SendBatch(ctx, batch).Close()
	if constraint(err) == "audit_records_workspace_id_decision_id_key" {
		return dz.Errorf(dz.ECONFLICT, "decision %s already has an audit record: records are never replaced", a.DecisionID)
	}
	if err != nil { // a taken index would be a fork: never the caller's fault
		return fmt.Errorf("postgres: append audit record %d: %w", size, err)
	}
	a.Index = uint64(size)
	return nil
}

// lockAuditHead locks a workspace's log head for this transaction and
// returns its size and border, creating the head of an empty log first.
func (tx *Tx) lockAuditHead(ctx context.Context, workspaceID int64) (int64, []byte, error) {
	var size int64
	var border []byte
	err := tx.QueryRow(ctx, `SELECT size, border FROM audit_heads WHERE workspace_id = $1 FOR UPDATE`, workspaceID).Scan(&size, &border)
	if errors.Is(err, pgx.ErrNoRows) {
		if _, err := tx.Exec(ctx, `INSERT INTO audit_heads (workspace_id, size, root, border) VALUES ($1, 0, '', '')
			ON CONFLICT (workspace_id) DO NOTHING`, workspaceID); err != nil {
			return 0, nil, fmt.Errorf("postgres: start audit head: %w", err)
		}
		err = tx.QueryRow(ctx, `SELECT size, border FROM audit_heads WHERE workspace_id = $1 FOR UPDATE`, workspaceID).Scan(&size, &border)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("postgres: read audit head: %w", err)
	}
	return size, border, nil
}

// insertAuditLink stores a decision's public token.
func (tx *Tx) insertAuditLink(ctx context.Context, workspaceID int64, decisionID, token string) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_links (token, workspace_id, decision_id, created_at) VALUES ($1, $2, $3, $4)`,
		token, workspaceID, decisionID, tx.now)
	if isUnique(err) {
		return dz.Errorf(dz.ECONFLICT, "that public audit token is taken")
	}
	if err != nil {
		return fmt.Errorf("postgres: insert audit link: %w", err)
	}
	return nil
}

// Workspaces lists every workspace, oldest first.
func (db *DB) Workspaces(ctx context.Context) ([]*dz.WorkspaceInfo, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, slug, name, created_at FROM workspaces ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list workspaces: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.WorkspaceInfo, error) {
		ws := &dz.WorkspaceInfo{}
		err := r.Scan(&ws.ID, &ws.Slug, &ws.Name, &ws.CreatedAt)
		ws.CreatedAt = utc(ws.CreatedAt)
		return ws, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: list workspaces: %w", err)
	}
	return out, nil
}

const auditColumns = `workspace_id, idx, decision_id, fields, created_at`

func scanAudit(r pgx.Row) (*dz.AuditRecord, error) {
	a := &dz.AuditRecord{}
	var fields string
	var idx int64
	if err := r.Scan(&a.WorkspaceID, &idx, &a.DecisionID, &fields, &a.CreatedAt); err != nil {
		return nil, err
	}
	a.Index, a.CreatedAt = uint64(idx), utc(a.CreatedAt)
	var err error
	if a.Fields, err = audit.DecodeFields([]byte(fields)); err != nil {
		return nil, fmt.Errorf("audit record %d: fields: %w", a.Index, err)
	}
	return a, nil
}

// AuditRecord returns a decision's record; ENOTFOUND when it has none.
func (db *DB) AuditRecord(ctx context.Context, workspaceID int64, decisionID string) (*dz.AuditRecord, error) {
	if !dz.StorableText(decisionID) {
		return nil, dz.Errorf(dz.ENOTFOUND, "decision %q has no audit record", decisionID)
	}
	a, err := scanAudit(db.pool.QueryRow(ctx, `SELECT `+auditColumns+` FROM audit_records WHERE workspace_id = $1 AND decision_id = $2`, workspaceID, decisionID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "decision %s has no audit record (it does not exist, is not complete, or was a dry run)", decisionID)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read audit record: %w", err)
	}
	return a, nil
}

// AuditRecords returns up to n records from leaf index from on.
func (db *DB) AuditRecords(ctx context.Context, workspaceID int64, from uint64, n int) ([]*dz.AuditRecord, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+auditColumns+` FROM audit_records WHERE workspace_id = $1 AND idx >= $2 ORDER BY idx LIMIT $3`,
		workspaceID, int64(from), n)
	if err != nil {
		return nil, fmt.Errorf("postgres: list audit records: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.AuditRecord, error) { return scanAudit(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list audit records: %w", err)
	}
	return out, nil
}

// AuditHead returns the log's size and root; size 0 for an empty log.
func (db *DB) AuditHead(ctx context.Context, workspaceID int64) (*dz.AuditHead, error) {
	h := &dz.AuditHead{WorkspaceID: workspaceID}
	var size int64
	err := db.pool.QueryRow(ctx, `SELECT size, root FROM audit_heads WHERE workspace_id = $1`, workspaceID).Scan(&size, &h.Root)
	if errors.Is(err, pgx.ErrNoRows) {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: read audit head: %w", err)
	}
	h.Size = uint64(size)
	if h.Size == 0 {
		h.Root = nil
	}
	return h, nil
}

// AuditNodes returns the stored hashes of tree nodes by key, in order.
func (db *DB) AuditNodes(ctx context.Context, workspaceID int64, keys []int64) ([][]byte, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT node, hash FROM audit_nodes WHERE workspace_id = $1 AND node = ANY($2)`, workspaceID, keys)
	if err != nil {
		return nil, fmt.Errorf("postgres: read audit nodes: %w", err)
	}
	found := make(map[int64][]byte, len(keys))
	var key int64
	var hash []byte
	_, err = pgx.ForEachRow(rows, []any{&key, &hash}, func() error {
		found[key] = append([]byte(nil), hash...)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: read audit nodes: %w", err)
	}
	return dz.OrderNodes(keys, found)
}

// AuditSigningKey returns the stored signing key, storing a generated one
// first when there is none; concurrent first calls agree on one.
func (db *DB) AuditSigningKey(ctx context.Context, generate func() (string, error)) (string, error) {
	var key string
	err := db.pool.QueryRow(ctx, `SELECT signing_key FROM audit_keys WHERE id = 1`).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("postgres: read audit key: %w", err)
	}
	fresh, err := generate()
	if err != nil {
		return "", err
	}
	if _, err := db.pool.Exec(ctx, `INSERT INTO audit_keys (id, signing_key, created_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`,
		fresh, db.now().UTC()); err != nil {
		return "", fmt.Errorf("postgres: store audit key: %w", err)
	}
	if err := db.pool.QueryRow(ctx, `SELECT signing_key FROM audit_keys WHERE id = 1`).Scan(&key); err != nil {
		return "", fmt.Errorf("postgres: read audit key: %w", err)
	}
	return key, nil
}

// AuditLink returns the workspace and decision a live public token opens.
func (db *DB) AuditLink(ctx context.Context, token string) (int64, string, error) {
	var ws int64
	var id string
	if !dz.StorableText(token) {
		return 0, "", dz.Errorf(dz.ENOTFOUND, "this audit link does not exist or was revoked")
	}
	err := db.pool.QueryRow(ctx, `SELECT workspace_id, decision_id FROM audit_links WHERE token = $1 AND revoked_at IS NULL`, token).Scan(&ws, &id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", dz.Errorf(dz.ENOTFOUND, "this audit link does not exist or was revoked")
	}
	if err != nil {
		return 0, "", fmt.Errorf("postgres: read audit link: %w", err)
	}
	return ws, id, nil
}

// SetAuditLink revokes a decision's live links and, unless token is "",
// stores token as its new one; concurrent calls leave one live link.
func (db *DB) SetAuditLink(ctx context.Context, workspaceID int64, decisionID, token string) error {
	if !dz.StorableText(decisionID, token) {
		return dz.Errorf(dz.ENOTFOUND, "decision %q does not exist", decisionID)
	}
	return db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		// Locking the decision makes concurrent replacements take turns,
		// so one link stays live.
		if _, err := tx.decisionWhere(ctx, `workspace_id = $1 AND id = $2 FOR UPDATE`, workspaceID, decisionID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE audit_links SET revoked_at = $1 WHERE workspace_id = $2 AND decision_id = $3 AND revoked_at IS NULL`,
			tx.now, workspaceID, decisionID); err != nil {
			return fmt.Errorf("postgres: revoke audit link: %w", err)
		}
		if token == "" {
			return nil
		}
		return tx.insertAuditLink(ctx, workspaceID, decisionID, token)
	})
}

// EraseAuditFields drops the named fields' values and salts.
func (db *DB) EraseAuditFields(ctx context.Context, workspaceID int64, decisionID string, names []string) error {
	if !dz.StorableText(decisionID) {
		return dz.Errorf(dz.ENOTFOUND, "decision %q has no audit record", decisionID)
	}
	return db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		a, err := scanAudit(tx.QueryRow(ctx, `SELECT `+auditColumns+` FROM audit_records WHERE workspace_id = $1 AND decision_id = $2 FOR UPDATE`,
			workspaceID, decisionID))
		if errors.Is(err, pgx.ErrNoRows) {
			return dz.Errorf(dz.ENOTFOUND, "decision %s has no audit record", decisionID)
		}
		if err != nil {
			return fmt.Errorf("postgres: read audit record: %w", err)
		}
		if err := dz.EraseFields(a, names); err != nil {
			return err
		}
		fields, err := audit.EncodeFields(a.Fields)
		if err != nil {
			return fmt.Errorf("postgres: encode audit record: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE audit_records SET fields = $1 WHERE workspace_id = $2 AND idx = $3`, string(fields), workspaceID, int64(a.Index)); err != nil {
			return fmt.Errorf("postgres: erase audit fields: %w", err)
		}
		return nil
	})
}
