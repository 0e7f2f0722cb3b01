// Package browsertest runs tests in a real headless Chromium through
// chromedp: it finds the browser (skipping without one locally, failing
// in CI), starts it with a fresh profile, saves full-page screenshots as
// test artifacts, and reads from the DOM which form controls lack a label.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium finds a Chromium binary. Without one the browser tests skip,
// except in CI (CI=true), where they fail: .ci/run installs Debian's.
func Chromium(tb testing.TB) string {
	tb.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		tb.Fatal("no chromium binary on PATH: CI must run the browser tests (apt-get install chromium)")
	}
	tb.Skip("no chromium binary on PATH")
	return ""
}

// Context starts a headless Chromium with a fresh profile and no
// background networking, and returns a context for its first tab; both
// end with the test.
func Context(tb testing.TB) context.Context {
	tb.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium(tb)),
		chromedp.UserDataDir(tb.TempDir()),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-networking", true),
	)
	if os.Geteuid() == 0 {
		opts = append(opts, chromedp.NoSandbox)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	tb.Cleanup(func() { cancelTab(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser with no deadline; actions get their own
		tb.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// Artifacts is the folder for screenshots: $DZ_ARTIFACTS, or artifacts/
// at the root of the module the test runs in.
func Artifacts(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("DZ_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(moduleRoot(tb), "artifacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatal(err)
	}
	return dir
}

// moduleRoot is the nearest folder at or above the working directory
// (a test's package folder) that holds go.mod.
func moduleRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			tb.Fatalf("no go.mod at or above %s", dir)
		}
	}
}

// Screenshot saves a full-page PNG of the tab as name.png in Artifacts
// and returns its path.
func Screenshot(tb testing.TB, ctx context.Context, name string) string {
	tb.Helper()
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(Artifacts(tb), name+".png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		tb.Fatal(err)
	}
	tb.Logf("screenshot: %s", path)
	return path
}
