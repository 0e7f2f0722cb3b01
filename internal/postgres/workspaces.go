package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
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
	var ws *dz.WorkspaceInfo
	err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		w := &dz.WorkspaceInfo{Slug: slug, Name: name, CreatedAt: tx.now}
		err := tx.QueryRow(ctx, `INSERT INTO workspaces (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id`,
			slug, name, tx.now).Scan(&w.ID)
		if isUnique(err) {
			return dz.Errorf(dz.ECONFLICT, "workspace %q already exists", slug)
		}
		if err != nil {
			return fmt.Errorf("postgres: create workspace %q: %w", slug, err)
		}
		ws = w
		return nil
	})
	return ws, err
}

// WorkspaceBySlug returns ENOTFOUND for an unknown slug.
func (db *DB) WorkspaceBySlug(ctx context.Context, slug string) (*dz.WorkspaceInfo, error) {
	if dz.ValidateSlug(slug) != nil {
		return nil, dz.Errorf(dz.ENOTFOUND, "workspace %q does not exist", slug)
	}
	ws := &dz.WorkspaceInfo{}
	err := db.pool.QueryRow(ctx, `SELECT id, slug, name, created_at FROM workspaces WHERE slug = $1`, slug).
		Scan(&ws.ID, &ws.Slug, &ws.Name, &ws.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "workspace %q does not exist", slug)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: workspace %q: %w", slug, err)
	}
	ws.CreatedAt = utc(ws.CreatedAt)
	return ws, nil
}
