package sts

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotickets/tickets/sts/cipher"
)

func TestWrongBindings(t *testing.T) {
	for _, o := range allOptions() {
		s := newTestService(t, &Config{Session: []byte("session-a")})
		ticket, err := s.CreateTicketWith([]byte("data"), []byte("entropy"), o)
		if err != nil {
			t.Fatal(err)
		}
		otherKey, err := New(testKey(2), &Config{Session: []byte("session-a"), Now: fixedClock(testNow)})
		if err != nil {
			t.Fatal(err)
		}
		otherSession := newTestService(t, &Config{Session: []byte("session-b")})
		noSession := newTestService(t, &Config{})
		// The length prefixes keep session and entropy apart: moving a
		// byte from one to the other is a different MAC input.
		shifted := newTestService(t, &Config{Session: []byte("session-")})
		cases := []struct {
			name    string
			s       *Service
			entropy []byte
		}{
			{"other key", otherKey, []byte("entropy")},
			{"other session", otherSession, []byte("entropy")},
			{"no session", noSession, []byte("entropy")},
			{"session shifted into entropy", shifted, []byte("aentropy")},
			{"other entropy", s, []byte("entropx")},
			{"no entropy", s, nil},
			{"longer entropy", s, []byte("entropy\x00")},
		}
		for _, c := range cases {
			if _, err := c.s.ValidateTicket(ticket, c.entropy); !errors.Is(err, ErrInvalid) {
				t.Errorf("%v %s: got %v, want ErrInvalid", o, c.name, err)
			}
		}
		if _, err := s.ValidateTicket(ticket, []byte("entropy")); err != nil {
			t.Errorf("%v right bindings: %v", o, err)
		}
	}
}

// TestNilAndEmptyEntropy checks that nil and empty entropy are the same:
// "none".
func TestNilAndEmptyEntropy(t *testing.T) {
	s := newTestService(t, &Config{})
	ticket, err := s.CreateTicket([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ValidateTicket(ticket, []byte{}); err != nil {
		t.Error(err)
	}
}

func TestTruncationAndExtension(t *testing.T) {
	s := newTestService(t, &Config{})
	for _, o := range allOptions() {
		ticket, err := s.CreateTicketWith([]byte("some data"), nil, o)
		if err != nil {
			t.Fatal(err)
		}
		for n := range len(ticket) {
			if _, err := s.ValidateTicket(ticket[:n], nil); err == nil {
				t.Fatalf("%v: truncated to %d characters: validated", o, n)
			}
		}
		for _, ext := range []string{"A", "AA", "AAA", "AAAA", "\n", "=", "==", " "} {
			if _, err := s.ValidateTicket(ticket+ext, nil); err == nil {
				t.Errorf("%v: extended with %q: validated", o, ext)
			}
		}
		raw, _ := base64.RawURLEncoding.DecodeString(ticket)
		for _, ext := range [][]byte{{0}, make([]byte, 16), make([]byte, 32)} {
			ext := base64.RawURLEncoding.EncodeToString(append(bytes.Clone(raw), ext...))
			if _, err := s.ValidateTicket(ext, nil); !errors.Is(err, ErrInvalid) {
				t.Errorf("%v: extended decoded ticket: %v, want ErrInvalid", o, err)
			}
		}
	}
}

// TestStrictEncoding checks that every other spelling of a valid ticket is
// malformed: one ticket, one spelling.
func TestStrictEncoding(t *testing.T) {
	s := newTestService(t, &Config{})
	// 5 payload bytes make a 60-byte ticket: 80 characters, no partial
	// group. 6 make 61 bytes: 82 characters, with 2 spare bits at the end.
	for _, n := range []int{5, 6, 7} {
		ticket, err := s.CreateTicket(pattern(n, 9), nil)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := base64.RawURLEncoding.DecodeString(ticket)
		variants := map[string]string{
			"padded":          base64.URLEncoding.EncodeToString(raw),
			"standard":        base64.RawStdEncoding.EncodeToString(raw),
			"line break":      ticket[:40] + "\n" + ticket[40:],
			"carriage return": ticket[:40] + "\r\n" + ticket[40:],
			"trailing break":  ticket + "\n",
			"space":           ticket[:8] + " " + ticket[8:],
		}
		if rem := len(raw) % 3; rem != 0 {
			// Set a spare bit in the last character: decodes to the same
			// bytes with a lenient decoder.
			last := indexByte(b64Alphabet, ticket[len(ticket)-1])
			variants["spare bits"] = ticket[:len(ticket)-1] + string(b64Alphabet[last|1])
		}
		for name, v := range variants {
			if v == ticket {
				continue // standard and URL alphabets agree on this ticket
			}
			if _, err := s.ValidateTicket(v, nil); !errors.Is(err, ErrMalformed) {
				t.Errorf("%d bytes, %s: %v, want ErrMalformed", n, name, err)
			}
		}
	}
}

func TestMalformedAndVersion(t *testing.T) {
	s := newTestService(t, &Config{})
	good, err := s.CreateTicket([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(good)
	enc := base64.RawURLEncoding.EncodeToString
	with := func(i int, b byte) string {
		r := bytes.Clone(raw)
		r[i] = b
		return enc(r)
	}
	cases := []struct {
		name   string
		ticket string
		want   error
	}{
		{"empty", "", ErrMalformed},
		{"one byte", enc([]byte{1}), ErrMalformed},
		{"header only", enc(raw[:headerSize]), ErrMalformed},
		{"version 0", with(0, 0), ErrUnsupportedVersion},
		{"version 2", with(0, 2), ErrUnsupportedVersion},
		{"version 2, short", enc([]byte{2}), ErrUnsupportedVersion},
		{"unknown flag", with(1, 2), ErrMalformed},
		{"encrypted flag, too short for an IV", with(1, flagEncrypted), ErrMalformed},
		{"unknown key ID", with(2, raw[2]^1), ErrInvalid},
		{"not base64", strings.Repeat("!", 80), ErrMalformed},
		{"too long", strings.Repeat("A", DefaultMaxTicketSize+1), ErrTooLarge},
	}
	for _, c := range cases {
		if _, err := s.ValidateTicket(c.ticket, nil); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

// TestExpiresAfterIssued: an authentic ticket whose expiry is not after
// its issue time is malformed, also inside the clock-skew window; one
// second later is a valid ticket.
func TestExpiresAfterIssued(t *testing.T) {
	keys, err := cipher.Derive(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	s := newTestService(t, &Config{ClockSkew: time.Minute})
	at := testNow.Unix() + 30 // issued within the skew, still ahead of now
	for _, c := range []struct {
		expires int64
		want    error
	}{{at, ErrMalformed}, {at - 1, ErrMalformed}, {at - 3600, ErrMalformed}, {at + 1, nil}} {
		_, err := s.ValidateTicket(handTicket(keys, nil, nil, at, c.expires, "x"), nil)
		if !errors.Is(err, c.want) || c.want == nil && err != nil {
			t.Errorf("expires %+d s after issue: %v, want %v", c.expires-at, err, c.want)
		}
	}
}

// TestExpiryBoundary checks both ends of the validity window at the exact
// second: valid while IssuedAt-ClockSkew <= now < ExpiresAt.
func TestExpiryBoundary(t *testing.T) {
	now := testNow
	cfg := &Config{Lifetime: 10 * time.Minute, ClockSkew: 30 * time.Second, Now: func() time.Time { return now }}
	s := newTestService(t, cfg)
	ticket, err := s.CreateTicket([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	expires := testNow.Add(10 * time.Minute)
	cases := []struct {
		at   time.Time
		want error
	}{
		{testNow, nil},
		{expires.Add(-time.Nanosecond), nil},
		{expires, ErrExpired},
		{expires.Add(time.Second), ErrExpired},
		{testNow.Add(-30 * time.Second), nil},
		{testNow.Add(-30*time.Second - time.Nanosecond), ErrNotYetValid},
		{testNow.Add(-time.Hour), ErrNotYetValid},
	}
	for _, c := range cases {
		now = c.at
		tk, err := s.ValidateTicket(ticket, nil)
		if !errors.Is(err, c.want) {
			t.Errorf("at %v: %v, want %v", c.at, err, c.want)
		}
		if err == nil && (!tk.IssuedAt.Equal(testNow) || !tk.ExpiresAt.Equal(expires)) {
			t.Errorf("at %v: times %v, %v", c.at, tk.IssuedAt, tk.ExpiresAt)
		}
	}
}

// TestClockSkewFractions checks the not-yet-valid boundary for skews and
// clocks with fractions of a second against its definition: a ticket is
// not yet valid when now.Add(ClockSkew).Unix() < IssuedAt.
func TestClockSkewFractions(t *testing.T) {
	issued := testNow.Unix()
	for _, skew := range []time.Duration{time.Nanosecond, 999 * time.Millisecond, 1500 * time.Millisecond, 3*time.Second - time.Nanosecond, 30 * time.Second} {
		now := testNow
		s := newTestService(t, &Config{ClockSkew: skew, Now: func() time.Time { return now }})
		ticket, err := s.CreateTicket([]byte("x"), nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, before := range []time.Duration{0, time.Nanosecond, 500 * time.Millisecond, 999999999, time.Second, 1500 * time.Millisecond, 2 * time.Second, 3*time.Second + 1, 31 * time.Second} {
			for _, frac := range []time.Duration{0, 1, 499999999, 500000000, 999999999} {
				now = time.Unix(issued, 0).Add(frac - before)
				_, err := s.ValidateTicket(ticket, nil)
				want := now.Add(skew).Unix() < issued
				if got := errors.Is(err, ErrNotYetValid); got != want || (!got && err != nil) {
					t.Errorf("skew %v, now %v: %v, want not-yet-valid %t", skew, now, err, want)
				}
			}
		}
	}
}

// TestTimeErrorsOnlyWhenAuthentic checks that an expired ticket with a
// wrong entropy is ErrInvalid, not ErrExpired.
func TestTimeErrorsOnlyWhenAuthentic(t *testing.T) {
	now := testNow
	s := newTestService(t, &Config{Now: func() time.Time { return now }})
	ticket, err := s.CreateTicket([]byte("x"), []byte("e"))
	if err != nil {
		t.Fatal(err)
	}
	for _, at := range []time.Time{testNow.Add(time.Hour), testNow.Add(-time.Hour)} {
		now = at
		if _, err := s.ValidateTicket(ticket, []byte("f")); !errors.Is(err, ErrInvalid) {
			t.Errorf("at %v with wrong entropy: %v, want ErrInvalid", at, err)
		}
	}
}

func TestLifetimeOverrideAndMax(t *testing.T) {
	s := newTestService(t, &Config{Lifetime: time.Hour, MaxLifetime: 2 * time.Hour})
	o := s.Options()
	o.Lifetime = 90 * time.Minute
	ticket, err := s.CreateTicketWith([]byte("x"), nil, o)
	if err != nil {
		t.Fatal(err)
	}
	tk, err := s.ValidateTicket(ticket, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := tk.ExpiresAt.Sub(tk.IssuedAt); got != 90*time.Minute {
		t.Errorf("lifetime %v, want 90m", got)
	}
	for _, bad := range []time.Duration{-time.Second, time.Millisecond, 2*time.Hour + time.Second} {
		o.Lifetime = bad
		if _, err := s.CreateTicketWith([]byte("x"), nil, o); err == nil {
			t.Errorf("lifetime %v accepted", bad)
		}
	}
	// A service with a shorter MaxLifetime refuses the same authentic
	// ticket.
	strict, err := New(testKey(1), &Config{Lifetime: time.Hour, MaxLifetime: time.Hour, Now: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := strict.ValidateTicket(ticket, nil); !errors.Is(err, ErrExpired) {
		t.Errorf("lifetime above MaxLifetime: %v, want ErrExpired", err)
	}
}

func TestRotation(t *testing.T) {
	oldKey, currentKey, unknownKey := testKey(10), testKey(20), testKey(30)
	old, err := New(oldKey, &Config{Now: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	unknown, err := New(unknownKey, &Config{Now: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	ring, err := New(currentKey, &Config{OldKeys: [][]byte{testKey(11), oldKey}, Now: fixedClock(testNow)})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range allOptions() {
		fromOld, err := old.CreateTicketWith([]byte("old"), nil, o)
		if err != nil {
			t.Fatal(err)
		}
		tk, err := ring.ValidateTicket(fromOld, nil)
		if err != nil || !tk.OldKey {
			t.Errorf("%v: old key: %+v, %v", o, tk, err)
		}
		fromRing, err := ring.CreateTicketWith([]byte("new"), nil, o)
		if err != nil {
			t.Fatal(err)
		}
		if tk, err := ring.ValidateTicket(fromRing, nil); err != nil || tk.OldKey {
			t.Errorf("%v: current key: %+v, %v", o, tk, err)
		}
		if _, err := old.ValidateTicket(fromRing, nil); !errors.Is(err, ErrInvalid) {
			t.Errorf("%v: the old service accepts the new key: %v", o, err)
		}
		fromUnknown, err := unknown.CreateTicketWith([]byte("x"), nil, o)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ring.ValidateTicket(fromUnknown, nil); !errors.Is(err, ErrInvalid) {
			t.Errorf("%v: unknown key: %v, want ErrInvalid", o, err)
		}
	}
}

// TestTicketFormatting checks that printing a Ticket, as a handler that
// logs what it got might, shows neither the ticket (which the Ticket keeps
// for a signed one) nor its data.
func TestTicketFormatting(t *testing.T) {
	for _, o := range allOptions() {
		svc := newTestService(t, &Config{Now: fixedClock(testNow), Rand: &counterRand{}})
		const data = "secret-payload-0123456789"
		ticket, err := svc.CreateTicketWith(data, nil, o)
		if err != nil {
			t.Fatal(err)
		}
		tk, err := svc.ValidateTicket(ticket, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			got := fmt.Sprintf(verb, tk)
			if strings.Contains(got, ticket[10:40]) || strings.Contains(got, "secret-payload") ||
				strings.Contains(got, fmt.Sprint([]byte(data)[:8])) || !strings.Contains(got, "2024-01-02T03:04:05Z") {
				t.Errorf("%v: %s gives %s", o, verb, got)
			}
		}
	}
	if got := fmt.Sprint((*Ticket)(nil)); got != "<nil>" {
		t.Errorf("nil Ticket prints %q", got)
	}
}

func TestNewErrors(t *testing.T) {
	cases := []struct {
		name string
		key  []byte
		cfg  *Config
	}{
		{"empty key", nil, nil},
		{"empty old key", testKey(1), &Config{OldKeys: [][]byte{{}}}},
		{"old key repeats the key", testKey(1), &Config{OldKeys: [][]byte{testKey(1)}}},
		{"repeated old key", testKey(1), &Config{OldKeys: [][]byte{testKey(2), testKey(2)}}},
		{"negative lifetime", testKey(1), &Config{Lifetime: -time.Minute}},
		{"sub-second lifetime", testKey(1), &Config{Lifetime: time.Millisecond}},
		{"MaxLifetime below Lifetime", testKey(1), &Config{Lifetime: time.Hour, MaxLifetime: time.Minute}},
		{"tiny MaxTicketSize", testKey(1), &Config{MaxTicketSize: minTicket - 1}},
		{"negative MaxDataSize", testKey(1), &Config{MaxDataSize: -1}},
		{"negative ClockSkew", testKey(1), &Config{ClockSkew: -time.Second}},
	}
	for _, c := range cases {
		if _, err := New(c.key, c.cfg); err == nil || !strings.HasPrefix(err.Error(), "sts: ") {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	s, err := New([]byte("k"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if o := s.Options(); o != (Options{Lifetime: DefaultLifetime}) {
		t.Errorf("default options %+v", o)
	}
}

// TestConfigIsCopied checks that changing a Config after New changes
// nothing.
func TestConfigIsCopied(t *testing.T) {
	cfg := &Config{Session: []byte("abc"), Now: fixedClock(testNow)}
	s, err := New(testKey(1), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ticket, err := s.CreateTicket([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Session[0] = 'X'
	cfg.Encrypt = true
	if _, err := s.ValidateTicket(ticket, nil); err != nil {
		t.Error(err)
	}
}

func TestSizeLimits(t *testing.T) {
	s := newTestService(t, &Config{MaxDataSize: 100, MaxTicketSize: 200})
	for _, o := range allOptions() {
		if _, err := s.CreateTicketWith(make([]byte, 101), nil, o); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%v: 101-byte payload: %v", o, err)
		}
		if _, err := s.CreateTicketWith(strings.Repeat("x", 101), nil, o); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%v: 101-byte string: %v", o, err)
		}
		// 100 incompressible bytes fit MaxDataSize but make a ticket of
		// at least 155 bytes, 207 characters.
		if _, err := s.CreateTicketWith(pattern(100, 1), nil, o); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%v: ticket over MaxTicketSize: %v", o, err)
		}
		if _, err := s.CreateTicketWith(pattern(60, 1), nil, o); err != nil {
			t.Errorf("%v: 60-byte payload: %v", o, err)
		}
	}
	// A ticket made under looser limits is refused by the stricter service.
	loose := newTestService(t, &Config{MaxDataSize: 1000})
	ticket, err := loose.CreateTicket(make([]byte, 120), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ValidateTicket(ticket, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("ticket over MaxTicketSize: %v", err)
	}
	lenient := newTestService(t, &Config{MaxDataSize: 100})
	if _, err := lenient.ValidateTicket(ticket, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("payload over MaxDataSize: %v", err)
	}
}

// TestConcurrent creates and validates with one Service from 8 goroutines;
// run it with -race.
func TestConcurrent(t *testing.T) {
	s := newTestService(t, &Config{OldKeys: [][]byte{testKey(9)}, MaxDataSize: 1 << 16})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				o := allOptions()[(g+i)%8]
				data := pattern(i*37%300, byte(g))
				entropy := []byte{byte(g), byte(i)}
				ticket, err := s.CreateTicketWith(data, entropy, o)
				if err != nil {
					t.Error(err)
					return
				}
				tk, err := s.ValidateTicket(ticket, entropy)
				if err != nil {
					t.Error(err)
					return
				}
				var got []byte
				if err := tk.Decode(&got); err != nil || !bytes.Equal(got, data) {
					t.Errorf("goroutine %d: %x, %v", g, got, err)
					return
				}
				if _, err := s.ValidateTicket(ticket, nil); !errors.Is(err, ErrInvalid) {
					t.Errorf("goroutine %d: wrong entropy: %v", g, err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
