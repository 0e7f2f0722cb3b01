package dz

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"
)

// Roles a dashboard user can have: an owner also manages settings, API
// keys, webhooks and users; a member handles decisions and context.
const (
	RoleOwner  = "owner"
	RoleMember = "member"
)

// Roles lists the valid roles.
var Roles = []string{RoleOwner, RoleMember}

// User is a person who signs in to one workspace's dashboard. Only a
// hash of the password is stored.
type User struct {
	ID          int64     `json:"id"`
	WorkspaceID int64     `json:"workspace_id"`
	Email       string    `json:"email"` // unique on the server: it says which workspace to open
	Name        string    `json:"name"`
	Role        string    `json:"role"`
	CreatedAt   time.Time `json:"created_at"`
}

// Session is a signed-in browser: the cookie holds a random token whose
// hash is stored. CSRF is the token every form of the session must carry.
type Session struct {
	UserID      int64     `json:"user_id"`
	WorkspaceID int64     `json:"workspace_id"`
	CSRF        string    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// UserStore keeps dashboard users and their sessions.
type UserStore interface {
	// CreateUser stores a user with a password hash, stamping ID and
	// CreatedAt. ECONFLICT when the e-mail is taken, ENOTFOUND for an
	// unknown workspace, EINVALID for a bad e-mail, name or role.
	CreateUser(ctx context.Context, u *User, passwordHash string) error
	// UserByEmail returns a user and their password hash; ENOTFOUND if none.
	UserByEmail(ctx context.Context, email string) (*User, string, error)
	// Users lists a workspace's users, oldest first.
	Users(ctx context.Context, workspaceID int64) ([]*User, error)
	// CountUsers counts every user on the server: 0 means first run.
	CountUsers(ctx context.Context) (int, error)
	// CreateSession stores a session under the hash of its cookie token.
	CreateSession(ctx context.Context, s *Session, tokenHash string) error
	// SessionByHash returns a live session and its user; ENOTFOUND when
	// unknown or expired at now.
	SessionByHash(ctx context.Context, tokenHash string, now time.Time) (*Session, *User, error)
	// DeleteSession ends a session (logout); deleting an unknown one is not an error.
	DeleteSession(ctx context.Context, tokenHash string) error
	// SetPassword replaces the password hash of the user with this e-mail
	// and ends every session they have, in one transaction. ENOTFOUND when
	// no user has the e-mail, EINVALID for an empty hash.
	SetPassword(ctx context.Context, email, passwordHash string) (*User, error)
	// DeleteUser removes a member of the workspace and ends their
	// sessions. ENOTFOUND when the workspace has no such user; EINVALID for
	// an owner, whom the workspace keeps.
	DeleteUser(ctx context.Context, workspaceID, userID int64) error
}

// NormalizeEmail lower-cases and trims an e-mail address.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// ValidateUser returns EINVALID for a user that cannot be stored.
func ValidateUser(u *User, passwordHash string) error {
	u.Email = NormalizeEmail(u.Email)
	if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
		return Errorf(EINVALID, "%q is not an e-mail address like founder@example.com", u.Email)
	}
	if !slices.Contains(Roles, u.Role) {
		return Errorf(EINVALID, "role %q is not owner or member", u.Role)
	}
	if err := ValidatePasswordHash(passwordHash); err != nil {
		return err
	}
	return CheckText("user", u.Email, u.Name)
}

// ValidatePasswordHash returns EINVALID for a password hash that cannot be
// stored: an empty one, or text a store refuses.
func ValidatePasswordHash(passwordHash string) error {
	if passwordHash == "" {
		return Errorf(EINVALID, "a user needs a password")
	}
	return CheckText("password hash", passwordHash)
}
