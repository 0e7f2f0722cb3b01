package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/delegatezero/dz"
	dzhttp "github.com/delegatezero/dz/internal/http"
)

// demoOwner is the demo's sign-in, created on the first --demo start.
const demoOwner = "founder@demo.test"

// demoInbox decides the demo workspace's sample requests — the requests
// of its tests, each at its test's time — once, so the dashboard opens
// with drafts and escalations waiting. It returns how many it decided.
func demoInbox(ctx context.Context, store dz.Store, api *dzhttp.Server, ws *dz.WorkspaceInfo, tests []*dz.TestCase) (int, error) {
	if recs, _, err := store.Decisions(ctx, dz.DecisionFilter{WorkspaceID: ws.ID, Limit: 1}); err != nil || len(recs) > 0 {
		return 0, err // decided before: the founder's inbox is theirs now
	}
	n := 0
	for _, tc := range tests {
		req := dz.Request{Request: tc.Request, RequestID: "demo-" + strings.ReplaceAll(strings.ToLower(tc.Name), " ", "-"),
			Context:      dz.RequestContext{Entity: tc.Entity, Type: tc.Type, Source: tc.Source, Data: tc.Data, Facts: tc.Facts},
			Instructions: tc.Instructions}
		req.Instructions.DryRun = false
		if _, created, err := api.Submit(ctx, ws.ID, req, tc.Now); err != nil {
			return n, fmt.Errorf("demo inbox: %s: %w", tc.Name, err)
		} else if created {
			n++
		}
	}
	return n, nil
}

// firstOwner prints how the first person signs in: on the demo, a ready
// owner account with a fresh password; otherwise the set-up link. Nothing
// is printed once anyone can sign in.
func firstOwner(ctx context.Context, w io.Writer, store dz.Store, api *dzhttp.Server, base string, demo *dz.WorkspaceInfo) error {
	n, err := store.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	if demo == nil {
		fmt.Fprintf(w, "No one can sign in yet. Create the owner's account: %s%s\n\n", base, api.SetupURL())
		return nil
	}
	password := dz.NewPassword()
	hash, err := dzhttp.HashPassword(password)
	if err != nil {
		return err
	}
	if err := store.CreateUser(ctx, &dz.User{WorkspaceID: demo.ID, Email: demoOwner, Name: "Maya (demo)", Role: dz.RoleOwner}, hash); err != nil {
		return err
	}
	fmt.Fprintf(w, "Open the dashboard at %s/ and sign in as %s with password %s\n(shown once; the account owns workspace %q; lost it? dz users reset-password %s)\n\n", base, demoOwner, password, demo.Slug, demoOwner)
	return nil
}
