package httpauth_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"time"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/httpauth"
	"github.com/gotickets/tickets/sts"
)

// A Go service behind the same login as an Apache mod_auth_tkt site
// (TKTAuthSecret, TKTAuthDigestType SHA256, TKTAuthToken admin).
func ExampleNew() {
	clock := func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	f, err := authtkt.New([]byte("shared secret"), &authtkt.Config{
		Format: authtkt.ModAuthTkt, Hash: "sha256", Now: clock})
	if err != nil {
		panic(err)
	}
	m, err := httpauth.New(f, &httpauth.Config{
		LoginURL: "https://login.example/",
		Tokens:   []string{"admin"},
		Now:      clock,
	})
	if err != nil {
		panic(err)
	}
	admin := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info, _ := httpauth.FromContext(r.Context())
		fmt.Fprintf(w, "hello %s", info.UserID)
	}))

	// Without a ticket: off to the login page.
	r := httptest.NewRequest("GET", "https://app.example/admin/?page=2", nil)
	w := httptest.NewRecorder()
	admin.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get("Location"))

	// The login page (here, this service) sets the cookie.
	w = httptest.NewRecorder()
	if err := m.Login(w, r, authtkt.Ticket{UserID: "alice", Tokens: []string{"admin"}}); err != nil {
		panic(err)
	}
	cookie := w.Result().Cookies()[0]

	r = httptest.NewRequest("GET", "https://app.example/admin/?page=2", nil)
	r.AddCookie(cookie)
	w = httptest.NewRecorder()
	admin.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body)
	// Output:
	// 303 https://login.example/?back=https%3A%2F%2Fapp.example%2Fadmin%2F%3Fpage%3D2
	// 200 hello alice
}

// sts tickets carry the application's data; here a user name, bound to
// the client address through Config.Entropy.
func ExampleNewSTS() {
	clock := func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	key := make([]byte, sts.KeySize) // use sts.GenerateKey
	svc, err := sts.New(key, &sts.Config{Encrypt: true, Now: clock})
	if err != nil {
		panic(err)
	}
	m, err := httpauth.NewSTS(svc, &httpauth.Config{
		Entropy: func(_ *http.Request, ip netip.Addr) []byte { return ip.AsSlice() },
		Now:     clock,
	})
	if err != nil {
		panic(err)
	}
	app := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t, _ := httpauth.STSFromContext(r.Context())
		var user string
		if err := t.Decode(&user); err != nil {
			http.Error(w, "bad ticket data", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "hello %s, until %s", user, t.ExpiresAt.Format(time.Kitchen))
	}))

	login := httptest.NewRequest("POST", "/login", nil)
	login.RemoteAddr = "192.0.2.1:1234"
	w := httptest.NewRecorder()
	if err := m.Login(w, login, "alice"); err != nil {
		panic(err)
	}
	cookie := w.Result().Cookies()[0]

	for _, from := range []string{"192.0.2.1:1235", "198.51.100.9:80"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = from
		r.AddCookie(cookie)
		w := httptest.NewRecorder()
		app.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Body)
	}
	// Output:
	// 200 hello alice, until 12:20PM
	// 401 Unauthorized
}

// Behind a reverse proxy, trust X-Forwarded-For from the proxy only.
func ExampleMiddleware_ClientIP() {
	f, err := authtkt.New([]byte("secret"), nil)
	if err != nil {
		panic(err)
	}
	m, err := httpauth.New(f, &httpauth.Config{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")},
	})
	if err != nil {
		panic(err)
	}
	for _, remote := range []string{"10.1.2.3:443", "203.0.113.9:443"} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", "192.0.2.66, 198.51.100.7, 10.9.9.9")
		ip, err := m.ClientIP(r)
		fmt.Println(ip, err)
	}
	// Output:
	// 198.51.100.7 <nil>
	// 203.0.113.9 <nil>
}
