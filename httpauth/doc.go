// Package httpauth is net/http middleware that lets requests through only
// with a valid ticket cookie: an authtkt ticket (ticket_auth or
// mod_auth_tkt format, so a Go service can share one login with Apache
// mod_auth_tkt and Python applications) or an sts ticket.
//
//	f, _ := authtkt.New(secret, &authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "sha256"})
//	m, _ := httpauth.New(f, &httpauth.Config{LoginURL: "https://login.example/", Tokens: []string{"admin"}})
//	http.Handle("/admin/", m.Handler(admin))   // admin reads httpauth.FromContext(r.Context())
//
// New takes an *authtkt.Factory and NewSTS an *sts.Service; both take the
// same Config, and each refuses the fields that belong to the other kind.
//
// # What the middleware does, in order
//
//  1. It reads the first cookie named Config.CookieName (default auth_tkt).
//     Values over 4096 bytes are dropped unread. A mod_auth_tkt cookie is
//     decoded from every form the module accepts (base64, raw, %21-escaped,
//     quoted); ticket_auth and sts tickets are used as they are.
//  2. It resolves the client address: RemoteAddr, or with
//     Config.TrustedProxies, the X-Forwarded-For walk described there.
//  3. It validates the ticket with the factory or service: the digest or
//     MAC first, then the expiry. An authtkt ticket is checked against the
//     client address (none with Config.IgnoreIP); an sts ticket against
//     Config.Entropy.
//  4. It checks Config.Tokens: at least one must be among the ticket's
//     tokens, compared exactly, as TKTAuthToken does.
//  5. When less than Config.Refresh of the ticket's lifetime remains, or an
//     sts ticket verified under an old key, it sets a new cookie with the
//     same contents and the current time, as TKTAuthTimeoutRefresh does.
//  6. It calls the next handler with the ticket in the request context:
//     FromContext returns the *authtkt.TicketInfo, STSFromContext the
//     *sts.Ticket.
//
// A request that fails at 1 to 3 gets a 303 See Other to Config.LoginURL
// with back=<the escaped absolute URL of the request>, or 401 without a
// LoginURL. One that fails at 4 goes to Config.UnauthURL with the same
// back argument, or gets 403 without one. Failure answers carry
// Cache-Control: no-store.
//
// Login and Logout set and delete the cookie with the same attributes:
// HttpOnly, Secure (Config.InsecureCookie drops it, for plain-HTTP
// development only) and SameSite=Lax unless configured otherwise.
//
// # Security properties
//
//   - Tickets are validated by the authtkt and sts packages: digests and
//     MACs compare in constant time, and nothing about a ticket is used
//     before it is verified.
//   - The middleware never logs: not a ticket, a digest, a secret or a
//     reason. It never answers with why a ticket failed, either.
//   - X-Forwarded-For is ignored unless the connection comes from a
//     trusted proxy, and then it is read only as far as trusted proxies
//     vouch for it, so a client cannot choose the address its ticket is
//     checked against.
//   - The ticket is read from the cookie only. mod_auth_tkt also takes it
//     from a ?auth_tkt= query argument; URLs end up in logs, histories and
//     Referer headers, so this middleware does not.
//
// # Non-goals
//
//   - Revocation and replay: tickets are stateless. A copied cookie works
//     until it expires, from any address unless bound to one; Logout only
//     deletes the browser's copy. Keep lifetimes short.
//   - Cross-site request forgery: SameSite=Lax stops cross-site POSTs in
//     current browsers, but not requests from sibling subdomains; use CSRF
//     tokens for state-changing requests.
//   - Guest access (TKTAuthGuestLogin) and separate timeout URLs
//     (TKTAuthTimeoutURL): an expired ticket goes to LoginURL.
//   - CORS preflights: browsers send OPTIONS requests without cookies, so
//     answer them before the middleware, or wrap only the routes that
//     need a ticket.
package httpauth
