package storetest

import (
	"testing"
	"time"

	"github.com/delegatezero/dz"
)

// testUsers: users are unique by e-mail across the server, sessions open
// only while live and only for their own user and workspace.
func testUsers(t *testing.T, open opener) {
	s := open(t)
	a, b := workspace(t, s, "a"), workspace(t, s, "b")
	if n, err := s.CountUsers(ctx(t)); err != nil || n != 0 {
		t.Fatalf("CountUsers on a new store = %d, %v; want 0", n, err)
	}
	owner := &dz.User{WorkspaceID: a.ID, Email: " Founder@Example.com ", Name: "Dana", Role: dz.RoleOwner}
	must(t, s.CreateUser(ctx(t), owner, "$2a$hash"))
	if owner.ID == 0 || owner.Email != "founder@example.com" || owner.CreatedAt.IsZero() {
		t.Fatalf("created user = %+v, want an id, a normalized e-mail and a time", owner)
	}
	wantCode(t, s.CreateUser(ctx(t), &dz.User{WorkspaceID: b.ID, Email: "founder@example.com", Role: dz.RoleMember}, "h"), dz.ECONFLICT)
	wantCode(t, s.CreateUser(ctx(t), &dz.User{WorkspaceID: b.ID, Email: "not an address", Role: dz.RoleMember}, "h"), dz.EINVALID)
	wantCode(t, s.CreateUser(ctx(t), &dz.User{WorkspaceID: b.ID, Email: "x@example.com", Role: "admin"}, "h"), dz.EINVALID)
	wantCode(t, s.CreateUser(ctx(t), &dz.User{WorkspaceID: 999, Email: "y@example.com", Role: dz.RoleMember}, "h"), dz.ENOTFOUND)
	member := &dz.User{WorkspaceID: b.ID, Email: "member@example.com", Role: dz.RoleMember}
	must(t, s.CreateUser(ctx(t), member, "$2a$other"))

	got, hash, err := s.UserByEmail(ctx(t), "FOUNDER@example.com")
	if err != nil || got.ID != owner.ID || hash != "$2a$hash" || got.Role != dz.RoleOwner {
		t.Fatalf("UserByEmail = %+v %q %v", got, hash, err)
	}
	_, _, err = s.UserByEmail(ctx(t), "nobody@example.com")
	wantCode(t, err, dz.ENOTFOUND)
	if us, err := s.Users(ctx(t), a.ID); err != nil || len(us) != 1 || us[0].ID != owner.ID {
		t.Fatalf("Users(a) = %v, %v; want only the owner", us, err)
	}
	if n, _ := s.CountUsers(ctx(t)); n != 2 {
		t.Fatalf("CountUsers = %d, want 2", n)
	}

	now := base
	sess := &dz.Session{UserID: owner.ID, WorkspaceID: a.ID, CSRF: "csrf-1", ExpiresAt: now.Add(time.Hour)}
	must(t, s.CreateSession(ctx(t), sess, "hash-1"))
	gs, gu, err := s.SessionByHash(ctx(t), "hash-1", now)
	if err != nil || gu.ID != owner.ID || gs.WorkspaceID != a.ID || gs.CSRF != "csrf-1" {
		t.Fatalf("SessionByHash = %+v %+v %v", gs, gu, err)
	}
	_, _, err = s.SessionByHash(ctx(t), "hash-1", now.Add(2*time.Hour))
	wantCode(t, err, dz.ENOTFOUND) // expired
	_, _, err = s.SessionByHash(ctx(t), "hash-2", now)
	wantCode(t, err, dz.ENOTFOUND)
	// A session cannot name a user of another workspace.
	wantCode(t, s.CreateSession(ctx(t), &dz.Session{UserID: member.ID, WorkspaceID: a.ID, CSRF: "c", ExpiresAt: now.Add(time.Hour)}, "hash-3"), dz.ENOTFOUND)
	must(t, s.DeleteSession(ctx(t), "hash-1"))
	_, _, err = s.SessionByHash(ctx(t), "hash-1", now)
	wantCode(t, err, dz.ENOTFOUND)
	must(t, s.DeleteSession(ctx(t), "hash-1"))

	// A new password ends the user's sessions, and only theirs.
	must(t, s.CreateSession(ctx(t), &dz.Session{UserID: owner.ID, WorkspaceID: a.ID, CSRF: "c4", ExpiresAt: now.Add(time.Hour)}, "hash-4"))
	must(t, s.CreateSession(ctx(t), &dz.Session{UserID: member.ID, WorkspaceID: b.ID, CSRF: "c5", ExpiresAt: now.Add(time.Hour)}, "hash-5"))
	if u, err := s.SetPassword(ctx(t), " Founder@EXAMPLE.com", "$2a$new"); err != nil || u.ID != owner.ID || u.Email != owner.Email {
		t.Fatalf("SetPassword = %+v, %v; want the owner", u, err)
	}
	if _, hash, _ := s.UserByEmail(ctx(t), "founder@example.com"); hash != "$2a$new" {
		t.Errorf("after SetPassword the hash is %q", hash)
	}
	_, _, err = s.SessionByHash(ctx(t), "hash-4", now)
	wantCode(t, err, dz.ENOTFOUND)
	if _, gu, err := s.SessionByHash(ctx(t), "hash-5", now); err != nil || gu.ID != member.ID {
		t.Errorf("another user's session after SetPassword: %+v, %v", gu, err)
	}
	if _, hash, _ := s.UserByEmail(ctx(t), "member@example.com"); hash != "$2a$other" {
		t.Errorf("SetPassword changed another user's hash to %q", hash)
	}
	_, err = s.SetPassword(ctx(t), "nobody@example.com", "$2a$x")
	wantCode(t, err, dz.ENOTFOUND)
	_, err = s.SetPassword(ctx(t), "member@example.com", "")
	wantCode(t, err, dz.EINVALID)

	// A member leaves with their sessions; an owner stays; another
	// workspace's user cannot be named.
	wantCode(t, s.DeleteUser(ctx(t), a.ID, member.ID), dz.ENOTFOUND)
	wantCode(t, s.DeleteUser(ctx(t), a.ID, owner.ID), dz.EINVALID)
	must(t, s.DeleteUser(ctx(t), b.ID, member.ID))
	_, _, err = s.UserByEmail(ctx(t), "member@example.com")
	wantCode(t, err, dz.ENOTFOUND)
	_, _, err = s.SessionByHash(ctx(t), "hash-5", now)
	wantCode(t, err, dz.ENOTFOUND)
	wantCode(t, s.DeleteUser(ctx(t), b.ID, member.ID), dz.ENOTFOUND)
	if _, _, err := s.UserByEmail(ctx(t), "founder@example.com"); err != nil {
		t.Errorf("the owner is gone after removing a member: %v", err)
	}
}
