package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/delegatezero/dz"
	"github.com/jackc/pgx/v5"
)

// CreateUser stores a user with a password hash.
func (db *DB) CreateUser(ctx context.Context, u *dz.User, passwordHash string) error {
	if err := dz.ValidateUser(u, passwordHash); err != nil {
		return err
	}
	var created time.Time
	err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		if err := tx.requireWorkspace(ctx, u.WorkspaceID); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO users (workspace_id, email, name, role, password_hash, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, u.WorkspaceID, u.Email, u.Name, u.Role, passwordHash, tx.now).Scan(&u.ID)
		if isUnique(err) {
			return dz.Errorf(dz.ECONFLICT, "a user with e-mail %s exists", u.Email)
		}
		if err != nil {
			return fmt.Errorf("postgres: create user: %w", err)
		}
		created = tx.now
		return nil
	})
	if err == nil {
		u.CreatedAt = created
	}
	return err
}

const userColumns = `id, workspace_id, email, name, role, created_at`

func scanUser(r pgx.Row, extra ...any) (*dz.User, error) {
	u := &dz.User{}
	if err := r.Scan(append([]any{&u.ID, &u.WorkspaceID, &u.Email, &u.Name, &u.Role, &u.CreatedAt}, extra...)...); err != nil {
		return nil, err
	}
	u.CreatedAt = utc(u.CreatedAt)
	return u, nil
}

// UserByEmail returns a user and their password hash.
func (db *DB) UserByEmail(ctx context.Context, email string) (*dz.User, string, error) {
	email = dz.NormalizeEmail(email)
	if !dz.StorableText(email) {
		return nil, "", dz.Errorf(dz.ENOTFOUND, "no user has e-mail %s", email)
	}
	var hash string
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = $1`, email), &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", dz.Errorf(dz.ENOTFOUND, "no user has e-mail %s", email)
	}
	if err != nil {
		return nil, "", fmt.Errorf("postgres: read user: %w", err)
	}
	return u, hash, nil
}

// Users lists a workspace's users, oldest first.
func (db *DB) Users(ctx context.Context, workspaceID int64) ([]*dz.User, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+userColumns+` FROM users WHERE workspace_id = $1 ORDER BY id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*dz.User, error) { return scanUser(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list users: %w", err)
	}
	return out, nil
}

// CountUsers counts every user on the server.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: count users: %w", err)
	}
	return n, nil
}

// CreateSession stores a session under the hash of its cookie token, and
// clears sessions that have expired.
func (db *DB) CreateSession(ctx context.Context, s *dz.Session, tokenHash string) error {
	if tokenHash == "" || s.CSRF == "" || s.UserID == 0 {
		return dz.Errorf(dz.EINVALID, "a session needs a token hash, a CSRF token and a user")
	}
	var created time.Time
	err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, tx.now); err != nil {
			return fmt.Errorf("postgres: clear expired sessions: %w", err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, user_id, workspace_id, csrf, created_at, expires_at)
			SELECT $1, id, workspace_id, $2, $3, $4 FROM users WHERE id = $5 AND workspace_id = $6`,
			tokenHash, s.CSRF, tx.now, s.ExpiresAt.UTC(), s.UserID, s.WorkspaceID)
		if err != nil {
			return fmt.Errorf("postgres: create session: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return dz.Errorf(dz.ENOTFOUND, "user %d of workspace %d does not exist", s.UserID, s.WorkspaceID)
		}
		created = tx.now
		return nil
	})
	if err == nil {
		s.CreatedAt = created
	}
	return err
}

// SessionByHash returns a live session and its user.
func (db *DB) SessionByHash(ctx context.Context, tokenHash string, now time.Time) (*dz.Session, *dz.User, error) {
	if !dz.StorableText(tokenHash) {
		return nil, nil, dz.Errorf(dz.ENOTFOUND, "the session is unknown or expired: sign in again")
	}
	s := &dz.Session{}
	u, err := scanUser(db.pool.QueryRow(ctx, `SELECT u.id, u.workspace_id, u.email, u.name, u.role, u.created_at, s.csrf, s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, now.UTC()),
		&s.CSRF, &s.CreatedAt, &s.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, dz.Errorf(dz.ENOTFOUND, "the session is unknown or expired: sign in again")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: read session: %w", err)
	}
	s.UserID, s.WorkspaceID = u.ID, u.WorkspaceID
	s.CreatedAt, s.ExpiresAt = utc(s.CreatedAt), utc(s.ExpiresAt)
	return s, u, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("postgres: delete session: %w", err)
	}
	return nil
}

// SetPassword replaces a user's password hash and ends their sessions.
func (db *DB) SetPassword(ctx context.Context, email, passwordHash string) (*dz.User, error) {
	if err := dz.ValidatePasswordHash(passwordHash); err != nil {
		return nil, err
	}
	var u *dz.User
	err := db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		var err error
		u, err = scanUser(tx.QueryRow(ctx, `UPDATE users SET password_hash = $1 WHERE email = $2 RETURNING `+userColumns,
			passwordHash, dz.NormalizeEmail(email)))
		if errors.Is(err, pgx.ErrNoRows) {
			return dz.Errorf(dz.ENOTFOUND, "no user has e-mail %s", email)
		}
		if err != nil {
			return fmt.Errorf("postgres: set password: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
			return fmt.Errorf("postgres: end sessions: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// DeleteUser removes a member and their sessions.
func (db *DB) DeleteUser(ctx context.Context, workspaceID, userID int64) error {
	return db.tx(ctx, pgx.ReadCommitted, func(tx *Tx) error {
		var role string
		err := tx.QueryRow(ctx, `SELECT role FROM users WHERE id = $1 AND workspace_id = $2 FOR UPDATE`, userID, workspaceID).Scan(&role)
		if errors.Is(err, pgx.ErrNoRows) {
			return dz.Errorf(dz.ENOTFOUND, "user %d is not in this workspace", userID)
		}
		if err != nil {
			return fmt.Errorf("postgres: read user: %w", err)
		}
		if role == dz.RoleOwner {
			return dz.Errorf(dz.EINVALID, "the workspace's owner cannot be removed")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("postgres: end sessions: %w", err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM users WHERE id = $1`, userID); err != nil {
			return fmt.Errorf("postgres: delete user: %w", err)
		}
		return nil
	})
}
