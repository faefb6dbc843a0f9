package authtkt_test

import (
	"errors"
	"fmt"
	"net/netip"
	"time"

	"github.com/gotickets/tickets/authtkt"
)

// A ticket_auth ticket bound to an IPv6 client, as ticket_auth 0.1.4 makes it.
func Example_ticketAuth() {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	f, err := authtkt.New([]byte("secret"), &authtkt.Config{
		Hash: "sha256",
		Now:  func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	client := netip.MustParseAddr("2001:db8::1")
	tkt, err := f.NewTicket(authtkt.Ticket{
		UserID:     "bob",
		ValidUntil: time.Unix(4102444800, 0),
		ClientIP:   client,
		Tokens:     []string{"admin", "editor"},
		UserData:   "hello world",
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(tkt)

	info, err := f.Validate(tkt, client)
	if err != nil {
		panic(err)
	}
	fmt.Println(info.UserID, info.Tokens, info.UserData, info.ValidUntil)

	_, err = f.Validate(tkt, netip.MustParseAddr("2001:db8::2"))
	fmt.Println(errors.Is(err, authtkt.ErrDigest))
	// Output:
	// f1131951c2bc11ebfbea87d6f9758e540318c0d0ce602388c795d79170f68e15f4865700bob!admin,editor!hello%20world
	// bob [admin editor] hello world 2100-01-01 00:00:00 +0000 UTC
	// true
}

// A mod_auth_tkt ticket and its cookie, as Apache's mod_auth_tkt reads them.
func Example_modAuthTkt() {
	issued := time.Unix(1700000000, 0)
	now := issued.Add(30 * time.Minute)
	f, err := authtkt.New([]byte("test-secret-256"), &authtkt.Config{
		Format:  authtkt.ModAuthTkt,
		Hash:    "sha256", // TKTAuthDigestType SHA256
		Timeout: 2 * time.Hour,
		Now:     func() time.Time { return now },
	})
	if err != nil {
		panic(err)
	}
	client := netip.MustParseAddr("127.0.0.1")
	tkt, err := f.NewTicket(authtkt.Ticket{
		UserID:   "carol",
		IssuedAt: issued,
		ClientIP: client,
		Tokens:   []string{"a", "b"},
		UserData: "x!y",
	})
	if err != nil {
		panic(err)
	}
	cookie := authtkt.EncodeCookie(tkt)
	fmt.Println(tkt)
	fmt.Println(cookie)

	got, err := authtkt.DecodeCookie(cookie)
	if err != nil {
		panic(err)
	}
	info, err := f.Validate(got, client)
	if err != nil {
		panic(err)
	}
	fmt.Println(info.UserID, info.Tokens, info.UserData, info.ValidUntil)

	now = issued.Add(3 * time.Hour)
	_, err = f.Validate(got, client)
	var expired *authtkt.ExpiredError
	fmt.Println(errors.As(err, &expired), expired.ValidUntil)
	// Output:
	// 62f153e53608c19fc19845c33e6eda8619213e0aa86ad79ec112bd183561879e6553f100carol!a,b!x!y
	// NjJmMTUzZTUzNjA4YzE5ZmMxOTg0NWMzM2U2ZWRhODYxOTIxM2UwYWE4NmFkNzllYzExMmJkMTgzNTYxODc5ZTY1NTNmMTAwY2Fyb2whYSxiIXgheQ==
	// carol [a b] x!y 2023-11-15 00:13:20 +0000 UTC
	// true 2023-11-15 00:13:20 +0000 UTC
}

// DecodeCookie reads every form of cookie value mod_auth_tkt accepts.
func ExampleDecodeCookie() {
	for _, v := range []string{
		"YjMzNTEzZTYyYjU3NjlhZWM1NDRkNDJlNjNiN2MwOWQ2NTUzZjEwMGFsaWNlIQ==", // base64
		"b33513e62b5769aec544d42e63b7c09d6553f100alice!",                   // raw
		"b33513e62b5769aec544d42e63b7c09d6553f100alice%21",                 // URL-escaped
		`"b33513e62b5769aec544d42e63b7c09d6553f100alice!"`,                 // quoted
	} {
		tkt, err := authtkt.DecodeCookie(v)
		fmt.Println(tkt, err)
	}
	// Output:
	// b33513e62b5769aec544d42e63b7c09d6553f100alice! <nil>
	// b33513e62b5769aec544d42e63b7c09d6553f100alice! <nil>
	// b33513e62b5769aec544d42e63b7c09d6553f100alice! <nil>
	// b33513e62b5769aec544d42e63b7c09d6553f100alice! <nil>
}
