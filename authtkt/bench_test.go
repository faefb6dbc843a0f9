package authtkt

import (
	"crypto/sha256"
	"crypto/sha512"
	"net/netip"
	"testing"
	"time"
)

// The benchmarks use a typical ticket: an IPv4 binding, two tokens and a
// little user data. BenchmarkTwoHashes is the floor issue 7 measures
// Validate against: the two bare hashes of the same bytes Validate hashes.
//
//	go test -run '^$' -bench . -benchmem ./authtkt

var benchTicket = Ticket{
	UserID:   "alice@example.org",
	IssuedAt: time.Unix(1700000000, 0),
	ClientIP: netip.MustParseAddr("192.0.2.1"),
	Tokens:   []string{"admin", "finance"},
	UserData: "display name",
}

func benchFactories(b *testing.B) map[string]*Factory {
	now := func() time.Time { return time.Unix(1700000100, 0) }
	m := map[string]*Factory{}
	for _, h := range []string{"sha256", "sha512"} {
		ta, err := New([]byte("a 32-byte secret for benchmarks!"), &Config{Hash: h, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		mat, err := New([]byte("a 32-byte secret for benchmarks!"), &Config{Format: ModAuthTkt, Hash: h, Now: now})
		if err != nil {
			b.Fatal(err)
		}
		m["ticket_auth/"+h], m["mod_auth_tkt/"+h] = ta, mat
	}
	return m
}

func benchInput(f *Factory) Ticket {
	t := benchTicket
	if f.format == TicketAuth {
		t.IssuedAt, t.ValidUntil = time.Time{}, time.Unix(1700007200, 0)
	}
	return t
}

func BenchmarkNewTicket(b *testing.B) {
	for _, name := range []string{"ticket_auth/sha256", "ticket_auth/sha512", "mod_auth_tkt/sha256", "mod_auth_tkt/sha512"} {
		f := benchFactories(b)[name]
		t := benchInput(f)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.NewTicket(t); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkValidate(b *testing.B) {
	for _, name := range []string{"ticket_auth/sha256", "ticket_auth/sha512", "mod_auth_tkt/sha256", "mod_auth_tkt/sha512"} {
		f := benchFactories(b)[name]
		t := benchInput(f)
		tkt, err := f.NewTicket(t)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.Validate(tkt, t.ClientIP); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTwoHashes hashes what a ticket_auth Validate hashes: the inner
// input (data0, secret, data1) and then the raw inner digest with the
// secret, with no parsing, escaping or comparison.
func BenchmarkTwoHashes(b *testing.B) {
	f := benchFactories(b)["ticket_auth/sha256"]
	tkt, err := f.NewTicket(benchInput(f))
	if err != nil {
		b.Fatal(err)
	}
	inner := ticketAuthData0(nil, benchTicket.ClientIP, 1700007200)
	inner = append(inner, f.secret...)
	inner = appendFields(inner, tkt[64+8:], '!')
	b.Run("sha256", func(b *testing.B) {
		b.ReportAllocs()
		outer := make([]byte, 0, 64+len(f.secret))
		for b.Loop() {
			s := sha256.Sum256(inner)
			outer = append(append(outer[:0], s[:]...), f.secret...)
			sha256.Sum256(outer)
		}
	})
	b.Run("sha512", func(b *testing.B) {
		b.ReportAllocs()
		outer := make([]byte, 0, 64+len(f.secret))
		for b.Loop() {
			s := sha512.Sum512(inner)
			outer = append(append(outer[:0], s[:]...), f.secret...)
			sha512.Sum512(outer)
		}
	})
}
