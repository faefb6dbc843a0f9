package httpauth

import (
	"net/http"
	"net/netip"

	"github.com/vmihailenco/msgpack/v5"

	"github.com/gotickets/tickets/sts"
)

// STSMiddleware authenticates requests with sts tickets. It is immutable
// and safe for concurrent use.
type STSMiddleware struct {
	core
	svc *sts.Service
}

// NewSTS returns an STSMiddleware that validates tickets with svc, bound
// to the entropy Config.Entropy returns for each request. A nil cfg means
// the defaults of a zero Config. Tokens, IgnoreIP and Lifetime are for
// authtkt tickets and must be unset: an sts ticket's data is the
// application's, and its lifetime is the sts.Service's.
func NewSTS(svc *sts.Service, cfg *Config) (*STSMiddleware, error) {
	if svc == nil {
		return nil, configError("nil sts.Service")
	}
	s, err := newSettings(cfg)
	if err != nil {
		return nil, err
	}
	if len(s.tokens) != 0 || s.ignoreIP || s.lifetime != 0 {
		return nil, configError("Tokens, IgnoreIP and Lifetime apply to authtkt tickets only")
	}
	return &STSMiddleware{core: core{s: s}, svc: svc}, nil
}

// Handler returns next wrapped in the checks described in the package
// documentation. next finds the ticket with STSFromContext.
func (m *STSMiddleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.serve(w, r, next, m.check)
	})
}

// Login makes a ticket holding data with the service's options, bound to
// the entropy Config.Entropy returns for r, and sets it as the cookie. It
// returns ErrCookie when the ticket is too long to be a cookie, and
// CreateTicket's errors. Call it before writing the response body.
func (m *STSMiddleware) Login(w http.ResponseWriter, r *http.Request, data any) error {
	ip, _ := m.ClientIP(r)
	t, err := m.svc.CreateTicket(data, m.entropy(r, ip))
	if err != nil {
		return err
	}
	return m.s.setCookie(w, t)
}

// Logout deletes the ticket cookie from the browser. The ticket itself
// stays valid until it expires: tickets are stateless.
func (m *STSMiddleware) Logout(w http.ResponseWriter) { m.s.clearCookie(w) }

// ClientIP returns the client address of r as the middleware resolves it
// (see Middleware.ClientIP); it is what Config.Entropy receives.
func (m *STSMiddleware) ClientIP(r *http.Request) (netip.Addr, error) {
	return clientIP(r, m.s.proxies)
}

func (m *STSMiddleware) entropy(r *http.Request, ip netip.Addr) []byte {
	if m.s.entropy == nil {
		return nil
	}
	return m.s.entropy(r, ip)
}

func (m *STSMiddleware) check(q *request) (result, verdict) {
	entropy := m.entropy(q.r, q.ip)
	t, err := m.svc.ValidateTicket(q.ticket, entropy)
	if err != nil {
		return result{}, unauthenticated
	}
	res := result{ctx: NewSTSContext(q.r.Context(), t)}
	lifetime := t.ExpiresAt.Sub(t.IssuedAt)
	if t.OldKey || m.s.refreshDue(q.now, t.ExpiresAt, lifetime) {
		res.refresh, _ = m.reissue(t, entropy)
	}
	return res, granted
}

// reissue makes a ticket with t's data, options and lifetime under the
// current key and time. Serialized data is carried as the exact msgpack
// bytes, so nothing is lost to a decode and re-encode.
func (m *STSMiddleware) reissue(t *sts.Ticket, entropy []byte) (string, error) {
	var data any
	if t.Serialized {
		var raw msgpack.RawMessage
		if err := t.Decode(&raw); err != nil {
			return "", err
		}
		data = raw
	} else {
		var b []byte
		if err := t.Decode(&b); err != nil {
			return "", err
		}
		data = b
	}
	return m.svc.CreateTicketWith(data, entropy, sts.Options{
		Serialize: t.Serialized,
		Compress:  t.Compressed,
		Encrypt:   t.Encrypted,
		Lifetime:  t.ExpiresAt.Sub(t.IssuedAt),
	})
}
