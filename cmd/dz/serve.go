package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/delegatezero/dz"
	"github.com/delegatezero/dz/examples"
	dzhttp "github.com/delegatezero/dz/internal/http"
	"github.com/delegatezero/dz/internal/webhook"
	"github.com/delegatezero/dz/internal/workspace"
)

// serveCmd is `dz serve`: the HTTP API over SQLite or PostgreSQL.
type serveCmd struct {
	stdout, stderr io.Writer
	ready          func(addr string) // tests learn the bound address here
}

// Run serves until ctx ends, then finishes in-flight requests.
func (c *serveCmd) Run(ctx context.Context, args []string) error {
	fs, sf := storeFlagSet("dz serve", c.stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "`host:port` to listen on")
	baseURL := fs.String("base-url", "", "public URL of this server, for audit links (default http://ADDR)")
	demo := fs.Bool("demo", false, "load the demo workspace (examples/acme-saas) as workspace \"demo\" and print a ready curl")
	demoDir := fs.String("demo-workspace", "", "workspace `folder` --demo loads (default: examples/acme-saas, built into dz)")
	allowPrivate := fs.Bool("webhooks-allow-private", false, "let webhook URLs reach private, loopback and link-local addresses (development only)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile to `file` until the server stops (for go tool pprof)")
	rate := fs.Float64("rate", 20, "requests a `second` each API key may send after a burst of 60; negative turns the limit off")
	auditEvery := fs.Duration("audit-check-every", dzhttp.DefaultAuditCheckEvery, "re-verify every audit log at start and then every `interval`; /readyz answers 503 once one is broken (0: never)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	stopProfile, err := startCPUProfile(*cpuProfile)
	if err != nil {
		return err
	}
	defer stopProfile()
	log := slog.New(slog.NewJSONHandler(c.stderr, nil))
	if *auditEvery == 0 {
		*auditEvery = -1 // never; the server's zero means its default
	}
	if os.Getenv("GOGC") == "" {
		// A decision allocates a few hundred short-lived objects; collecting
		// less often is about a fifth more decisions per second on two cores
		// (docs/performance.md), at up to four times the live heap.
		debug.SetGCPercent(300)
	}
	store, err := sf.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return dz.Errorf(dz.EINVALID, "cannot listen on %s: %v (is another server running? try --addr 127.0.0.1:0)", *addr, err)
	}
	base := *baseURL
	if base == "" {
		base = "http://" + ln.Addr().String()
	}
	api := dzhttp.New(dzhttp.Config{Store: store, Logger: log, BaseURL: base, AllowPrivateWebhooks: *allowPrivate,
		RateLimit: dzhttp.RateLimit{PerSecond: *rate}, AuditCheckEvery: *auditEvery})
	var demoWS *dz.WorkspaceInfo
	if *demo {
		d, err := loadDemo(ctx, store, *demoDir)
		if err != nil {
			ln.Close()
			return err
		}
		if n, err := demoInbox(ctx, store, api, d.ws, d.tests); err != nil {
			ln.Close()
			return err
		} else if n > 0 {
			log.Info("demo inbox decided", "decisions", n)
		}
		printDemo(c.stdout, base, d.secret)
		demoWS = d.ws
	}
	if err := firstOwner(ctx, c.stdout, store, api, base, demoWS); err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           api.Handler(),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, WriteTimeout: 60 * time.Second,
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	log.Info("serving", "addr", ln.Addr().String(), "store", sf.describe())
	if c.ready != nil {
		c.ready(ln.Addr().String())
	}
	workers, stopWorkers := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWorkers()
	asyncDone := make(chan struct{})
	go func() { defer close(asyncDone); api.RunAsync(workers, 250*time.Millisecond) }()
	hooks := &webhook.Worker{Store: store, Logger: log, Client: webhook.Guard{AllowPrivate: *allowPrivate}.Client(10 * time.Second)}
	hooksDone := make(chan struct{})
	go func() { defer close(hooksDone); hooks.Run(workers) }()
	checksDone := make(chan struct{})
	go func() { defer close(checksDone); api.RunAuditCheck(workers) }()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	shutdown, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	stopWorkers() // after the last request: a job taken now finishes first
	<-asyncDone
	<-hooksDone  // deliveries in flight finish and are logged
	<-checksDone // a check in progress stops where it is
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadedDemo is the demo workspace once loaded: its key, and the sample
// requests (its tests) that fill its inbox.
type loadedDemo struct {
	secret string
	ws     *dz.WorkspaceInfo
	tests  []*dz.TestCase
}

// loadDemo puts the demo folder's context into workspace "demo" (new
// versions only where it changed) and makes a key for it. An empty dir
// means the copy of examples/acme-saas built into dz.
func loadDemo(ctx context.Context, store dz.Store, dir string) (*loadedDemo, error) {
	fsys, name := examples.AcmeSaaS, examples.AcmeSaaSName
	if dir != "" {
		fsys, name = os.DirFS(dir), dir
	}
	loaded, err := workspace.Load(fsys, name)
	if err != nil {
		return nil, err
	}
	entries, err := workspace.Entries(loaded)
	if err != nil {
		return nil, err
	}
	ws, _, err := workspaceFor(ctx, store, "demo", loaded.Settings.Name+" (demo)")
	if err != nil {
		return nil, err
	}
	if _, err := store.PutContext(ctx, ws.ID, entries); err != nil {
		return nil, err
	}
	secret, err := createKey(ctx, store, ws.ID, "demo", nil)
	if err != nil {
		return nil, err
	}
	return &loadedDemo{secret: secret, ws: ws, tests: loaded.Tests}, nil
}

func printDemo(w io.Writer, base, secret string) {
	fmt.Fprintf(w, `The demo workspace is loaded. Try the founding scenario:

curl -s %s/api/v1/decisions \
  -H 'Authorization: Bearer %s' \
  -H 'Content-Type: application/json' \
  -d '{"request": "I am furious. Your outage on October 14 kept our status page green for nine hours. We were charged $290 on October 1, 46 days ago. I want a refund.", "context": {"entity": "brightline"}}'

`, base, secret)
}

func (sf *storeFlags) describe() string {
	if sf.databaseURL != "" {
		return "postgres"
	}
	return "sqlite:" + sf.data
}
