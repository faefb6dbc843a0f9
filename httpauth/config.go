package httpauth

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"time"
)

// Config configures a Middleware or an STSMiddleware. The zero value (or a
// nil *Config) is safe: cookie auth_tkt on path /, Secure, HttpOnly and
// SameSite=Lax; 401 for a missing or bad ticket, 403 for a missing token;
// the client address taken from RemoteAddr only; refresh when less than
// half the lifetime remains. The constructors validate it and keep a copy:
// changing a Config after New has no effect.
type Config struct {
	// CookieName is the name of the ticket cookie, as TKTAuthCookieName.
	// Default "auth_tkt".
	CookieName string
	// CookiePath is the Path attribute of cookies the middleware sets.
	// Default "/".
	CookiePath string
	// CookieDomain is the Domain attribute of cookies the middleware sets.
	// Default: none, a host-only cookie. Set it to share the ticket with
	// other hosts of one login (mod_auth_tkt's TKTAuthDomain).
	CookieDomain string
	// SameSite is the SameSite attribute of cookies the middleware sets:
	// http.SameSiteLaxMode (the default, for the zero value),
	// http.SameSiteStrictMode or http.SameSiteNoneMode (which requires
	// Secure, so it cannot go with InsecureCookie).
	SameSite http.SameSite
	// InsecureCookie drops the Secure attribute, so the browser also sends
	// the ticket over plain HTTP, where anyone on the path can read and
	// replay it. For local development only.
	InsecureCookie bool

	// LoginURL is where a request without a valid ticket is sent, with a
	// 303 See Other and the query argument BackArg holding the escaped
	// absolute URL of the request (TKTAuthLoginURL). It may be absolute or
	// relative to the host. Empty: the middleware answers 401.
	//
	// The module answers 307, which makes a browser repeat a POST, body
	// and all, to the login page; 303 makes it a GET.
	LoginURL string
	// UnauthURL is where a request with a valid ticket but none of the
	// required Tokens is sent, with the same back argument
	// (TKTAuthUnauthURL). Empty: the middleware answers 403 Forbidden. The
	// module falls back to the login URL instead, but logging in again does
	// not give a user a token they lack, and a 403 says so.
	UnauthURL string
	// BackArg is the name of the query argument that carries the request
	// URL to LoginURL and UnauthURL (TKTAuthBackArgName). Default "back".
	// The login application must check that URL before it redirects to
	// it, or it is an open redirect.
	BackArg string

	// Tokens lists the tokens that grant access, as TKTAuthToken: a
	// ticket passes when it holds at least one of them, compared exactly
	// (no prefix match, no case folding, no trimming). Empty: any valid
	// ticket passes. authtkt tickets only.
	Tokens []string
	// IgnoreIP validates authtkt tickets without a client address, as
	// TKTAuthIgnoreIP on: the tickets must then be made without one
	// (Login does so). By default a ticket is bound to the client IP.
	// mod_auth_tkt tickets bind IPv4 only, so IPv6 clients need IgnoreIP,
	// as with the module. authtkt tickets only.
	IgnoreIP bool
	// Lifetime is the lifetime Login gives ticket_auth tickets, and the
	// lifetime refresh measures them against (a ticket_auth ticket carries
	// only its expiry). Default 2 hours, TKTAuthTimeout's default. It must
	// stay zero for mod_auth_tkt tickets, whose lifetime is the authtkt
	// Config.Timeout, and for sts tickets, whose lifetime is the one they
	// were made with (the sts.Service's, or CreateTicketWith's): a refresh
	// keeps it, so a shorter sts.Config.Lifetime reaches tickets as they are
	// made, and a lower sts.Config.MaxLifetime cuts the existing ones off.
	Lifetime time.Duration

	// Entropy returns the entropy an sts ticket is bound to, for a
	// request and the client address the middleware resolved for it (the
	// zero Addr when ErrClientIP). The same function serves validation
	// and Login, so a ticket only validates on requests that yield the
	// same bytes: return clientIP.AsSlice() to bind tickets to the client
	// address, or a value the application already trusts (a TLS channel
	// binding, a device ID). When the address is unknown and Entropy
	// returns no bytes, the request is refused and Login fails with
	// ErrClientIP, so that an address binding never silently becomes none.
	// It must not read the request body. Nil: no entropy. sts tickets
	// only.
	Entropy func(r *http.Request, clientIP netip.Addr) []byte

	// TrustedProxies opts in to X-Forwarded-For: when the connection comes
	// from one of these prefixes, the header is read right to left, each
	// entry from a trusted address vouching for the one to its left, and
	// the first address outside the prefixes is the client. The proxies
	// must append to the header (most do), and the prefixes must hold
	// proxies only: a client inside one could name any address. X-Forwarded-Proto and
	// X-Forwarded-Host from a trusted peer also set the scheme and host of
	// the back URL. Empty (the default): these headers are ignored and the
	// client is RemoteAddr.
	// IPv4-mapped IPv6 prefixes are refused: list IPv4 prefixes as such.
	TrustedProxies []netip.Prefix

	// Refresh is the fraction of its lifetime under which a valid ticket
	// is re-issued with the current time (TKTAuthTimeoutRefresh), in
	// (0, 1]. 0 means the default, 0.5. Only a ticket that passed every
	// check is refreshed, and a ticket that verified under an old sts key
	// always is.
	Refresh float64
	// NoRefresh turns refreshing off (TKTAuthTimeoutRefresh 0).
	NoRefresh bool

	// Now returns the current time for refresh and Login. Default
	// time.Now. Give the authtkt.Factory or sts.Service the same clock.
	Now func() time.Time
}

// Defaults for the zero fields of Config.
const (
	// DefaultCookieName is mod_auth_tkt's default TKTAuthCookieName.
	DefaultCookieName = "auth_tkt"
	// DefaultBackArg is mod_auth_tkt's default TKTAuthBackArgName.
	DefaultBackArg = "back"
	// DefaultLifetime is the lifetime of ticket_auth tickets, mod_auth_tkt's
	// default TKTAuthTimeout. (authtkt's own default, ticket_auth's 120
	// seconds, is too short for a browser login.)
	DefaultLifetime = 2 * time.Hour
	// DefaultRefresh is mod_auth_tkt's default TKTAuthTimeoutRefresh.
	DefaultRefresh = 0.5
)

// ErrConfig is wrapped by every error New and NewSTS return for an invalid
// Config.
var ErrConfig = errors.New("httpauth: invalid config")

func configError(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrConfig}, args...)...)
}

// settings is a validated Config with its defaults applied.
type settings struct {
	cookie   http.Cookie // the attributes of every cookie set
	login    *url.URL
	unauth   *url.URL
	backArg  string
	tokens   []string
	ignoreIP bool
	lifetime time.Duration
	entropy  func(*http.Request, netip.Addr) []byte
	proxies  []netip.Prefix
	refresh  float64 // 0: off
	now      func() time.Time
}

func newSettings(cfg *Config) (*settings, error) {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	s := &settings{
		backArg:  c.BackArg,
		tokens:   slices.Clone(c.Tokens),
		ignoreIP: c.IgnoreIP,
		lifetime: c.Lifetime,
		entropy:  c.Entropy,
		refresh:  c.Refresh,
		now:      c.Now,
	}
	s.cookie = http.Cookie{
		Name:     c.CookieName,
		Path:     c.CookiePath,
		Domain:   c.CookieDomain,
		Secure:   !c.InsecureCookie,
		HttpOnly: true,
		SameSite: c.SameSite,
	}
	if s.cookie.Name == "" {
		s.cookie.Name = DefaultCookieName
	}
	if s.cookie.Path == "" {
		s.cookie.Path = "/"
	}
	switch s.cookie.SameSite {
	case 0:
		s.cookie.SameSite = http.SameSiteLaxMode
	case http.SameSiteLaxMode, http.SameSiteStrictMode:
	case http.SameSiteNoneMode:
		if c.InsecureCookie {
			return nil, configError("SameSite=None requires Secure cookies")
		}
	default:
		return nil, configError("SameSite must be Lax, Strict or None")
	}
	probe := s.cookie
	probe.Value = "x"
	if err := probe.Valid(); err != nil {
		return nil, configError("cookie attributes: %v", err)
	}
	if s.backArg == "" {
		s.backArg = DefaultBackArg
	}
	var err error
	if s.login, err = parseTarget("LoginURL", c.LoginURL); err != nil {
		return nil, err
	}
	if s.unauth, err = parseTarget("UnauthURL", c.UnauthURL); err != nil {
		return nil, err
	}
	if slices.Contains(s.tokens, "") {
		return nil, configError("empty token in Tokens")
	}
	if s.lifetime < 0 {
		return nil, configError("negative Lifetime")
	}
	for _, p := range c.TrustedProxies {
		if !p.IsValid() || p.Addr().Is4In6() {
			return nil, configError("trusted proxy prefix %v: invalid or IPv4-mapped", p)
		}
		s.proxies = append(s.proxies, p.Masked())
	}
	switch {
	case c.NoRefresh:
		s.refresh = 0
	case math.IsNaN(s.refresh) || s.refresh < 0 || s.refresh > 1:
		return nil, configError("Refresh must be in [0, 1]")
	case s.refresh == 0:
		s.refresh = DefaultRefresh
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s, nil
}

func parseTarget(field, raw string) (*url.URL, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, configError("%s: %v", field, err)
	}
	return u, nil
}
