package http

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Sign-in throttling: after signInFailures failed sign-ins for one e-mail
// address within signInWindow, the address is refused until the window
// since its first failure ends, whatever the password. A password then
// takes years to guess, and refused attempts cost no bcrypt time.
const (
	signInFailures = 5
	signInWindow   = 15 * time.Minute
)

// signInGuard counts failed sign-ins per e-mail address, in memory: a
// restart forgets them, which costs a guesser a restart of the server.
type signInGuard struct {
	mu    sync.Mutex
	fails map[string]signInFailure
}

// signInFailure is one address's failures since first.
type signInFailure struct {
	n     int
	first time.Time
}

// wait returns how long the address is refused; 0 when it may try.
func (g *signInGuard) wait(email string, now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	f, ok := g.fails[email]
	if !ok || f.n < signInFailures {
		return 0
	}
	return max(0, f.first.Add(signInWindow).Sub(now))
}

// failed counts a failed sign-in.
func (g *signInGuard) failed(email string, now time.Time) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.fails == nil {
		g.fails = map[string]signInFailure{}
	}
	f := g.fails[email]
	if now.Sub(f.first) >= signInWindow {
		f = signInFailure{first: now}
	}
	f.n++
	g.fails[email] = f
	if len(g.fails) > 10_000 { // many addresses: forget those whose window ended
		for k, v := range g.fails {
			if now.Sub(v.first) >= signInWindow {
				delete(g.fails, k)
			}
		}
	}
}

// succeeded forgets an address's failures.
func (g *signInGuard) succeeded(email string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	delete(g.fails, email)
}

// signInLocked reports how many minutes (at least 1) this address must
// wait before its password is checked again, setting Retry-After; 0 when
// it may try now. Sign-in and the change-password form share it.
func (s *Server) signInLocked(w http.ResponseWriter, email string) int {
	wait := s.signIns.wait(email, s.cfg.Now())
	if wait <= 0 {
		return 0
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
	return max(1, int(wait.Round(time.Minute)/time.Minute))
}
