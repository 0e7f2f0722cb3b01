package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/delegatezero/dz"
)

// CreateWorkspace adds a workspace; ECONFLICT when the slug is taken,
// EINVALID for a bad slug. An empty name takes the slug.
func (db *DB) CreateWorkspace(ctx context.Context, slug, name string) (*dz.WorkspaceInfo, error) {
	if err := dz.ValidateSlug(slug); err != nil {
		return nil, err
	}
	if err := dz.CheckText("workspace name", name); err != nil {
		return nil, err
	}
	if name == "" {
		name = slug
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ws := &dz.WorkspaceInfo{Slug: slug, Name: name, CreatedAt: tx.now}
	err = tx.QueryRowContext(ctx, `INSERT INTO workspaces (slug, name, created_at) VALUES (?, ?, ?) RETURNING id`,
		slug, name, micros(tx.now)).Scan(&ws.ID)
	if isUnique(err) {
		return nil, dz.Errorf(dz.ECONFLICT, "workspace %q already exists", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: create workspace %q: %w", slug, err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: create workspace %q: %w", slug, err)
	}
	return ws, nil
}

// WorkspaceBySlug returns ENOTFOUND for an unknown slug.
func (db *DB) WorkspaceBySlug(ctx context.Context, slug string) (*dz.WorkspaceInfo, error) {
	ws := &dz.WorkspaceInfo{}
	var created int64
	err := db.r.QueryRowContext(ctx, `SELECT id, slug, name, created_at FROM workspaces WHERE slug = ?`, slug).
		Scan(&ws.ID, &ws.Slug, &ws.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "workspace %q does not exist", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: workspace %q: %w", slug, err)
	}
	ws.CreatedAt = fromMicros(created)
	return ws, nil
}
