package webhook

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"

	"github.com/delegatezero/dz"
)

// Guard keeps webhook deliveries off the server's own networks: targets on
// private, loopback, link-local, shared (CGNAT), multicast or unspecified
// addresses are refused when an endpoint is created and again when each
// delivery dials, after DNS resolution, so a name that later resolves
// elsewhere (DNS rebinding) cannot reach them either.
type Guard struct {
	AllowPrivate bool          // development: allow every address (dz serve --webhooks-allow-private)
	Resolver     *net.Resolver // for CheckURL; nil means net.DefaultResolver
}

// sharedAddrs is 100.64.0.0/10 (RFC 6598) and thisNetwork 0.0.0.0/8.
var (
	sharedAddrs = netip.MustParsePrefix("100.64.0.0/10")
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
)

// refusal says why an address may not be a target, or "" if it may.
func (g Guard) refusal(ip netip.Addr) string {
	ip = ip.Unmap()
	switch {
	case g.AllowPrivate:
		return ""
	case !ip.IsValid(), ip.IsUnspecified(), thisNetwork.Contains(ip):
		return "an unspecified address"
	case ip.IsLoopback():
		return "a loopback address"
	case ip.IsPrivate(), sharedAddrs.Contains(ip):
		return "a private address"
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast():
		return "a link-local address"
	case ip.IsMulticast(), ip.IsInterfaceLocalMulticast():
		return "a multicast address"
	}
	return ""
}

// CheckURL returns EINVALID unless raw is an absolute http or https URL
// whose host resolves only to addresses the guard allows.
func (g Guard) CheckURL(ctx context.Context, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || len(raw) > 2048 {
		return dz.Errorf(dz.EINVALID, "webhook url %q must be an absolute http or https URL of at most 2048 bytes", raw)
	}
	if g.AllowPrivate {
		return nil
	}
	host := u.Hostname()
	addrs := []netip.Addr{}
	if ip, err := netip.ParseAddr(host); err == nil {
		addrs = append(addrs, ip)
	} else {
		r := g.Resolver
		if r == nil {
			r = net.DefaultResolver
		}
		ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if addrs, err = r.LookupNetIP(ctx, "ip", host); err != nil {
			return dz.Errorf(dz.EINVALID, "webhook host %q does not resolve: %v", host, err)
		}
	}
	for _, ip := range addrs {
		if why := g.refusal(ip); why != "" {
			return dz.Errorf(dz.EINVALID, "webhook host %q is %s (%s): deliveries go to public addresses only unless the server runs with --webhooks-allow-private", host, why, ip)
		}
	}
	return nil
}

// control is a net.Dialer Control: it sees the address actually dialled.
func (g Guard) control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("webhook: refusing to dial %s: %w", address, err)
	}
	if why := g.refusal(ap.Addr()); why != "" {
		return fmt.Errorf("webhook: refusing to dial %s: %s", address, why)
	}
	return nil
}

// Client returns an HTTP client for deliveries: every dial checked by the
// guard, no proxy (the guard must see the real target), no redirects
// followed (a 3xx is a failed attempt), and timeout per attempt.
func (g Guard) Client(timeout time.Duration) *http.Client {
	d := &net.Dialer{Timeout: timeout, Control: g.control}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			DialContext: d.DialContext, Proxy: nil, ForceAttemptHTTP2: true,
			TLSHandshakeTimeout: timeout, MaxIdleConnsPerHost: 2, IdleConnTimeout: 90 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
