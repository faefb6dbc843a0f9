package httpauth

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/testvectors"
)

// TestApacheVectors puts the cookies Apache accepted through the
// middleware, configured as Apache was (TKTAuthTimeout 0, IgnoreIP for the
// 0.0.0.0 tickets, the client on 127.0.0.1), and checks that the handler
// sees what Apache put in REMOTE_USER, REMOTE_USER_TOKENS and
// REMOTE_USER_DATA.
func TestApacheVectors(t *testing.T) {
	file, err := testvectors.LoadModAuthTkt()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range file.Vectors {
		t.Run(fmt.Sprintf("%d-%s-%s", i, v.DigestType, v.IP), func(t *testing.T) {
			f, err := authtkt.New([]byte(v.Secret), &authtkt.Config{Format: authtkt.ModAuthTkt,
				Hash: strings.ToLower(v.DigestType), Timeout: authtkt.NoTimeout,
				Now: func() time.Time { return time.Unix(v.TS, 0).Add(400 * 24 * time.Hour) }})
			if err != nil {
				t.Fatal(err)
			}
			m, err := New(f, &Config{IgnoreIP: v.IP == "0.0.0.0", Now: clock})
			if err != nil {
				t.Fatal(err)
			}
			want := v.ApacheRemoteUser + "|" + v.ApacheRemoteUserToken + "|" + v.ApacheRemoteUserData
			for _, c := range []struct {
				form, cookie string
				status       int
			}{{"base64", v.CookieBase64, v.ApacheStatusBase64}, {"raw", v.Ticket, v.ApacheStatusRaw}} {
				form := c.form
				resp := exchange{cookie: "auth_tkt=" + c.cookie, remote: "127.0.0.1:40000"}.do(m.Handler(whoami))
				if got := body(t, resp); resp.StatusCode != c.status || got != want {
					t.Errorf("%s cookie: %d %q; Apache: %d %q", form, resp.StatusCode, got, c.status, want)
				}
				if c := resp.Cookies(); len(c) != 0 {
					t.Errorf("%s cookie: a ticket without timeout was refreshed", form)
				}
			}
		})
	}
}
