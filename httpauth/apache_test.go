package httpauth

import (
	"fmt"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/internal/apachetest"
)

// The differential test against the real module: the same tickets go to
// Apache with mod_auth_tkt (Debian's libapache2-mod-auth-tkt, configured as
// in TICKET_FORMATS.md) and to the middleware configured alike, and the
// verdicts must agree; cookies each side refreshes must pass on the other.
// Apache works on the wall clock, so these tickets are made with it too;
// no assertion depends on its value.

const apacheSecret = "httpauth-apache-secret"

// apacheLocations mirror the Configs in TestApache. Each Location has
// TKTAuthTimeout 3600, as the factory's Timeout.
const apacheLocations = `
<Location /tokens>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://login.example/login
  TKTAuthUnauthURL http://login.example/unauth
  TKTAuthIgnoreIP on
  TKTAuthToken admin
  TKTAuthToken finance
  TKTAuthTimeout 3600
  TKTAuthTimeoutRefresh 0
</Location>
<Location /ip>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://login.example/login
  TKTAuthIgnoreIP off
  TKTAuthTimeout 3600
  TKTAuthTimeoutRefresh 0
</Location>
<Location /refresh>
  AuthType None
  Require valid-user
  TKTAuthLoginURL http://login.example/login
  TKTAuthIgnoreIP on
  TKTAuthTimeout 3600
  TKTAuthTimeoutRefresh 1
</Location>
`

// startApache runs Apache on a free loopback port with the locations
// above (apachetest.Start) and returns the port.
func startApache(t *testing.T) int {
	t.Helper()
	ports := apachetest.Start(t, 1, func(ports []int) string {
		return fmt.Sprintf("Listen 127.0.0.1:%d\nTKTAuthSecret %q\nTKTAuthDigestType SHA256\n%s",
			ports[0], apacheSecret, apacheLocations)
	})
	return ports[0]
}

// apacheVerdict sends cookie to Apache at path and classifies the answer
// as the middleware's verdicts. It also returns the ticket cookie Apache
// set, if any.
func apacheVerdict(t *testing.T, port int, path, cookie string) (verdict, string, string) {
	t.Helper()
	resp := apachetest.Get(t, "127.0.0.1", port, path, cookie)
	var set string
	for _, c := range resp.Cookies() {
		if c.Name == "auth_tkt" {
			set = c.Value
		}
	}
	loc := resp.Header.Get("Location")
	switch {
	case resp.StatusCode == 200:
		return granted, resp.Header.Get("X-Remote-User"), set
	case resp.StatusCode == 307 && strings.HasPrefix(loc, "http://login.example/unauth?"):
		return forbidden, "", set
	case resp.StatusCode == 307 && strings.HasPrefix(loc, "http://login.example/login?"):
		return unauthenticated, "", set
	}
	t.Fatalf("Apache answered %d, Location %q", resp.StatusCode, loc)
	return 0, "", ""
}

// middlewareVerdict is apacheVerdict for the middleware.
func middlewareVerdict(t *testing.T, m *Middleware, cookie string) (verdict, string, string) {
	t.Helper()
	resp := exchange{cookie: "auth_tkt=" + cookie, remote: "127.0.0.1:40000"}.do(m.Handler(whoami))
	got := body(t, resp)
	set, _ := refreshed(t, resp)
	switch resp.StatusCode {
	case 200:
		return granted, strings.Split(got, "|")[0], set
	case 303:
		loc, err := url.Parse(resp.Header.Get("Location"))
		if err != nil {
			t.Fatal(err)
		}
		if loc.Path == "/unauth" {
			return forbidden, "", set
		}
		return unauthenticated, "", set
	}
	t.Fatalf("middleware answered %d", resp.StatusCode)
	return 0, "", ""
}

func TestApache(t *testing.T) {
	port := startApache(t)
	f, err := authtkt.New([]byte(apacheSecret), &authtkt.Config{
		Format: authtkt.ModAuthTkt, Hash: "sha256", Timeout: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	base := Config{LoginURL: "http://login.example/login", UnauthURL: "http://login.example/unauth", NoRefresh: true}
	tokens := base
	tokens.IgnoreIP, tokens.Tokens = true, []string{"admin", "finance"}
	mTokens, err := New(f, &tokens)
	if err != nil {
		t.Fatal(err)
	}
	mIP, err := New(f, &base)
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Now()
	loopback := netip.MustParseAddr("127.0.0.1")
	cookie := func(tk authtkt.Ticket) string {
		if tk.IssuedAt.IsZero() {
			tk.IssuedAt = clock.Add(-time.Minute)
		}
		return authtkt.EncodeCookie(mustTicket(t, f, tk))
	}
	good := mustTicket(t, f, authtkt.Ticket{UserID: "alice", IssuedAt: clock.Add(-time.Minute), Tokens: []string{"admin"}})

	tests := []struct {
		name   string
		path   string
		m      *Middleware
		cookie string
		want   verdict
	}{
		{"token admin", "/tokens/", mTokens, cookie(authtkt.Ticket{UserID: "alice", Tokens: []string{"admin"}}), granted},
		{"tokens other,finance", "/tokens/", mTokens,
			cookie(authtkt.Ticket{UserID: "alice", Tokens: []string{"other", "finance"}}), granted},
		{"token administrator", "/tokens/", mTokens,
			cookie(authtkt.Ticket{UserID: "alice", Tokens: []string{"administrator"}}), forbidden},
		{"token Admin", "/tokens/", mTokens, cookie(authtkt.Ticket{UserID: "alice", Tokens: []string{"Admin"}}), forbidden},
		{"no tokens", "/tokens/", mTokens, cookie(authtkt.Ticket{UserID: "alice"}), forbidden},
		{"expired", "/tokens/", mTokens,
			cookie(authtkt.Ticket{UserID: "alice", IssuedAt: clock.Add(-2 * time.Hour), Tokens: []string{"admin"}}), unauthenticated},
		{"tampered", "/tokens/", mTokens, authtkt.EncodeCookie(strings.Replace(good, "alice!", "alicf!", 1)), unauthenticated},
		{"raw cookie", "/tokens/", mTokens, good, granted},
		{"quoted cookie", "/tokens/", mTokens, `"` + authtkt.EncodeCookie(good) + `"`, granted},
		{"bound to the client", "/ip/", mIP, cookie(authtkt.Ticket{UserID: "bob", ClientIP: loopback}), granted},
		{"bound to another address", "/ip/", mIP,
			cookie(authtkt.Ticket{UserID: "bob", ClientIP: netip.MustParseAddr("127.0.0.2")}), unauthenticated},
		{"unbound at an IP location", "/ip/", mIP, cookie(authtkt.Ticket{UserID: "bob"}), unauthenticated},
		{"bound at an IgnoreIP location", "/tokens/", mTokens,
			cookie(authtkt.Ticket{UserID: "bob", ClientIP: loopback, Tokens: []string{"admin"}}), unauthenticated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			av, auser, _ := apacheVerdict(t, port, tt.path, tt.cookie)
			mv, muser, _ := middlewareVerdict(t, tt.m, tt.cookie)
			if av != tt.want || mv != tt.want || auser != muser {
				t.Fatalf("Apache: %d %q, middleware: %d %q, want %d", av, auser, mv, muser, tt.want)
			}
		})
	}

	t.Run("Apache accepts what Login and a refresh set", func(t *testing.T) {
		cfg := tokens
		cfg.NoRefresh = false
		m, err := New(f, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		w := httptest.NewRecorder()
		if err := m.Login(w, httptest.NewRequest("POST", "/login", nil),
			authtkt.Ticket{UserID: "carol", Tokens: []string{"finance"}, IssuedAt: clock.Add(-50 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		login, _ := refreshed(t, w.Result())
		v, user, ours := middlewareVerdict(t, m, login)
		if v != granted || user != "carol" || ours == "" || ours == login {
			t.Fatalf("middleware: %d %q, refreshed %q", v, user, ours)
		}
		for _, c := range []string{login, ours} {
			if v, user, _ := apacheVerdict(t, port, "/tokens/", c); v != granted || user != "carol" {
				t.Errorf("Apache: %d %q for %q", v, user, c)
			}
		}
	})

	t.Run("the middleware accepts what Apache refreshes", func(t *testing.T) {
		old := cookie(authtkt.Ticket{UserID: "dave", IssuedAt: clock.Add(-10 * time.Minute), Tokens: []string{"admin"}})
		v, user, theirs := apacheVerdict(t, port, "/refresh/", old)
		if v != granted || user != "dave" || theirs == "" || theirs == old {
			t.Fatalf("Apache: %d %q, refreshed %q", v, user, theirs)
		}
		if v, user, _ := middlewareVerdict(t, mTokens, theirs); v != granted || user != "dave" {
			t.Errorf("middleware: %d %q", v, user)
		}
	})
}
