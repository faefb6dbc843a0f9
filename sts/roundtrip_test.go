package sts

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// testNow is the fixed clock of the tests: 2024-01-02T03:04:05Z.
var testNow = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// counterRand is a deterministic io.Reader for IVs: 0x00, 0x01, 0x02, ...
type counterRand struct{ n byte }

func (r *counterRand) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.n
		r.n++
	}
	return len(p), nil
}

func testKey(seed byte) []byte {
	k := make([]byte, KeySize)
	for i := range k {
		k[i] = seed + byte(i)
	}
	return k
}

// allOptions are the 8 combinations of Serialize, Compress and Encrypt.
func allOptions() []Options {
	var all []Options
	for i := range 8 {
		all = append(all, Options{Serialize: i&1 != 0, Compress: i&2 != 0, Encrypt: i&4 != 0})
	}
	return all
}

func (o Options) String() string {
	return fmt.Sprintf("serialize=%v,compress=%v,encrypt=%v", o.Serialize, o.Compress, o.Encrypt)
}

// pattern returns n bytes that neither repeat nor compress well.
func pattern(n int, seed byte) []byte {
	b := make([]byte, n)
	x := uint32(seed) + 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func newTestService(t testing.TB, cfg *Config) *Service {
	t.Helper()
	if cfg.Now == nil {
		cfg.Now = fixedClock(testNow)
	}
	s, err := New(testKey(1), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// decodeData returns the ticket's data as bytes, whether serialized or not.
func decodeData(t testing.TB, tk *Ticket) []byte {
	t.Helper()
	var b []byte
	if err := tk.Decode(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoundTripAllOptions(t *testing.T) {
	lengths := []int{0, 1, 15, 16, 17}
	s := newTestService(t, &Config{Session: []byte("session")})
	for _, o := range allOptions() {
		for _, dl := range lengths {
			for _, el := range lengths {
				data, entropy := pattern(dl, 1), pattern(el, 2)
				ticket, err := s.CreateTicketWith(data, entropy, o)
				if err != nil {
					t.Fatalf("%v data %d entropy %d: %v", o, dl, el, err)
				}
				tk, err := s.ValidateTicket(ticket, entropy)
				if err != nil {
					t.Fatalf("%v data %d entropy %d: %v", o, dl, el, err)
				}
				if got := decodeData(t, tk); !bytes.Equal(got, data) {
					t.Errorf("%v: data %x, want %x", o, got, data)
				}
				if tk.Encrypted != o.Encrypt || tk.Compressed != o.Compress || tk.Serialized != o.Serialize || tk.OldKey {
					t.Errorf("%v: flags %+v", o, tk)
				}
				if !tk.IssuedAt.Equal(testNow) || !tk.ExpiresAt.Equal(testNow.Add(DefaultLifetime)) {
					t.Errorf("%v: times %v %v", o, tk.IssuedAt, tk.ExpiresAt)
				}
			}
		}
	}
}

func TestStringData(t *testing.T) {
	for _, o := range allOptions() {
		s := newTestService(t, &Config{})
		ticket, err := s.CreateTicketWith("hello, world", nil, o)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		if err := s.Data(ticket, nil, &got); err != nil || got != "hello, world" {
			t.Errorf("%v: Data = %q, %v", o, got, err)
		}
	}
}

func TestUnserializableData(t *testing.T) {
	s := newTestService(t, &Config{})
	if _, err := s.CreateTicket(42, nil); err == nil || !strings.HasPrefix(err.Error(), "sts: ") {
		t.Errorf("CreateTicket(42) without Serialize: %v", err)
	}
	ser := newTestService(t, &Config{Serialize: true})
	if _, err := ser.CreateTicket(make(chan int), nil); err == nil || !strings.HasPrefix(err.Error(), "sts: ") {
		t.Errorf("CreateTicket(chan) with Serialize: %v", err)
	}
	ticket, err := s.CreateTicket([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s.Data(ticket, nil, &n); err == nil || errors.Is(err, ErrInvalid) {
		t.Errorf("Decode of raw data into *int: %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	var nilTicket *Ticket
	var b []byte
	if err := nilTicket.Decode(&b); err == nil {
		t.Error("Decode on a nil Ticket succeeded")
	}
	s := newTestService(t, &Config{})
	ticket, err := s.CreateTicket([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Data(ticket, nil, nil); err == nil {
		t.Error("Data into nil succeeded")
	}
}

// TestEncryptionHidesMetadata checks that an encrypted ticket shows neither
// its data, nor its times, nor its inner flags, and that a fresh IV makes
// every ticket different.
func TestEncryptionHidesMetadata(t *testing.T) {
	s := newTestService(t, &Config{Encrypt: true, Serialize: true, Rand: &counterRand{}})
	data := "a secret payload that must not show"
	first, err := s.CreateTicket(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.CreateTicket(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Error("two encrypted tickets of the same data are equal")
	}
	raw, err := base64.RawURLEncoding.DecodeString(first)
	if err != nil {
		t.Fatal(err)
	}
	var issued [8]byte
	binary.BigEndian.PutUint64(issued[:], uint64(testNow.Unix()))
	body := raw[headerSize+ivSize : len(raw)-tagSize]
	if bytes.Contains(body, issued[4:]) || bytes.Contains(body, []byte("secret")) || body[16] == innerSerialized {
		t.Errorf("the encrypted body shows its contents: %x", body)
	}
}

// TestDecodeOwnsItsResult checks that changing what Decode returned does
// not change the Ticket.
func TestDecodeOwnsItsResult(t *testing.T) {
	for _, o := range allOptions() {
		s := newTestService(t, &Config{})
		ticket, err := s.CreateTicketWith([]byte("immutable"), nil, o)
		if err != nil {
			t.Fatal(err)
		}
		tk, err := s.ValidateTicket(ticket, nil)
		if err != nil {
			t.Fatal(err)
		}
		first := decodeData(t, tk)
		first[0] = 'X'
		if again := decodeData(t, tk); string(again) != "immutable" {
			t.Errorf("%v: Decode after a change to its result: %q", o, again)
		}
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("no entropy today") }

// TestCreateErrors checks that a failing Rand and an absurd clock are
// errors, not panics or broken tickets.
func TestCreateErrors(t *testing.T) {
	s := newTestService(t, &Config{Encrypt: true, Rand: failingReader{}})
	if _, err := s.CreateTicket([]byte("x"), nil); err == nil {
		t.Error("CreateTicket with a failing Rand succeeded")
	}
	far := newTestService(t, &Config{Now: fixedClock(time.Unix(1<<63-10, 0))})
	if _, err := far.CreateTicket([]byte("x"), nil); err == nil {
		t.Error("CreateTicket at the end of time succeeded")
	}
	past := newTestService(t, &Config{Now: fixedClock(time.Unix(-1e9, 0))})
	ticket, err := past.CreateTicket([]byte("x"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if tk, err := past.ValidateTicket(ticket, nil); err != nil || tk.IssuedAt.Unix() != -1e9 {
		t.Errorf("ticket from 1938: %v, %v", tk, err)
	}
}
