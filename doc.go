// Package dz holds DelegateZero's domain types: the workspace and its context
// entries (entities, policies, precedents, playbooks, templates, sources), the
// request a caller sends, the decision the engine returns with its trace, and
// the coded error type every layer uses to tell users what to fix.
//
// The package imports only the standard library. Concrete behaviour lives in
// internal/ packages (engine, policy, workspace, …) and is wired in cmd/dz.
package dz
