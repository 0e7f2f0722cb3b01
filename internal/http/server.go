// Package http serves DelegateZero's API under /api/v1: decisions (sync,
// idempotent by request_id), health checks, and — as issue 4 proceeds —
// context, keys, feedback and webhooks. Handlers return errors to one
// wrapper that maps dz error codes to RFC 9457 problem details. It never
// imports a store package: it works on the dz.Store interface.
package http

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/delegatezero/dz"
)

// Config is what a Server needs. Zero values get sane defaults.
type Config struct {
	Store        dz.Store
	Logger       *slog.Logger
	Now          func() time.Time // the clock decisions are made at
	MaxBodyBytes int64            // request bodies larger than this are refused (default 1 MiB)
	BaseURL      string           // e.g. https://dz.example.com, for audit URLs
	ContextTTL   time.Duration    // how long a workspace's compiled engine is reused (default 2 s)
	RateLimit    RateLimit        // per-API-key token bucket (default burst 60, 20/s; PerSecond < 0: off)

	// SetupCode is the one-time code of the first-run page (/setup); a
	// random one when empty. dz serve prints Server.SetupURL while no user exists.
	SetupCode string

	// AllowPrivateWebhooks lets webhook URLs point at private, loopback and
	// link-local addresses (development only; dz serve --webhooks-allow-private).
	AllowPrivateWebhooks bool

	// AuditCheckEvery is how often RunAuditCheck re-verifies every audit
	// log (default DefaultAuditCheckEvery; negative: never).
	AuditCheckEvery time.Duration
}

// Server is the HTTP API. Build it with New; it is safe for concurrent use.
type Server struct {
	keys    keyCache // recently checked API keys
	cfg     Config
	engines *engines
	log     *slog.Logger
	limiter *limiter // nil when rate limits are off
	metrics *metrics
	audit   auditSigner
	checks  auditChecks // what the checks of the audit logs found, for /readyz
	slugs   sync.Map    // workspace id → slug, for checkpoint origins

	setupCode string      // guards the first-run page
	signIns   signInGuard // failed sign-ins per address
}

// New returns a server over cfg.Store.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.ContextTTL <= 0 {
		cfg.ContextTTL = 2 * time.Second
	}
	m := newMetrics()
	m.reg.MustRegister(newQueueDepth(cfg.Store))
	cfg.Store = observedStore{Store: cfg.Store, m: m} // decision latency is observed as it is recorded
	var lim *limiter
	if cfg.RateLimit.PerSecond >= 0 {
		lim = newLimiter(cfg.RateLimit)
	}
	if cfg.SetupCode == "" {
		cfg.SetupCode = randomToken(12)
	}
	return &Server{cfg: cfg, engines: newEngines(cfg.Store, cfg.ContextTTL, cfg.Now), log: cfg.Logger, limiter: lim, metrics: m,
		setupCode: cfg.SetupCode}
}

// Handler returns the server's routes, with middleware applied once.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.handle(s.healthz))
	mux.HandleFunc("GET /readyz", s.handle(s.readyz))
	mux.HandleFunc("GET /api/v1/openapi.json", s.handle(s.openapi))
	mux.Handle("GET /metrics", s.metrics.handler()) // no key: for a scraper on the private network
	mux.HandleFunc("POST /api/v1/decisions", s.handle(s.authed(s.createDecision)))
	mux.HandleFunc("GET /api/v1/decisions/{id}", s.handle(s.authed(s.getDecision)))
	mux.HandleFunc("GET /api/v1/decisions", s.handle(s.authed(s.listDecisions)))
	mux.HandleFunc("POST /api/v1/context/import", s.handle(s.authed(s.importContext)))
	mux.HandleFunc("GET /api/v1/context", s.handle(s.authed(s.searchContext)))
	mux.HandleFunc("POST /api/v1/context", s.handle(s.authed(s.createNote)))
	mux.HandleFunc("GET /api/v1/context/{type}/{id}", s.handle(s.authed(s.getEntry)))
	mux.HandleFunc("PUT /api/v1/context/{type}/{id}", s.handle(s.authed(s.putEntry)))
	mux.HandleFunc("DELETE /api/v1/context/{type}/{id}", s.handle(s.authed(s.deleteEntry)))
	mux.HandleFunc("GET /api/v1/settings", s.handle(s.authed(s.settings(s.getEntry))))
	mux.HandleFunc("PUT /api/v1/settings", s.handle(s.authed(s.settings(s.putEntry))))
	mux.HandleFunc("POST /api/v1/keys", s.handle(s.authed(s.createKey)))
	mux.HandleFunc("GET /api/v1/keys", s.handle(s.authed(s.listKeys)))
	mux.HandleFunc("DELETE /api/v1/keys/{id}", s.handle(s.authed(s.revokeKey)))
	mux.HandleFunc("POST /api/v1/decisions/{id}/feedback", s.handle(s.authed(s.createFeedback)))
	mux.HandleFunc("GET /api/v1/decisions/{id}/feedback", s.handle(s.authed(s.listFeedback)))
	mux.HandleFunc("POST /api/v1/webhooks", s.handle(s.authed(s.createWebhook)))
	mux.HandleFunc("GET /api/v1/webhooks", s.handle(s.authed(s.listWebhooks)))
	mux.HandleFunc("DELETE /api/v1/webhooks/{id}", s.handle(s.authed(s.deleteWebhook)))
	mux.HandleFunc("GET /api/v1/webhooks/{id}/deliveries", s.handle(s.authed(s.listDeliveries)))
	mux.HandleFunc("GET /api/v1/audit/public-key", s.handle(s.publicKey))
	mux.HandleFunc("GET /api/v1/audit/checkpoint", s.handle(s.authed(s.getCheckpoint)))
	mux.HandleFunc("GET /api/v1/audit/consistency", s.handle(s.authed(s.getConsistency)))
	mux.HandleFunc("GET /api/v1/decisions/{id}/proof", s.handle(s.authed(s.getProof)))
	mux.HandleFunc("POST /api/v1/decisions/{id}/public-link", s.handle(s.authed(s.newPublicLink)))
	mux.HandleFunc("DELETE /api/v1/decisions/{id}/public-link", s.handle(s.authed(s.revokePublicLink)))
	s.webRoutes(mux)
	s.pageRoutes(mux) // the audit pages: /audit/{token} and /app/decisions/{id}
	mux.HandleFunc("/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return dz.Errorf(dz.ENOTFOUND, "no route %s %s: see /api/v1/openapi.json", r.Method, r.URL.Path)
	}))
	return s.middleware(mux)
}
