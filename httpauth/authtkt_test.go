package httpauth

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
)

// now is the fixed clock of every middleware test.
var now = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

const secret = "test-secret-256"

func modAuthTktFactory(t testing.TB) *authtkt.Factory {
	t.Helper()
	f, err := authtkt.New([]byte(secret), &authtkt.Config{
		Format: authtkt.ModAuthTkt, Hash: "sha256", Timeout: time.Hour, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func ticketAuthFactory(t testing.TB) *authtkt.Factory {
	t.Helper()
	f, err := authtkt.New([]byte(secret), &authtkt.Config{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// whoami answers 200 with the user, tokens and data of the ticket in the
// context, so a test sees what the next handler saw.
var whoami = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	info, ok := FromContext(r.Context())
	if !ok {
		http.Error(w, "no ticket in context", http.StatusInternalServerError)
		return
	}
	fmt.Fprintf(w, "%s|%s|%s", info.UserID, strings.Join(info.Tokens, ","), info.UserData)
})

// exchange is one request through a middleware and what came back.
type exchange struct {
	remote string
	xff    string
	cookie string // the Cookie header; "" for none
	target string
}

func (e exchange) do(h http.Handler) *http.Response {
	target := e.target
	if target == "" {
		target = "https://app.example:8443/private/page?a=1&b=two"
	}
	r := httptest.NewRequest("GET", target, nil)
	r.RemoteAddr = e.remote
	if r.RemoteAddr == "" {
		r.RemoteAddr = "192.0.2.1:50000"
	}
	if e.xff != "" {
		r.Header.Set("X-Forwarded-For", e.xff)
	}
	if e.cookie != "" {
		r.Header.Set("Cookie", e.cookie)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t testing.TB, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const (
	loginURL  = "https://login.example/login"
	unauthURL = "https://login.example/denied"
	backQuery = "back=https%3A%2F%2Fapp.example%3A8443%2Fprivate%2Fpage%3Fa%3D1%26b%3Dtwo"
)

func mustTicket(t testing.TB, f *authtkt.Factory, tk authtkt.Ticket) string {
	t.Helper()
	s, err := f.NewTicket(tk)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestModAuthTkt(t *testing.T) {
	f := modAuthTktFactory(t)
	ip := netip.MustParseAddr("192.0.2.1")
	tkt := func(tk authtkt.Ticket) string { return mustTicket(t, f, tk) }
	good := tkt(authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-time.Minute), ClientIP: ip,
		Tokens: []string{"staff", "admin"}, UserData: "x!y z"})
	b64 := authtkt.EncodeCookie(good)
	cookie := func(v string) string { return "auth_tkt=" + v }
	tampered := authtkt.EncodeCookie(strings.Replace(good, "alice!", "admin!", 1))
	expired := authtkt.EncodeCookie(tkt(authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-time.Hour - time.Second),
		ClientIP: ip, Tokens: []string{"admin"}}))
	unbound := authtkt.EncodeCookie(tkt(authtkt.Ticket{UserID: "bob", IssuedAt: now.Add(-time.Minute),
		Tokens: []string{"admin"}}))
	proxied := authtkt.EncodeCookie(tkt(authtkt.Ticket{UserID: "carol", IssuedAt: now.Add(-time.Minute),
		ClientIP: netip.MustParseAddr("198.51.100.7"), Tokens: []string{"admin"}}))
	withTokens := func(tokens ...string) string {
		return cookie(authtkt.EncodeCookie(tkt(authtkt.Ticket{UserID: "dave", IssuedAt: now.Add(-time.Minute),
			ClientIP: ip, Tokens: tokens})))
	}
	base := Config{LoginURL: loginURL, Tokens: []string{"admin", "finance"}, Now: clock}
	with := func(change func(*Config)) Config {
		c := base
		change(&c)
		return c
	}

	tests := []struct {
		name     string
		cfg      Config
		req      exchange
		status   int
		location string // for 303
		body     string // for 200
	}{
		{"no cookie", base, exchange{}, 303, loginURL + "?" + backQuery, ""},
		{"no cookie, no login URL", with(func(c *Config) { c.LoginURL = "" }), exchange{}, 401, "", ""},
		{"good base64 cookie", base, exchange{cookie: cookie(b64)}, 200, "", "alice|staff,admin|x!y z"},
		{"good raw cookie", base, exchange{cookie: cookie(good)}, 200, "", "alice|staff,admin|x!y z"},
		{"good %21-escaped cookie", base,
			exchange{cookie: cookie(strings.ReplaceAll(strings.ReplaceAll(good, "!", "%21"), " ", "%20"))},
			200, "", "alice|staff,admin|x!y z"},
		{"good quoted cookie", base, exchange{cookie: cookie(`"` + b64 + `"`)}, 200, "", "alice|staff,admin|x!y z"},
		{"other cookies around it", base, exchange{cookie: "a=1; " + cookie(b64) + "; b=2"}, 200, "",
			"alice|staff,admin|x!y z"},
		{"cookie name configured", with(func(c *Config) { c.CookieName = "sso" }),
			exchange{cookie: "auth_tkt=x; sso=" + b64}, 200, "", "alice|staff,admin|x!y z"},
		{"garbage cookie", base, exchange{cookie: cookie("garbage")}, 303, loginURL + "?" + backQuery, ""},
		{"expired", base, exchange{cookie: cookie(expired)}, 303, loginURL + "?" + backQuery, ""},
		{"tampered", base, exchange{cookie: cookie(tampered)}, 303, loginURL + "?" + backQuery, ""},
		{"wrong IP", base, exchange{cookie: cookie(b64), remote: "192.0.2.2:1"}, 303, loginURL + "?" + backQuery, ""},
		{"IPv6 client, bound ticket", base, exchange{cookie: cookie(b64), remote: "[2001:db8::1]:1"},
			303, loginURL + "?" + backQuery, ""},
		{"unknown client address", base, exchange{cookie: cookie(unbound), remote: "@"},
			303, loginURL + "?" + backQuery, ""},
		{"unbound ticket without IgnoreIP", base, exchange{cookie: cookie(unbound)}, 303, loginURL + "?" + backQuery, ""},
		{"unbound ticket with IgnoreIP", with(func(c *Config) { c.IgnoreIP = true }),
			exchange{cookie: cookie(unbound), remote: "[2001:db8::1]:1"}, 200, "", "bob|admin|"},
		{"bound ticket with IgnoreIP", with(func(c *Config) { c.IgnoreIP = true }),
			exchange{cookie: cookie(b64)}, 303, loginURL + "?" + backQuery, ""},
		{"missing token", base, exchange{cookie: withTokens("staff")}, 403, "", ""},
		{"token is a prefix", base, exchange{cookie: withTokens("administrator")}, 403, "", ""},
		{"token differs in case", base, exchange{cookie: withTokens("Admin")}, 403, "", ""},
		{"no tokens", base, exchange{cookie: withTokens()}, 403, "", ""},
		{"second required token", base, exchange{cookie: withTokens("other", "finance")}, 200, "", "dave|other,finance|"},
		{"no tokens required", with(func(c *Config) { c.Tokens = nil }), exchange{cookie: withTokens()}, 200, "", "dave||"},
		{"missing token with UnauthURL", with(func(c *Config) { c.UnauthURL = unauthURL }),
			exchange{cookie: withTokens("staff")}, 303, unauthURL + "?" + backQuery, ""},
		{"XFF from a trusted proxy", with(func(c *Config) { c.TrustedProxies = prefixes("10.0.0.0/8") }),
			exchange{cookie: cookie(proxied), remote: "10.0.0.1:1", xff: "203.0.113.5, 198.51.100.7"}, 200, "", "carol|admin|"},
		{"XFF without trusted proxies", base,
			exchange{cookie: cookie(proxied), remote: "10.0.0.1:1", xff: "198.51.100.7"}, 303, loginURL + "?" + backQuery, ""},
		{"XFF from an untrusted peer", with(func(c *Config) { c.TrustedProxies = prefixes("10.0.0.0/8") }),
			exchange{cookie: cookie(proxied), remote: "192.0.2.66:1", xff: "198.51.100.7"}, 303, loginURL + "?" + backQuery, ""},
		{"XFF spoofed left of the client", with(func(c *Config) { c.TrustedProxies = prefixes("10.0.0.0/8") }),
			exchange{cookie: cookie(proxied), remote: "10.0.0.1:1", xff: "198.51.100.7, 203.0.113.5"}, 303, loginURL + "?" + backQuery, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := New(f, &tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			resp := tt.req.do(m.Handler(whoami))
			got := body(t, resp)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d (%q), want %d", resp.StatusCode, got, tt.status)
			}
			if loc := resp.Header.Get("Location"); loc != tt.location {
				t.Errorf("Location %q, want %q", loc, tt.location)
			}
			if tt.status == 200 && got != tt.body {
				t.Errorf("handler saw %q, want %q", got, tt.body)
			}
			if tt.status != 200 && resp.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("failure answer without Cache-Control: no-store")
			}
			if c := resp.Header.Values("Set-Cookie"); len(c) != 0 {
				t.Errorf("fresh or failed ticket got Set-Cookie %q", c)
			}
			if secretLeak(resp, got) {
				t.Errorf("response contains the secret")
			}
		})
	}
}

func secretLeak(resp *http.Response, body string) bool {
	for _, vs := range resp.Header {
		for _, v := range vs {
			if strings.Contains(v, secret) {
				return true
			}
		}
	}
	return strings.Contains(body, secret)
}

func TestTicketAuth(t *testing.T) {
	f := ticketAuthFactory(t)
	v6 := netip.MustParseAddr("2001:db8::42")
	tkt := func(tk authtkt.Ticket) string { return "auth_tkt=" + mustTicket(t, f, tk) }
	tests := []struct {
		name   string
		cookie string
		remote string
		status int
		body   string
	}{
		{"good IPv6", tkt(authtkt.Ticket{UserID: "us!er ", ValidUntil: now.Add(time.Hour), ClientIP: v6,
			Tokens: []string{"a,b", "admin"}, UserData: "d"}), "[2001:db8::42]:1", 200, "us!er |a,b,admin|d"},
		{"good IPv4", tkt(authtkt.Ticket{UserID: "alice", ValidUntil: now.Add(time.Hour),
			ClientIP: netip.MustParseAddr("192.0.2.1"), Tokens: []string{"admin"}}), "192.0.2.1:1", 200, "alice|admin|"},
		{"expires now", tkt(authtkt.Ticket{UserID: "alice", ValidUntil: now, ClientIP: v6,
			Tokens: []string{"admin"}}), "[2001:db8::42]:1", 303, ""},
		{"wrong IPv6", tkt(authtkt.Ticket{UserID: "alice", ValidUntil: now.Add(time.Hour), ClientIP: v6,
			Tokens: []string{"admin"}}), "[2001:db8::43]:1", 303, ""},
		{"token a,b is one token", tkt(authtkt.Ticket{UserID: "alice", ValidUntil: now.Add(time.Hour), ClientIP: v6,
			Tokens: []string{"a,b"}}), "[2001:db8::42]:1", 403, ""},
	}
	m, err := New(f, &Config{LoginURL: "/login", Tokens: []string{"admin"}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := exchange{cookie: tt.cookie, remote: tt.remote}.do(m.Handler(whoami))
			got := body(t, resp)
			if resp.StatusCode != tt.status || (tt.status == 200 && got != tt.body) {
				t.Fatalf("got %d %q, want %d %q", resp.StatusCode, got, tt.status, tt.body)
			}
		})
	}
}

// refreshed returns the ticket a response set as the cookie, or "".
func refreshed(t testing.TB, resp *http.Response) (string, *http.Cookie) {
	t.Helper()
	cs := resp.Cookies()
	switch len(cs) {
	case 0:
		return "", nil
	case 1:
		return cs[0].Value, cs[0]
	}
	t.Fatalf("%d cookies set", len(cs))
	return "", nil
}

func TestRefresh(t *testing.T) {
	ip := netip.MustParseAddr("192.0.2.1")
	mat, ta := modAuthTktFactory(t), ticketAuthFactory(t)
	tests := []struct {
		name    string
		f       *authtkt.Factory
		cfg     Config
		ticket  authtkt.Ticket
		status  int
		refresh bool
	}{
		{"mod_auth_tkt, 31 of 60 minutes left", mat, Config{},
			authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-29 * time.Minute), ClientIP: ip}, 200, false},
		{"mod_auth_tkt, 30 of 60 minutes left", mat, Config{},
			authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-30 * time.Minute), ClientIP: ip}, 200, false},
		{"mod_auth_tkt, 29 of 60 minutes left", mat, Config{},
			authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-31 * time.Minute), ClientIP: ip}, 200, true},
		{"mod_auth_tkt, refresh 0.9", mat, Config{Refresh: 0.9},
			authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-7 * time.Minute), ClientIP: ip}, 200, true},
		{"mod_auth_tkt, NoRefresh", mat, Config{NoRefresh: true},
			authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-59 * time.Minute), ClientIP: ip}, 200, false},
		{"mod_auth_tkt, IgnoreIP", mat, Config{IgnoreIP: true},
			authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-59 * time.Minute), Tokens: []string{"t"}}, 200, true},
		{"mod_auth_tkt, missing token is not refreshed", mat, Config{Tokens: []string{"admin"}},
			authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-59 * time.Minute), ClientIP: ip}, 403, false},
		{"mod_auth_tkt, expired is not refreshed", mat, Config{},
			authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-61 * time.Minute), ClientIP: ip}, 401, false},
		{"ticket_auth, 61 of 120 minutes left", ta, Config{},
			authtkt.Ticket{UserID: "alice", ValidUntil: now.Add(61 * time.Minute), ClientIP: ip}, 200, false},
		{"ticket_auth, 59 of 120 minutes left", ta, Config{},
			authtkt.Ticket{UserID: "alice", ValidUntil: now.Add(59 * time.Minute), ClientIP: ip,
				Tokens: []string{"a b"}, UserData: "ü"}, 200, true},
		{"ticket_auth, Lifetime 10m", ta, Config{Lifetime: 10 * time.Minute},
			authtkt.Ticket{UserID: "alice", ValidUntil: now.Add(4 * time.Minute), ClientIP: ip}, 200, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Now = clock
			m, err := New(tt.f, &cfg)
			if err != nil {
				t.Fatal(err)
			}
			tkt := mustTicket(t, tt.f, tt.ticket)
			if tt.f == mat {
				tkt = authtkt.EncodeCookie(tkt)
			}
			resp := exchange{cookie: "auth_tkt=" + tkt}.do(m.Handler(whoami))
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			value, c := refreshed(t, resp)
			if (value != "") != tt.refresh {
				t.Fatalf("refreshed = %q, want refresh %v", value, tt.refresh)
			}
			if !tt.refresh {
				return
			}
			if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				t.Errorf("refreshed cookie attributes %+v", c)
			}
			if tt.f == mat {
				if value, err = authtkt.DecodeCookie(value); err != nil || authtkt.EncodeCookie(value) != c.Value {
					t.Fatalf("refreshed cookie is not base64 of a ticket: %v", err)
				}
			}
			bind := ip
			if cfg.IgnoreIP {
				bind = netip.Addr{}
			}
			info, err := tt.f.Validate(value, bind)
			if err != nil {
				t.Fatalf("refreshed ticket does not validate: %v", err)
			}
			want := tt.ticket
			if tt.f == mat {
				if !info.IssuedAt.Equal(now) {
					t.Errorf("refreshed IssuedAt %v, want %v", info.IssuedAt, now)
				}
			} else {
				life := cfg.Lifetime
				if life == 0 {
					life = DefaultLifetime
				}
				if !info.ValidUntil.Equal(now.Add(life)) {
					t.Errorf("refreshed ValidUntil %v, want %v", info.ValidUntil, now.Add(life))
				}
			}
			if info.UserID != want.UserID || strings.Join(info.Tokens, ",") != strings.Join(want.Tokens, ",") ||
				info.UserData != want.UserData {
				t.Errorf("refreshed contents %+v, want %+v", info, want)
			}
		})
	}
}

func TestLoginLogout(t *testing.T) {
	tests := []struct {
		name   string
		f      *authtkt.Factory
		cfg    Config
		remote string
		err    error
	}{
		{"mod_auth_tkt bound", modAuthTktFactory(t), Config{}, "192.0.2.1:1", nil},
		{"mod_auth_tkt IPv6 needs IgnoreIP", modAuthTktFactory(t), Config{}, "[2001:db8::1]:1", authtkt.ErrUnsupported},
		{"mod_auth_tkt IgnoreIP", modAuthTktFactory(t), Config{IgnoreIP: true}, "[2001:db8::1]:1", nil},
		{"ticket_auth IPv6", ticketAuthFactory(t), Config{}, "[2001:db8::1]:1", nil},
		{"unknown address", ticketAuthFactory(t), Config{}, "@", ErrClientIP},
		{"unknown address, IgnoreIP", ticketAuthFactory(t), Config{IgnoreIP: true}, "@", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Now = clock
			m, err := New(tt.f, &cfg)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("POST", "/login", nil)
			r.RemoteAddr = tt.remote
			w := httptest.NewRecorder()
			err = m.Login(w, r, authtkt.Ticket{UserID: "alice", Tokens: []string{"admin"},
				ClientIP: netip.MustParseAddr("203.0.113.1")})
			if !errors.Is(err, tt.err) {
				t.Fatalf("Login = %v, want %v", err, tt.err)
			}
			value, c := refreshed(t, w.Result())
			if tt.err != nil {
				if value != "" {
					t.Fatal("failed Login set a cookie")
				}
				return
			}
			if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
				t.Errorf("Login cookie attributes %+v", c)
			}
			resp := exchange{cookie: "auth_tkt=" + value, remote: tt.remote}.do(m.Handler(whoami))
			if got := body(t, resp); resp.StatusCode != 200 || got != "alice|admin|" {
				t.Fatalf("logged-in request: %d %q", resp.StatusCode, got)
			}
			w = httptest.NewRecorder()
			m.Logout(w)
			if _, c := refreshed(t, w.Result()); c == nil || c.MaxAge >= 0 || c.Name != "auth_tkt" {
				t.Errorf("Logout cookie %+v", c)
			}
		})
	}
}

// TestLoginTooLarge checks that Login refuses a ticket longer than the
// middleware reads back, instead of setting a cookie that can never log
// the user in, and still sets one just short enough.
func TestLoginTooLarge(t *testing.T) {
	for _, f := range []*authtkt.Factory{modAuthTktFactory(t), ticketAuthFactory(t)} {
		t.Run(f.Format().String(), func(t *testing.T) {
			m, err := New(f, &Config{Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("POST", "/login", nil)
			r.RemoteAddr = "192.0.2.1:1"

			w := httptest.NewRecorder()
			if err := m.Login(w, r, authtkt.Ticket{UserID: "alice", UserData: strings.Repeat("d", 2900)}); err != nil {
				t.Fatal(err)
			}
			value, _ := refreshed(t, w.Result())
			if resp := (exchange{cookie: "auth_tkt=" + value}).do(m.Handler(whoami)); resp.StatusCode != 200 {
				t.Errorf("the cookie Login set (%d bytes) does not log in: %d", len(value), resp.StatusCode)
			}

			// Around the limit, byte by byte: every cookie Login sets is
			// one browsers keep (name and value, as written, at most
			// maxCookieSize bytes), and it refuses the rest.
			set, refused := 0, 0
			for n := 2800; n <= maxCookieSize; n++ {
				w = httptest.NewRecorder()
				err = m.Login(w, r, authtkt.Ticket{UserID: "alice", UserData: strings.Repeat("d", n-1) + ","})
				header := w.Result().Header.Get("Set-Cookie")
				pair, _, _ := strings.Cut(header, ";")
				switch {
				case err == nil && len(pair)-1 <= maxCookieSize:
					set++
				case errors.Is(err, ErrCookie) && header == "":
					refused++
				default:
					t.Fatalf("Login with %d bytes of data = %v, Set-Cookie %d bytes", n, err, len(pair))
				}
			}
			if set == 0 || refused == 0 {
				t.Errorf("%d cookies set, %d refused: the sweep missed the limit", set, refused)
			}
		})
	}
}

func TestNewInvalid(t *testing.T) {
	mat, ta := modAuthTktFactory(t), ticketAuthFactory(t)
	tests := []struct {
		name string
		f    *authtkt.Factory
		cfg  Config
	}{
		{"nil factory", nil, Config{}},
		{"bad config", ta, Config{Refresh: 2}},
		{"entropy", ta, Config{Entropy: func(*http.Request, netip.Addr) []byte { return nil }}},
		{"lifetime for mod_auth_tkt", mat, Config{Lifetime: time.Hour}},
		{"token with a comma for mod_auth_tkt", mat, Config{Tokens: []string{"a,b"}}},
		{"token with a ! for mod_auth_tkt", mat, Config{Tokens: []string{"a!"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.f, &tt.cfg); !errors.Is(err, ErrConfig) {
				t.Fatalf("New = %v, want ErrConfig", err)
			}
		})
	}
	if _, err := New(ta, &Config{Tokens: []string{"a,b"}}); err != nil {
		t.Errorf("ticket_auth tokens may hold commas: %v", err)
	}
}

func TestBackURLRoundTrip(t *testing.T) {
	m, err := New(ticketAuthFactory(t), &Config{LoginURL: "/login?next=1", Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	const target = "http://app.example/a%20b/c?q=%26x&r=%2F&s=%C3%BC"
	resp := exchange{target: target}.do(m.Handler(whoami))
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || resp.StatusCode != 303 {
		t.Fatalf("%d %v", resp.StatusCode, err)
	}
	if loc.Path != "/login" || loc.Query().Get("next") != "1" {
		t.Errorf("login URL lost: %v", loc)
	}
	if got := loc.Query().Get("back"); got != target {
		t.Errorf("back = %q", got)
	}
}

// TestNothingLogged runs failing, passing and refreshing requests and
// checks that nothing reached the standard logger, where net/http reports
// cookie values it has to rewrite.
func TestNothingLogged(t *testing.T) {
	logged := captureLog(t)
	f := modAuthTktFactory(t)
	m, err := New(f, &Config{LoginURL: "/login", Tokens: []string{"admin"}, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	ip := netip.MustParseAddr("192.0.2.1")
	due := authtkt.EncodeCookie(mustTicket(t, f, authtkt.Ticket{UserID: "alice", IssuedAt: now.Add(-59 * time.Minute),
		ClientIP: ip, Tokens: []string{"admin"}}))
	for _, cookie := range []string{"", "auth_tkt=garbage;", "auth_tkt=" + due, "auth_tkt=" + due[:40] + "x" + due[41:],
		"auth_tkt=\x7f\"\\;", "auth_tkt=" + strings.Repeat("%21", 2000)} {
		exchange{cookie: cookie}.do(m.Handler(whoami))
	}
	if l := logged(); l != "" {
		t.Errorf("logged: %q", l)
	}
}

// captureLog sends the standard logger's output to a buffer until the test
// ends, and returns a function that reads it.
func captureLog(t *testing.T) func() string {
	var buf strings.Builder
	log.SetOutput(&buf)
	t.Cleanup(func() { log.SetOutput(os.Stderr) })
	return buf.String
}
