package fuzz

import (
	"encoding/hex"
	"encoding/json"
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
	var taFile struct {
		Vectors []struct {
			SecretHex string  `json:"secret_hex"`
			HashAlg   string  `json:"hashalg"`
			Ticket    string  `json:"ticket"`
			ClientIP  *string `json:"validated_with_client_ip"`
		} `json:"vectors"`
	}
	raw, err := testvectors.Raw("ticket_auth_vectors.json")
	if err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(raw, &taFile); err != nil {
		f.Fatal(err)
	}
	for _, v := range taFile.Vectors {
		secret, err := hex.DecodeString(v.SecretHex)
		if err != nil {
			f.Fatal(err)
		}
		ip := ""
		if v.ClientIP != nil {
			ip = *v.ClientIP
		}
		ta = append(ta, authtktSeed{string(secret), v.HashAlg, v.Ticket, ip})
	}
	var matFile struct {
		Vectors []struct {
			DigestType string `json:"digest_type"`
			Secret     string `json:"secret"`
			IP         string `json:"ip"`
			Ticket     string `json:"ticket"`
		} `json:"vectors"`
	}
	raw, err = testvectors.Raw("mod_auth_tkt_vectors.json")
	if err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(raw, &matFile); err != nil {
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
// accepted ticket is exactly what NewTicket makes from its contents (one
// ticket, one spelling).
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
	again, err := strict.NewTicket(authtkt.Ticket{UserID: si.UserID, Tokens: si.Tokens, UserData: si.UserData,
		ValidUntil: si.ValidUntil, IssuedAt: si.IssuedAt, ClientIP: ip})
	if format == authtkt.ModAuthTkt {
		again, err = strict.NewTicket(authtkt.Ticket{UserID: si.UserID, Tokens: si.Tokens, UserData: si.UserData,
			IssuedAt: si.IssuedAt, ClientIP: ip})
	}
	if err != nil || again != ticket {
		t.Fatalf("strict accepts %q, but NewTicket of its contents gives %q, %v", ticket, again, err)
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
