package authtkt_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/authtkt"
)

var (
	t0     = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	v4     = netip.MustParseAddr("192.0.2.1")
	v6     = netip.MustParseAddr("2001:db8::1")
	mapped = netip.MustParseAddr("::ffff:192.0.2.1")
)

func clock(t time.Time) func() time.Time { return func() time.Time { return t } }

func newFactory(t testing.TB, secret string, cfg authtkt.Config) *authtkt.Factory {
	t.Helper()
	f, err := authtkt.New([]byte(secret), &cfg)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// ticket_auth's own test suite (tests/test_ticket_factory.py), SEEDS 2.6.
func TestTicketAuthOriginalSuite(t *testing.T) {
	f := newFactory(t, "secret", authtkt.Config{Now: clock(time.Unix(0, 0))})
	mk := func(tk authtkt.Ticket) string {
		t.Helper()
		if tk.ValidUntil.IsZero() {
			tk.ValidUntil = time.Unix(1000, 0)
		}
		s, err := f.NewTicket(tk)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	t.Run("validation", func(t *testing.T) {
		info, err := f.Validate(mk(authtkt.Ticket{UserID: "aUserEmail@test.com"}), netip.Addr{})
		if err != nil || info.UserID != "aUserEmail@test.com" {
			t.Fatalf("Validate = %+v, %v", info, err)
		}
	})
	t.Run("expiration", func(t *testing.T) {
		tkt := mk(authtkt.Ticket{UserID: "u", ValidUntil: time.Unix(500, 0)})
		at := func(now int64) error {
			_, err := newFactory(t, "secret", authtkt.Config{Now: clock(time.Unix(now, 0))}).Validate(tkt, netip.Addr{})
			return err
		}
		if err := at(499); err != nil {
			t.Errorf("at 499: %v", err)
		}
		if err := at(500); !errors.Is(err, authtkt.ErrExpired) {
			t.Errorf("at 500: %v, want ErrExpired", err)
		}
	})
	t.Run("unusual_user_ids", func(t *testing.T) {
		for _, uid := range []string{"us!er! ", ""} {
			info, err := f.Validate(mk(authtkt.Ticket{UserID: uid}), netip.Addr{})
			if err != nil || info.UserID != uid {
				t.Errorf("%q: Validate = %+v, %v", uid, info, err)
			}
		}
	})
	t.Run("different_digests", func(t *testing.T) {
		other := newFactory(t, "another secret", authtkt.Config{Now: clock(time.Unix(0, 0))})
		if _, err := other.Validate(mk(authtkt.Ticket{UserID: "u"}), netip.Addr{}); !errors.Is(err, authtkt.ErrDigest) {
			t.Errorf("Validate = %v, want ErrDigest", err)
		}
	})
	t.Run("tokens", func(t *testing.T) {
		tokens := []string{" ", "token2,same token", "token!othertoken"}
		info, err := f.Validate(mk(authtkt.Ticket{UserID: "u", Tokens: tokens}), netip.Addr{})
		if err != nil || !slices.Equal(info.Tokens, tokens) {
			t.Errorf("Validate = %+v, %v", info, err)
		}
	})
	t.Run("ip_address", func(t *testing.T) {
		ip := netip.MustParseAddr("10.0.0.1")
		tkt := mk(authtkt.Ticket{UserID: "u", ClientIP: ip})
		if _, err := f.Validate(tkt, netip.MustParseAddr("10.0.0.1")); err != nil {
			t.Errorf("same ip: %v", err)
		}
		for _, other := range []netip.Addr{{}, netip.MustParseAddr("10.0.0.2")} {
			if _, err := f.Validate(tkt, other); !errors.Is(err, authtkt.ErrDigest) {
				t.Errorf("ip %v: %v, want ErrDigest", other, err)
			}
		}
	})
}

var hashes = []struct {
	name   string
	hexLen int
}{
	{"md5", 32}, {"sha1", 40}, {"sha224", 56}, {"sha256", 64}, {"sha384", 96}, {"sha512", 128},
	{"sha3_224", 56}, {"sha3_256", 64}, {"sha3_384", 96}, {"sha3_512", 128}, {"blake2b", 128}, {"blake2s", 64},
}

// TestTicketAuthRoundTrip makes and validates tickets with every hash,
// address kind and awkward field; the byte-level truth is in the vectors.
func TestTicketAuthRoundTrip(t *testing.T) {
	fields := []authtkt.Ticket{
		{UserID: "alice"},
		{UserID: "", Tokens: nil, UserData: ""},
		{UserID: "jürgen 日本 😀", Tokens: []string{"日本", "a,b", "t!k", "%41", " "}, UserData: "x!y%z\x00\n"},
		{UserID: "us!er,%", Tokens: []string{"", "b"}, UserData: "~/.-_"},
	}
	for _, h := range hashes {
		f := newFactory(t, "secret", authtkt.Config{Hash: h.name, Now: clock(t0)})
		for _, ip := range []netip.Addr{{}, v4, v6, mapped} {
			for _, tk := range fields {
				tk.ClientIP = ip
				tk.ValidUntil = t0.Add(time.Hour)
				tkt, err := f.NewTicket(tk)
				if err != nil {
					t.Fatalf("%s: NewTicket(%+v): %v", h.name, tk, err)
				}
				if !isLowerHex(tkt[:h.hexLen]) || !strings.HasPrefix(tkt[h.hexLen:], fmt.Sprintf("%08x", tk.ValidUntil.Unix())) {
					t.Fatalf("%s: ticket %q: want %d hex digits then the expiry", h.name, tkt, h.hexLen)
				}
				info, err := f.Validate(tkt, ip)
				if err != nil {
					t.Fatalf("%s %v: Validate(%q): %v", h.name, ip, tkt, err)
				}
				wantTokens := tk.Tokens
				if len(wantTokens) == 1 && wantTokens[0] == "" {
					wantTokens = nil // ticket_auth loses a lone empty token
				}
				if info.UserID != tk.UserID || info.UserData != tk.UserData || !slices.Equal(info.Tokens, wantTokens) ||
					!info.ValidUntil.Equal(tk.ValidUntil) || info.Digest != tkt[:h.hexLen] {
					t.Errorf("%s: Validate = %+v, want %+v", h.name, info, tk)
				}
				// The address is bound: any other one fails, and the
				// mapped form is not the IPv4 form (as in ticket_auth).
				for _, other := range []netip.Addr{{}, v4, v6, mapped} {
					if other == ip || (!ip.IsValid() && other == netip.IPv4Unspecified()) {
						continue
					}
					if _, err := f.Validate(tkt, other); !errors.Is(err, authtkt.ErrDigest) {
						t.Errorf("%s: ticket for %v validated with %v: %v", h.name, ip, other, err)
					}
				}
			}
		}
	}
}

func isLowerHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !('0' <= s[i] && s[i] <= '9' || 'a' <= s[i] && s[i] <= 'f') {
			return false
		}
	}
	return true
}

func TestModAuthTktRoundTrip(t *testing.T) {
	fields := []authtkt.Ticket{
		{UserID: "alice"},
		{UserID: ""},
		{UserID: "jürgen 日本", Tokens: []string{"a", "日本", "x y"}, UserData: "x!y z,"},
		{UserID: "u", UserData: "data, only%21"},
		{UserID: "u", Tokens: []string{"t"}, UserData: "!!"},
	}
	for _, h := range []struct {
		name   string
		hexLen int
	}{{"md5", 32}, {"sha256", 64}, {"SHA512", 128}} {
		f := newFactory(t, "secret", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: h.name, Now: clock(t0)})
		for _, ip := range []netip.Addr{{}, v4, mapped} {
			for _, tk := range fields {
				tk.ClientIP = ip
				tkt, err := f.NewTicket(tk) // IssuedAt zero: now
				if err != nil {
					t.Fatalf("%s: NewTicket(%+v): %v", h.name, tk, err)
				}
				if !isLowerHex(tkt[:h.hexLen]) || !strings.HasPrefix(tkt[h.hexLen:], fmt.Sprintf("%08x%s!", t0.Unix(), tk.UserID)) {
					t.Fatalf("%s: ticket %q", h.name, tkt)
				}
				info, err := f.Validate(tkt, ip)
				if err != nil {
					t.Fatalf("%s %v: Validate(%q): %v", h.name, ip, tkt, err)
				}
				if info.UserID != tk.UserID || info.UserData != tk.UserData || !slices.Equal(info.Tokens, tk.Tokens) ||
					!info.IssuedAt.Equal(t0) || !info.ValidUntil.Equal(t0.Add(authtkt.DefaultTimeout)) {
					t.Errorf("%s: Validate = %+v, want %+v", h.name, info, tk)
				}
				// A mapped address is the IPv4 client for mod_auth_tkt.
				for _, other := range []netip.Addr{{}, v4, netip.MustParseAddr("192.0.2.2")} {
					if other == ip.Unmap() {
						continue
					}
					if _, err := f.Validate(tkt, other); !errors.Is(err, authtkt.ErrDigest) {
						t.Errorf("%s: ticket for %v validated with %v: %v", h.name, ip, other, err)
					}
				}
				if _, err := f.Validate(tkt, v6); !errors.Is(err, authtkt.ErrUnsupported) {
					t.Errorf("%s: IPv6 client: %v, want ErrUnsupported", h.name, err)
				}
			}
		}
	}
}

func TestNewTicketRefuses(t *testing.T) {
	ta := newFactory(t, "secret", authtkt.Config{Now: clock(t0)})
	mat := newFactory(t, "secret", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "md5", Now: clock(t0)})
	for _, tc := range []struct {
		name string
		f    *authtkt.Factory
		t    authtkt.Ticket
	}{
		{"ticket_auth: IssuedAt", ta, authtkt.Ticket{IssuedAt: t0}},
		{"ticket_auth: negative time", ta, authtkt.Ticket{ValidUntil: time.Unix(-1, 0)}},
		{"ticket_auth: time >= 2^32", ta, authtkt.Ticket{ValidUntil: time.Unix(1<<32, 0)}},
		{"ticket_auth: non-UTF-8 uid", ta, authtkt.Ticket{UserID: "\xff", ValidUntil: t0}},
		{"ticket_auth: non-UTF-8 token", ta, authtkt.Ticket{Tokens: []string{"\xc3"}, ValidUntil: t0}},
		{"ticket_auth: too long", ta, authtkt.Ticket{UserData: strings.Repeat(" ", authtkt.MaxTicketLen/3), ValidUntil: t0}},
		{"mod_auth_tkt: ValidUntil", mat, authtkt.Ticket{ValidUntil: t0}},
		{"mod_auth_tkt: IPv6", mat, authtkt.Ticket{ClientIP: v6}},
		{"mod_auth_tkt: '!' in uid", mat, authtkt.Ticket{UserID: "a!b"}},
		{"mod_auth_tkt: NUL in uid", mat, authtkt.Ticket{UserID: "a\x00"}},
		{"mod_auth_tkt: ',' in token", mat, authtkt.Ticket{Tokens: []string{"a,b"}}},
		{"mod_auth_tkt: '!' in token", mat, authtkt.Ticket{Tokens: []string{"a!b"}}},
		{"mod_auth_tkt: empty token", mat, authtkt.Ticket{Tokens: []string{""}}},
		{"mod_auth_tkt: NUL in data", mat, authtkt.Ticket{UserData: "\x00"}},
		{"mod_auth_tkt: '!' in data without tokens", mat, authtkt.Ticket{UserData: "a!b"}},
		{"mod_auth_tkt: negative time", mat, authtkt.Ticket{IssuedAt: time.Unix(-5, 0)}},
		{"mod_auth_tkt: time >= 2^32", mat, authtkt.Ticket{IssuedAt: time.Unix(1<<32, 0)}},
		{"mod_auth_tkt: too long", mat, authtkt.Ticket{UserData: strings.Repeat(" ", authtkt.MaxTicketLen)}},
	} {
		if s, err := tc.f.NewTicket(tc.t); !errors.Is(err, authtkt.ErrUnsupported) {
			t.Errorf("%s: NewTicket = %q, %v; want ErrUnsupported", tc.name, s, err)
		}
	}
	// What ticket_auth accepts: the past, time 0 and 2^32-1, a zero
	// ValidUntil meaning now + 120 s.
	for _, vu := range []time.Time{time.Unix(0, 0), time.Unix(1<<32-1, 0), t0.Add(-time.Hour)} {
		if _, err := ta.NewTicket(authtkt.Ticket{ValidUntil: vu}); err != nil {
			t.Errorf("ValidUntil %v: %v", vu, err)
		}
	}
	tkt, err := ta.NewTicket(authtkt.Ticket{UserID: "u"})
	if err != nil {
		t.Fatal(err)
	}
	if info, err := ta.Validate(tkt, netip.Addr{}); err != nil || !info.ValidUntil.Equal(t0.Add(authtkt.DefaultLifetime)) {
		t.Errorf("default lifetime: %+v, %v", info, err)
	}
}

func TestNewRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		secret string
		cfg    authtkt.Config
	}{
		{"empty secret", "", authtkt.Config{}},
		{"unknown hash", "s", authtkt.Config{Hash: "sha-256"}},
		{"ripemd160", "s", authtkt.Config{Hash: "ripemd160"}},
		{"ticket_auth with Timeout", "s", authtkt.Config{Timeout: time.Hour}},
		{"unknown format", "s", authtkt.Config{Format: 7}},
		{"mod_auth_tkt without hash", "s", authtkt.Config{Format: authtkt.ModAuthTkt}},
		{"mod_auth_tkt sha1", "s", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "sha1"}},
		{"mod_auth_tkt NUL in secret", "a\x00b", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "md5"}},
		{"mod_auth_tkt sub-second timeout", "s", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "md5", Timeout: 1500 * time.Millisecond}},
		{"mod_auth_tkt negative timeout", "s", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "md5", Timeout: -time.Second}},
		{"mod_auth_tkt timeout > int32", "s", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "md5", Timeout: (1 << 31) * time.Second}},
	} {
		if f, err := authtkt.New([]byte(tc.secret), &tc.cfg); err == nil {
			t.Errorf("%s: New = %v, want an error", tc.name, f)
		}
	}
	f, err := authtkt.New([]byte("s"), nil)
	if err != nil || f.Format() != authtkt.TicketAuth || f.Hash() != "sha512" || f.Timeout() != 0 {
		t.Errorf("defaults: %v, %v", f, err)
	}
	for _, tc := range []struct {
		in, want time.Duration
	}{{0, authtkt.DefaultTimeout}, {authtkt.NoTimeout, authtkt.NoTimeout}, {time.Minute, time.Minute}} {
		f := newFactory(t, "s", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "SHA256", Timeout: tc.in})
		if f.Timeout() != tc.want || f.Hash() != "sha256" || f.Format().String() != "mod_auth_tkt" {
			t.Errorf("Timeout %v: got %v, %s, %v", tc.in, f.Timeout(), f.Hash(), f.Format())
		}
	}
}

// TestModAuthTktTimeout checks the module's rule, valid while
// ts + timeout >= now in unsigned 32-bit seconds.
func TestModAuthTktTimeout(t *testing.T) {
	mk := newFactory(t, "s", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "md5"})
	for _, tc := range []struct {
		name    string
		timeout time.Duration
		ts, now int64
		nanos   int64
		expired bool
	}{
		{"fresh", 60 * time.Second, 1000, 1000, 0, false},
		{"last second", 60 * time.Second, 1000, 1060, 999999999, false},
		{"one past", 60 * time.Second, 1000, 1061, 0, true},
		{"default 2h, inside", 0, 1000, 1000 + 7200, 0, false},
		{"default 2h, past", 0, 1000, 1000 + 7201, 0, true},
		{"future timestamp", 60 * time.Second, 4102444800, 1000, 0, false},
		{"ts + timeout wraps", 7200 * time.Second, 1<<32 - 100, 1<<32 - 200, 0, true},
		{"never", authtkt.NoTimeout, 0, 4000000000, 0, false},
	} {
		tkt, err := mk.NewTicket(authtkt.Ticket{UserID: "u", IssuedAt: time.Unix(tc.ts, 0)})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Unix(tc.now, tc.nanos)
		f := newFactory(t, "s", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "md5", Timeout: tc.timeout, Now: clock(now)})
		info, err := f.Validate(tkt, netip.Addr{})
		var ee *authtkt.ExpiredError
		switch {
		case tc.expired && (!errors.Is(err, authtkt.ErrExpired) || !errors.As(err, &ee)):
			t.Errorf("%s: Validate = %v, want ErrExpired", tc.name, err)
		case tc.expired && (ee.IssuedAt.Unix() != tc.ts || !ee.Now.Equal(now) || !ee.ValidUntil.Before(now)):
			t.Errorf("%s: ExpiredError = %+v", tc.name, ee)
		case !tc.expired && err != nil:
			t.Errorf("%s: Validate = %v", tc.name, err)
		case !tc.expired && tc.timeout == authtkt.NoTimeout && !info.ValidUntil.IsZero():
			t.Errorf("%s: ValidUntil = %v, want zero", tc.name, info.ValidUntil)
		}
	}
}

// TestTicketInfoFormatting checks that printing a TicketInfo, as a handler
// logging what the middleware gave it might, does not print its digest.
func TestTicketInfoFormatting(t *testing.T) {
	for _, cfg := range []authtkt.Config{{Now: clock(t0)}, {Format: authtkt.ModAuthTkt, Hash: "sha256", Now: clock(t0)}} {
		f := newFactory(t, "secret", cfg)
		var vu time.Time
		if cfg.Format == authtkt.TicketAuth {
			vu = t0.Add(time.Hour)
		}
		tkt, err := f.NewTicket(authtkt.Ticket{UserID: "alice", ValidUntil: vu, Tokens: []string{"a", "b"}, UserData: "d"})
		if err != nil {
			t.Fatal(err)
		}
		info, err := f.Validate(tkt, netip.Addr{})
		if err != nil {
			t.Fatal(err)
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			got := fmt.Sprintf(verb, info)
			if strings.Contains(got, info.Digest[:16]) || !strings.Contains(got, `"alice"`) || !strings.Contains(got, `["a" "b"]`) {
				t.Errorf("%v: %s gives %s", cfg.Format, verb, got)
			}
		}
	}
	if got := fmt.Sprint((*authtkt.TicketInfo)(nil)); got != "<nil>" {
		t.Errorf("nil TicketInfo prints %q", got)
	}
}

// TestStrictLenient checks mod_auth_tkt respellings; the Apache test checks
// the lenient verdicts against the real module.
func TestStrictLenient(t *testing.T) {
	strict := newFactory(t, "test-secret", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "sha256", Timeout: authtkt.NoTimeout})
	lenient := newFactory(t, "test-secret", authtkt.Config{Format: authtkt.ModAuthTkt, Hash: "sha256", Timeout: authtkt.NoTimeout, Lenient: true})
	for _, sp := range modAuthTktSpellings(t, strict, "test-secret") {
		_, errS := strict.Validate(sp.ticket, netip.Addr{})
		_, errL := lenient.Validate(sp.ticket, netip.Addr{})
		if !errors.Is(errS, sp.strict) || !errors.Is(errL, sp.lenient) {
			t.Errorf("%s (%q): strict %v, lenient %v; want %v, %v", sp.name, sp.ticket, errS, errL, sp.strict, sp.lenient)
		}
	}
}

// modAuthTktSHA256 is mod_auth_tkt's digest with SHA-256 and no address,
// computed here from TICKET_FORMATS.md, for tickets NewTicket refuses to
// make: hex(H(hex(H(0.0.0.0 || ts || secret || uid || NUL || tokens || NUL
// || data)) || secret)).
func modAuthTktSHA256(secret string, ts uint32, uid, tokens, data string) string {
	in := binary.BigEndian.AppendUint32(make([]byte, 4), ts)
	in = append(in, secret+uid+"\x00"+tokens+"\x00"+data...)
	d0 := sha256.Sum256(in)
	d := sha256.Sum256(append([]byte(hex.EncodeToString(d0[:])), secret...))
	return hex.EncodeToString(d[:])
}

type spelling struct {
	name            string
	ticket          string
	strict, lenient error // nil: accepted
}

// modAuthTktSpellings respells valid tickets of f (sha256, no IP binding,
// secret as given). Respellings that keep the hashed fields keep the digest
// valid.
func modAuthTktSpellings(t testing.TB, f *authtkt.Factory, secret string) []spelling {
	t.Helper()
	mk := func(tk authtkt.Ticket) string {
		tk.IssuedAt = time.Unix(0x6553f100, 0)
		s, err := f.NewTicket(tk)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	plain := mk(authtkt.Ticket{UserID: "alice"})
	withTok := mk(authtkt.Ticket{UserID: "alice", Tokens: []string{"a", "b"}, UserData: "d"})
	shortTS := mk(authtkt.Ticket{UserID: "0alice"})
	shortTS = strings.Replace(shortTS, "6553f1000alice", " 6553f10"+"0alice", 1) // sscanf reads "6553f100"
	dg := plain[:64]
	return []spelling{
		{"canonical", plain, nil, nil},
		{"canonical with tokens", withTok, nil, nil},
		{"uppercase time", strings.Replace(plain, "6553f100", "6553F100", 1), authtkt.ErrParse, nil},
		{"time read past a leading space", shortTS, authtkt.ErrParse, nil},
		{"uppercase digest", strings.ToUpper(dg) + plain[64:], authtkt.ErrDigest, authtkt.ErrDigest},
		{"empty tokens section (the module's refresh writes it)", dg + "6553f100alice!!", nil, nil},
		{"empty token", modAuthTktSHA256(secret, 0x6553f100, "alice", "a,,b", "d") + "6553f100alice!a,,b!d", authtkt.ErrParse, nil},
		{"empty first token", modAuthTktSHA256(secret, 0x6553f100, "alice", ",b", "d") + "6553f100alice!,b!d", authtkt.ErrParse, nil},
		{"tampered uid", dg + "6553f100alicf!", authtkt.ErrDigest, authtkt.ErrDigest},
		{"other time", dg + "6553f101alice!", authtkt.ErrDigest, authtkt.ErrDigest},
		{"no separator", dg + "6553f100alice", authtkt.ErrParse, authtkt.ErrParse},
		{"separator inside the time", dg + "6553f!00alice", authtkt.ErrParse, authtkt.ErrParse},
		{"too short", dg[:40] + "!", authtkt.ErrParse, authtkt.ErrParse},
	}
}

func TestValidateNeverPanics(t *testing.T) {
	var inputs []string
	for _, s := range []string{"", "!", "!!", "!!!", "\x00", "%", "%%%", "-", "0x", strings.Repeat("!", 300),
		strings.Repeat("a", authtkt.MaxTicketLen+1), "\xff\xfe", "é"} {
		inputs = append(inputs, s)
		for _, n := range []int{32, 40, 56, 64, 96, 128} {
			inputs = append(inputs, strings.Repeat("0", n)+"-00001f4"+s, strings.Repeat("0", n)+s, strings.Repeat("f", n)+"        "+s)
		}
	}
	for _, cfg := range []authtkt.Config{
		{}, {Lenient: true}, {Hash: "md5"}, {Hash: "blake2s", Lenient: true},
		{Format: authtkt.ModAuthTkt, Hash: "md5"}, {Format: authtkt.ModAuthTkt, Hash: "sha512", Lenient: true},
	} {
		f := newFactory(t, "secret", cfg)
		for _, in := range inputs {
			for _, ip := range []netip.Addr{{}, v4, v6} {
				info, err := f.Validate(in, ip)
				if err == nil || info != nil {
					t.Errorf("%+v: Validate(%q) = %+v, %v", cfg, in, info, err)
				}
				if !errors.Is(err, authtkt.ErrParse) && !errors.Is(err, authtkt.ErrDigest) && !errors.Is(err, authtkt.ErrUnsupported) {
					t.Errorf("%+v: Validate(%q): unexpected error %v", cfg, in, err)
				}
			}
		}
	}
}

func TestDecodeCookie(t *testing.T) {
	const tkt = "b33513e62b5769aec544d42e63b7c09d6553f100alice!"
	const b64 = "YjMzNTEzZTYyYjU3NjlhZWM1NDRkNDJlNjNiN2MwOWQ2NTUzZjEwMGFsaWNlIQ=="
	for _, tc := range []struct {
		in, want string // want "": ErrParse
	}{
		{b64, tkt},
		{strings.TrimRight(b64, "="), tkt}, // APR reads up to the padding
		{b64 + "junk", tkt},
		{`"` + b64 + `"`, tkt},
		{tkt, tkt},
		{`"` + tkt + `"`, tkt},
		{`"` + tkt, tkt},
		{strings.Replace(tkt, "!", "%21", 1), tkt},
		{"b33513e62b5769aec544d42e63b7c09d6553f100al%69ce%21%zz", tkt + "%zz"},
		{"x%21%00y", "x!"}, // the module's C strings end at NUL
		{"data%21%2Fmore%2f", "data!/more/"},
		{"", ""},
		{`""`, ""},
		{"YWJj", ""}, // "abc": no '!'
		{"%2", ""},
		{"\x00!", ""},
	} {
		got, err := authtkt.DecodeCookie(tc.in)
		switch {
		case tc.want != "" && (err != nil || got != tc.want):
			t.Errorf("DecodeCookie(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		case tc.want == "" && !errors.Is(err, authtkt.ErrParse):
			t.Errorf("DecodeCookie(%q) = %q, %v; want ErrParse", tc.in, got, err)
		}
	}
	for _, s := range []string{tkt, "a!", "x!y\xff\x01 \"", strings.Repeat("!", 1000)} {
		if got, err := authtkt.DecodeCookie(authtkt.EncodeCookie(s)); err != nil || got != s {
			t.Errorf("round trip %q: %q, %v", s, got, err)
		}
	}
}

// TestSecretIsCopied: New keeps its own copy of the secret, so a caller
// that clears its slice afterwards (as it should) changes nothing.
func TestSecretIsCopied(t *testing.T) {
	now := time.Unix(0x6553f100, 0)
	for _, cfg := range []authtkt.Config{
		{Format: authtkt.TicketAuth, Hash: "sha256", Now: func() time.Time { return now }},
		{Format: authtkt.ModAuthTkt, Hash: "sha256", Now: func() time.Time { return now }},
	} {
		secret := []byte("a secret to clear")
		f, err := authtkt.New(secret, &cfg)
		if err != nil {
			t.Fatal(err)
		}
		tk := authtkt.Ticket{UserID: "alice", ClientIP: v4}
		if cfg.Format == authtkt.TicketAuth {
			tk.ValidUntil = now.Add(time.Hour)
		} else {
			tk.IssuedAt = now
		}
		before, err := f.NewTicket(tk)
		if err != nil {
			t.Fatal(err)
		}
		clear(secret)
		if _, err := f.Validate(before, v4); err != nil {
			t.Errorf("%v: a ticket made before the caller cleared its secret: %v", cfg.Format, err)
		}
		if after, err := f.NewTicket(tk); err != nil || after != before {
			t.Errorf("%v: NewTicket after the caller cleared its secret: %q, %v; want %q", cfg.Format, after, err, before)
		}
	}
}
