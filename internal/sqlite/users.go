package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/delegatezero/dz"
)

// CreateUser stores a user with a password hash.
func (db *DB) CreateUser(ctx context.Context, u *dz.User, passwordHash string) error {
	if err := dz.ValidateUser(u, passwordHash); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.requireWorkspace(ctx, u.WorkspaceID); err != nil {
		return err
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO users (workspace_id, email, name, role, password_hash, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, u.WorkspaceID, u.Email, u.Name, u.Role, passwordHash, micros(tx.now)).Scan(&u.ID)
	if isUnique(err) {
		return dz.Errorf(dz.ECONFLICT, "a user with e-mail %s exists", u.Email)
	}
	if err != nil {
		return fmt.Errorf("sqlite: create user: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: create user: %w", err)
	}
	u.CreatedAt = tx.now
	return nil
}

const userColumns = `id, workspace_id, email, name, role, created_at`

func scanUser(r rowScanner, extra ...any) (*dz.User, error) {
	u := &dz.User{}
	var created int64
	if err := r.Scan(append([]any{&u.ID, &u.WorkspaceID, &u.Email, &u.Name, &u.Role, &created}, extra...)...); err != nil {
		return nil, err
	}
	u.CreatedAt = fromMicros(created)
	return u, nil
}

// UserByEmail returns a user and their password hash.
func (db *DB) UserByEmail(ctx context.Context, email string) (*dz.User, string, error) {
	var hash string
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = ?`, dz.NormalizeEmail(email)), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", dz.Errorf(dz.ENOTFOUND, "no user has e-mail %s", email)
	}
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: read user: %w", err)
	}
	return u, hash, nil
}

// Users lists a workspace's users, oldest first.
func (db *DB) Users(ctx context.Context, workspaceID int64) ([]*dz.User, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE workspace_id = ? ORDER BY id`, workspaceID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list users: %w", err)
	}
	return collect(rows, "users", func(r rowScanner) (*dz.User, error) { return scanUser(r) })
}

// CountUsers counts every user on the server.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("sqlite: count users: %w", err)
	}
	return n, nil
}

// CreateSession stores a session under the hash of its cookie token, and
// clears sessions that have expired.
func (db *DB) CreateSession(ctx context.Context, s *dz.Session, tokenHash string) error {
	if tokenHash == "" || s.CSRF == "" || s.UserID == 0 {
		return dz.Errorf(dz.EINVALID, "a session needs a token hash, a CSRF token and a user")
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, micros(tx.now)); err != nil {
		return fmt.Errorf("sqlite: clear expired sessions: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, workspace_id, csrf, created_at, expires_at)
		SELECT ?, id, workspace_id, ?, ?, ? FROM users WHERE id = ? AND workspace_id = ?`,
		tokenHash, s.CSRF, micros(tx.now), micros(s.ExpiresAt), s.UserID, s.WorkspaceID)
	if err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return dz.Errorf(dz.ENOTFOUND, "user %d of workspace %d does not exist", s.UserID, s.WorkspaceID)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: create session: %w", err)
	}
	s.CreatedAt = tx.now
	return nil
}

// SessionByHash returns a live session and its user.
func (db *DB) SessionByHash(ctx context.Context, tokenHash string, now time.Time) (*dz.Session, *dz.User, error) {
	s := &dz.Session{}
	var created, expires int64
	u, err := scanUser(db.r.QueryRowContext(ctx, `SELECT u.id, u.workspace_id, u.email, u.name, u.role, u.created_at, s.csrf, s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, micros(now)),
		&s.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, dz.Errorf(dz.ENOTFOUND, "the session is unknown or expired: sign in again")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("sqlite: read session: %w", err)
	}
	s.UserID, s.WorkspaceID = u.ID, u.WorkspaceID
	s.CreatedAt, s.ExpiresAt = fromMicros(created), fromMicros(expires)
	return s, u, nil
}

// DeleteSession ends a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("sqlite: delete session: %w", err)
	}
	return tx.Commit()
}

// SetPassword replaces a user's password hash and ends their sessions.
func (db *DB) SetPassword(ctx context.Context, email, passwordHash string) (*dz.User, error) {
	if err := dz.ValidatePasswordHash(passwordHash); err != nil {
		return nil, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	u, err := scanUser(tx.QueryRowContext(ctx, `UPDATE users SET password_hash = ? WHERE email = ? RETURNING `+userColumns,
		passwordHash, dz.NormalizeEmail(email)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, dz.Errorf(dz.ENOTFOUND, "no user has e-mail %s", email)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: set password: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, u.ID); err != nil {
		return nil, fmt.Errorf("sqlite: end sessions: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: set password: %w", err)
	}
	return u, nil
}

// DeleteUser removes a member and their sessions.
func (db *DB) DeleteUser(ctx context.Context, workspaceID, userID int64) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var role string
	err = tx.QueryRowContext(ctx, `SELECT role FROM users WHERE id = ? AND workspace_id = ?`, userID, workspaceID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return dz.Errorf(dz.ENOTFOUND, "user %d is not in this workspace", userID)
	}
	if err != nil {
		return fmt.Errorf("sqlite: read user: %w", err)
	}
	if role == dz.RoleOwner {
		return dz.Errorf(dz.EINVALID, "the workspace's owner cannot be removed")
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID); err != nil {
		return fmt.Errorf("sqlite: end sessions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, userID); err != nil {
		return fmt.Errorf("sqlite: delete user: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: delete user: %w", err)
	}
	return nil
}
