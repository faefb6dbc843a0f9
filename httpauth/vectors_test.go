package httpauth

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/testvectors"
)

// modAuthTktVectors is testvectors/mod_auth_tkt_vectors.json: tickets the
// real Apache mod_auth_tkt accepted, with what it set as REMOTE_USER,
// REMOTE_USER_TOKENS and REMOTE_USER_DATA.
type modAuthTktVectors struct {
	Source      string   `json:"source"`
	FormatNotes []string `json:"format_notes"`
	Vectors     []struct {
		DigestType    string `json:"digest_type"`
		Secret        string `json:"secret"`
		UID           string `json:"uid"`
		IP            string `json:"ip"`
		TS            int64  `json:"ts"`
		Tokens        string `json:"tokens"`
		UserData      string `json:"user_data"`
		IPTStampHex   string `json:"iptstamp_hex"`
		Digest0Hex    string `json:"digest0_hex"`
		DigestHex     string `json:"digest_hex"`
		Ticket        string `json:"ticket"`
		CookieBase64  string `json:"cookie_base64"`
		Location      string `json:"apache_location"`
		StatusBase64  int    `json:"apache_status_base64_cookie"`
		StatusRaw     int    `json:"apache_status_raw_cookie"`
		RemoteUser    string `json:"apache_REMOTE_USER"`
		RemoteTokens  string `json:"apache_REMOTE_USER_TOKENS"`
		RemoteUserDat string `json:"apache_REMOTE_USER_DATA"`
	} `json:"vectors"`
}

// TestApacheVectors puts the cookies Apache accepted through the
// middleware, configured as Apache was (TKTAuthTimeout 0, IgnoreIP for the
// 0.0.0.0 tickets, the client on 127.0.0.1), and checks that the handler
// sees what Apache put in REMOTE_USER, REMOTE_USER_TOKENS and
// REMOTE_USER_DATA.
func TestApacheVectors(t *testing.T) {
	var file modAuthTktVectors
	if err := testvectors.Load("mod_auth_tkt_vectors.json", &file); err != nil {
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
			want := v.RemoteUser + "|" + v.RemoteTokens + "|" + v.RemoteUserDat
			for _, c := range []struct {
				form, cookie string
				status       int
			}{{"base64", v.CookieBase64, v.StatusBase64}, {"raw", v.Ticket, v.StatusRaw}} {
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
