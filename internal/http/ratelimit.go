package http

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/delegatezero/dz"
)

// RateLimit is the per-API-key token bucket: a key may send Burst requests
// at once and PerSecond more every second after that.
type RateLimit struct {
	PerSecond float64          // tokens added per second (default 20); negative turns the limit off
	Burst     int              // bucket size (default 60)
	Clock     func() time.Time // refill clock (default time.Now); tests inject theirs
}

// withDefaults fills the zero fields of a rate limit.
func (rl RateLimit) withDefaults() RateLimit {
	if rl.PerSecond == 0 {
		rl.PerSecond = 20
	}
	if rl.Burst <= 0 {
		rl.Burst = 60
	}
	if rl.Clock == nil {
		rl.Clock = time.Now
	}
	return rl
}

// limiter keeps one token bucket per key. Buckets that have refilled are
// dropped now and then, so keys that went quiet cost no memory.
type limiter struct {
	cfg       RateLimit
	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

func newLimiter(cfg RateLimit) *limiter {
	return &limiter{cfg: cfg.withDefaults(), buckets: map[string]*bucket{}}
}

// allow takes a token from key's bucket. When the bucket is empty it says
// how long until the next token.
func (l *limiter) allow(key string) (bool, time.Duration) {
	now := l.cfg.Clock()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.buckets[key]
	if b == nil {
		b = &bucket{tokens: float64(l.cfg.Burst), at: now}
		l.buckets[key] = b
	}
	b.tokens = l.refill(b, now)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration((1 - b.tokens) / l.cfg.PerSecond * float64(time.Second))
	return false, wait
}

// refill is the bucket's token count at now, capped at the burst.
func (l *limiter) refill(b *bucket, now time.Time) float64 {
	elapsed := max(now.Sub(b.at).Seconds(), 0) // a clock that steps back adds nothing
	return math.Min(float64(l.cfg.Burst), b.tokens+elapsed*l.cfg.PerSecond)
}

// sweep drops full buckets, at most once a minute.
func (l *limiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < time.Minute {
		return
	}
	l.lastSweep = now
	for k, b := range l.buckets {
		if l.refill(b, now) >= float64(l.cfg.Burst) {
			delete(l.buckets, k)
		}
	}
}

// keyless are the routes that take no key: a monitor or a verifier that
// sends one anyway is not counted against it.
var keyless = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true,
	"/api/v1/openapi.json": true, "/api/v1/audit/public-key": true}

// rateLimited answers 429 with Retry-After when the presented API key has
// used up its bucket. It runs before the key is looked up, so a flood
// with one key, known or not, never reaches the store; requests without
// a key, or to a keyless route, are not limited.
func (s *Server) rateLimited(next http.Handler) http.Handler {
	if s.limiter == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || strings.TrimSpace(secret) == "" || keyless[r.URL.Path] {
			next.ServeHTTP(w, r)
			return
		}
		if ok, wait := s.limiter.allow(dz.HashSecret(secret)); !ok {
			secs := max(int(math.Ceil(wait.Seconds())), 1)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			s.writeError(w, r, dz.Errorf(dz.ERATELIMIT,
				"this API key sent more than %d requests at once or %g a second: retry after %d s", s.limiter.cfg.Burst, s.limiter.cfg.PerSecond, secs))
			return
		}
		next.ServeHTTP(w, r)
	})
}
