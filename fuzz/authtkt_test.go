package fuzz

import (
	"encoding/hex"
	"errors"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/testvectors"
)

// authtktVectors seeds the corpus with the shared interop tickets and their
// secrets, so that mutations start from authentic tickets.
func authtktVectors(f *testing.F) (ta []authtktSeed, mat []authtktSeed) {
	taFile, err := testvectors.LoadTicketAuth()
	if err != nil {
		f.Fatal(err)
	}
	for _, v := range taFile.Vectors {
		secret, err := hex.DecodeString(v.SecretHex)
		if err != nil {
			f.Fatal(err)
		}
		ip := ""
		if v.ValidatedWithClientIP != nil {
			ip = *v.ValidatedWithClientIP
		}
		ta = append(ta, authtktSeed{string(secret), v.HashAlg, v.Ticket, ip})
	}
	matFile, err := testvectors.LoadModAuthTkt()
	if err != nil {
		f.Fatal(err)
	}
	for _, v := range matFile.Vectors {
		mat = append(mat, authtktSeed{v.Secret, v.DigestType, v.Ticket, v.IP})
	}
	return ta, mat
}

type authtktSeed struct{ secret, hash, ticket, ip string }

// checkAuthtkt validates ticket strictly and leniently and checks the
// invariants: no panic, only the package's errors, strict acceptance
// implies lenient acceptance with the same contents, and a strictly
// accepted ticket is exactly what NewTicket makes from its contents, or
// for mod_auth_tkt the module's refresh spelling of it ("uid!!data").
func checkAuthtkt(t *testing.T, format authtkt.Format, secret, hash, ticket, ipText string) {
	if secret == "" || strings.IndexByte(secret, 0) >= 0 {
		return
	}
	ip, _ := netip.ParseAddr(ipText) // a bad address is the zero Addr: no binding
	now := time.Unix(1700000000, 0)
	cfg := authtkt.Config{Format: format, Hash: hash, Now: func() time.Time { return now }}
	if format == authtkt.ModAuthTkt {
		cfg.Timeout = authtkt.NoTimeout
	}
	strict, err := authtkt.New([]byte(secret), &cfg)
	if err != nil {
		return // a hash name the format does not take
	}
	cfg.Lenient = true
	lenient, err := authtkt.New([]byte(secret), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	si, serr := strict.Validate(ticket, ip)
	li, lerr := lenient.Validate(ticket, ip)
	for _, err := range []error{serr, lerr} {
		if err != nil && !errors.Is(err, authtkt.ErrParse) && !errors.Is(err, authtkt.ErrDigest) &&
			!errors.Is(err, authtkt.ErrExpired) && !errors.Is(err, authtkt.ErrUnsupported) {
			t.Fatalf("Validate(%q): unexpected error %v", ticket, err)
		}
		if err != nil && strings.Contains(err.Error(), ticket) && len(ticket) > 8 {
			t.Fatalf("error %q repeats the ticket", err)
		}
	}
	if serr != nil {
		return
	}
	if lerr != nil || li.UserID != si.UserID || li.UserData != si.UserData || !slices.Equal(li.Tokens, si.Tokens) ||
		!li.ValidUntil.Equal(si.ValidUntil) || li.Digest != si.Digest {
		t.Fatalf("strict accepts %q as %+v, lenient gives %+v, %v", ticket, si, li, lerr)
	}
	tk := authtkt.Ticket{UserID: si.UserID, Tokens: si.Tokens, UserData: si.UserData,
		ValidUntil: si.ValidUntil, IssuedAt: si.IssuedAt, ClientIP: ip}
	if format == authtkt.ModAuthTkt {
		tk.ValidUntil = time.Time{} // the validator's Timeout, not the ticket's
	}
	again, err := strict.NewTicket(tk)
	if err != nil {
		t.Fatalf("strict accepts %q, but NewTicket of its contents fails: %v", ticket, err)
	}
	// The one other spelling strict takes: mod_auth_tkt's refresh of a
	// ticket without tokens writes an empty tokens section.
	refreshed := len(si.Tokens) == 0 && format == authtkt.ModAuthTkt &&
		ticket == strings.Replace(again, si.UserID+"!", si.UserID+"!!", 1)
	if again != ticket && !refreshed {
		t.Fatalf("strict accepts %q, but NewTicket of its contents gives %q", ticket, again)
	}
}

func FuzzAuthtktTicketAuthValidate(f *testing.F) {
	ta, _ := authtktVectors(f)
	for _, s := range ta {
		f.Add(s.secret, s.hash, s.ticket, s.ip)
		f.Add(s.secret, s.hash, strings.Replace(s.ticket, "user", "%75ser", 1), s.ip)
		f.Add(s.secret, s.hash, strings.Replace(s.ticket, "f4865700", "F4865700", 1), s.ip)
	}
	f.Fuzz(func(t *testing.T, secret, hash, ticket, ip string) {
		checkAuthtkt(t, authtkt.TicketAuth, secret, hash, ticket, ip)
	})
}

func FuzzAuthtktModAuthTktValidate(f *testing.F) {
	_, mat := authtktVectors(f)
	for _, s := range mat {
		f.Add(s.secret, s.hash, s.ticket, s.ip)
		f.Add(s.secret, s.hash, strings.Replace(s.ticket, "6553f100", " 6553F10", 1), s.ip)
		f.Add(s.secret, s.hash, strings.Replace(s.ticket, "!", "!!", 1), s.ip)
	}
	f.Fuzz(func(t *testing.T, secret, hash, ticket, ip string) {
		checkAuthtkt(t, authtkt.ModAuthTkt, secret, hash, ticket, ip)
	})
}

// FuzzAuthtktDecodeCookie checks that the cookie decoder never panics, only
// returns tickets (text with '!' and no NUL), never grows its input, and
// reads back what EncodeCookie writes.
func FuzzAuthtktDecodeCookie(f *testing.F) {
	_, mat := authtktVectors(f)
	for _, s := range mat {
		c := authtkt.EncodeCookie(s.ticket)
		f.Add(c)
		f.Add(`"` + c + `"`)
		f.Add(s.ticket)
		f.Add(strings.ReplaceAll(s.ticket, "!", "%21"))
	}
	f.Fuzz(func(t *testing.T, value string) {
		tkt, err := authtkt.DecodeCookie(value)
		if err != nil {
			if !errors.Is(err, authtkt.ErrParse) || tkt != "" {
				t.Fatalf("DecodeCookie(%q) = %q, %v", value, tkt, err)
			}
		} else if !strings.Contains(tkt, "!") || strings.IndexByte(tkt, 0) >= 0 || len(tkt) > len(value) {
			t.Fatalf("DecodeCookie(%q) = %q", value, tkt)
		}
		if strings.Contains(value, "!") && strings.IndexByte(value, 0) < 0 {
			got, err := authtkt.DecodeCookie(authtkt.EncodeCookie(value))
			if err != nil || got != value {
				t.Fatalf("DecodeCookie(EncodeCookie(%q)) = %q, %v", value, got, err)
			}
		}
	})
}

// FuzzAuthtktRoundTrip makes tickets from arbitrary fields: whatever
// NewTicket accepts must validate strictly with the same fields, and a
// ticket_auth ticket respelled with one needless escape must validate only
// leniently, to the same fields.
func FuzzAuthtktRoundTrip(f *testing.F) {
	f.Add(false, "alice", "admin", "finance", "display name", "192.0.2.1", uint32(1700000000), uint16(3))
	f.Add(false, "jürgen 日本", "a,b", "t!k", "x!y%z\x00", "2001:db8::1", uint32(4102444800), uint16(0))
	f.Add(true, "carol", "a", "b", "x!y", "127.0.0.1", uint32(1700000000), uint16(7))
	f.Add(true, "", "", "", "", "", uint32(0), uint16(1))
	f.Fuzz(func(t *testing.T, modAuthTkt bool, uid, tok1, tok2, data, ipText string, ts uint32, pos uint16) {
		now := time.Unix(int64(ts), 0)
		ip, _ := netip.ParseAddr(ipText)
		tk := authtkt.Ticket{UserID: uid, ClientIP: ip, UserData: data}
		if tok1 != "" || tok2 != "" {
			tk.Tokens = []string{tok1, tok2}
		}
		cfg := authtkt.Config{Hash: "sha256", Now: func() time.Time { return now }}
		if modAuthTkt {
			cfg.Format, cfg.Timeout, tk.IssuedAt = authtkt.ModAuthTkt, authtkt.NoTimeout, now
		} else {
			tk.ValidUntil = now.Add(time.Second)
		}
		strict, err := authtkt.New([]byte("fuzz secret"), &cfg)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Lenient = true
		lenient, err := authtkt.New([]byte("fuzz secret"), &cfg)
		if err != nil {
			t.Fatal(err)
		}
		tkt, err := strict.NewTicket(tk)
		if err != nil {
			if !errors.Is(err, authtkt.ErrUnsupported) {
				t.Fatalf("NewTicket(%+v): %v", tk, err)
			}
			return
		}
		info, err := strict.Validate(tkt, ip)
		if err != nil {
			t.Fatalf("Validate(NewTicket(%+v) = %q): %v", tk, tkt, err)
		}
		wantTokens := tk.Tokens
		if !modAuthTkt && len(wantTokens) == 1 && wantTokens[0] == "" {
			wantTokens = nil
		}
		if info.UserID != uid || info.UserData != data || !slices.Equal(info.Tokens, wantTokens) {
			t.Fatalf("Validate(NewTicket(%+v)) = %+v", tk, info)
		}
		if modAuthTkt {
			return
		}
		// Respell one safe byte of the fields as a lowercase escape.
		start := 64 + 8
		rest := tkt[start:]
		if len(rest) == 0 {
			return
		}
		k := int(pos) % len(rest)
		c := rest[k]
		inEscape := k >= 1 && rest[k-1] == '%' || k >= 2 && rest[k-2] == '%'
		if inEscape || !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return
		}
		respelled := tkt[:start+k] + "%" + strings.ToLower(hex.EncodeToString([]byte{c})) + tkt[start+k+1:]
		if _, err := strict.Validate(respelled, ip); !errors.Is(err, authtkt.ErrParse) {
			t.Fatalf("strict Validate(%q) = %v, want ErrParse", respelled, err)
		}
		li, err := lenient.Validate(respelled, ip)
		if err != nil || li.UserID != uid || li.UserData != data || !slices.Equal(li.Tokens, info.Tokens) {
			t.Fatalf("lenient Validate(%q) = %+v, %v", respelled, li, err)
		}
	})
}
