package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
)

// An owner who lost their password gets a new one from the server's
// machine; the old one stops working and their sessions end.
func TestUsersResetPassword(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	sf := &storeFlags{data: data}
	store, err := sf.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ws, _, err := workspaceFor(ctx, store, "acme", "Acme")
	if err != nil {
		t.Fatal(err)
	}
	oldHash, err := dzhttp.HashPassword("the old password")
	if err != nil {
		t.Fatal(err)
	}
	owner := &dz.User{WorkspaceID: ws.ID, Email: "dana@acme.test", Name: "Dana", Role: dz.RoleOwner}
	if err := store.CreateUser(ctx, owner, oldHash); err != nil {
		t.Fatal(err)
	}
	if err := store.CreateSession(ctx, &dz.Session{UserID: owner.ID, WorkspaceID: ws.ID, CSRF: "c", ExpiresAt: time.Now().Add(time.Hour)}, "session-hash"); err != nil {
		t.Fatal(err)
	}
	store.Close()

	if _, list, _ := runDZ(t, "users", "list", "--data", data, "--workspace", "acme"); !strings.Contains(list, "dana@acme.test\tDana\towner") {
		t.Errorf("users list:\n%s", list)
	}
	code, out, errOut := runDZ(t, "users", "reset-password", "--data", data, "Dana@Acme.test")
	password := strings.TrimSpace(out)
	if code != 0 || len(password) < 10 || strings.ContainsAny(password, " \n") {
		t.Fatalf("reset-password: exit %d, stdout %q (want only the password), stderr %q", code, out, errOut)
	}

	store, err = sf.open(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	_, hash, err := store.UserByEmail(ctx, "dana@acme.test")
	if err != nil {
		t.Fatal(err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil {
		t.Error("the printed password does not match the stored hash")
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte("the old password")) == nil {
		t.Error("the old password still works")
	}
	if _, _, err := store.SessionByHash(ctx, "session-hash", time.Now()); dz.ErrorCode(err) != dz.ENOTFOUND {
		t.Errorf("the session survived the reset: %v", err)
	}

	if code, _, errOut := runDZ(t, "users", "reset-password", "--data", data, "nobody@acme.test"); code == 0 || !strings.Contains(errOut, "no user has e-mail nobody@acme.test") {
		t.Errorf("an unknown e-mail: exit %d, stderr %q", code, errOut)
	}
}
