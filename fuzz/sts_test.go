package fuzz

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/gotickets/tickets/sts"
	"github.com/gotickets/tickets/sts/codec"
	"github.com/gotickets/tickets/testvectors"
	"github.com/vmihailenco/msgpack/v5"
)

func loadSTS(f *testing.F) (file *testvectors.STSFile, key, oldKey []byte) {
	file, err := testvectors.LoadSTS()
	if err != nil {
		f.Fatal(err)
	}
	key, err = hex.DecodeString(file.Key)
	if err != nil {
		f.Fatal(err)
	}
	oldKey, err = hex.DecodeString(file.OldKey)
	if err != nil {
		f.Fatal(err)
	}
	return file, key, oldKey
}

var stsErrors = []error{sts.ErrMalformed, sts.ErrInvalid, sts.ErrExpired, sts.ErrNotYetValid, sts.ErrTooLarge, sts.ErrUnsupportedVersion}

// FuzzSTSValidate validates arbitrary strings under arbitrary sessions and
// entropy with the vectors' key ring and clock. No input may panic, every
// failure is one of the package's errors, whatever gets past decoding is
// canonical base64url, and whatever validates must be
// re-created byte for byte from what ValidateTicket reports (its times,
// flags and data, the IV it carries and the key it names): one ticket, one
// spelling, no unauthenticated bytes.
func FuzzSTSValidate(f *testing.F) {
	file, key, oldKey := loadSTS(f)
	for _, tv := range file.Tests {
		session, _ := hex.DecodeString(tv.Session)
		entropy, _ := hex.DecodeString(tv.Entropy)
		f.Add(tv.Ticket, session, entropy)
	}
	now := time.Unix(file.Now, 0)
	f.Fuzz(func(t *testing.T, ticket string, session, entropy []byte) {
		s, err := sts.New(key, &sts.Config{Session: session, OldKeys: [][]byte{oldKey}, Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		tk, err := s.ValidateTicket(ticket, entropy)
		if err == nil || !errors.Is(err, sts.ErrMalformed) && !errors.Is(err, sts.ErrTooLarge) {
			// Past the decoding step: the ticket must be the one
			// canonical spelling of its bytes.
			raw, derr := base64.RawURLEncoding.Strict().DecodeString(ticket)
			if derr != nil || base64.RawURLEncoding.EncodeToString(raw) != ticket {
				t.Fatalf("%q got past decoding (%v), but is not canonical base64url", ticket, err)
			}
		}
		if err != nil {
			known := false
			for _, e := range stsErrors {
				known = known || errors.Is(err, e)
			}
			if !known || tk != nil {
				t.Fatalf("ValidateTicket: %v, %v", tk, err)
			}
			return
		}

		raw, err := base64.RawURLEncoding.DecodeString(ticket)
		if err != nil {
			t.Fatalf("validated, but not base64url: %v", err)
		}
		// What validates, Inspect reads the same way without the key.
		h, err := sts.Inspect(ticket)
		if err != nil || h.Encrypted != tk.Encrypted ||
			!h.Encrypted && (!h.IssuedAt.Equal(tk.IssuedAt) || !h.ExpiresAt.Equal(tk.ExpiresAt) ||
				h.Serialized != tk.Serialized || h.Compressed != tk.Compressed) {
			t.Fatalf("validated as %+v, but Inspect says %+v, %v", tk, h, err)
		}
		maker := key
		if tk.OldKey {
			maker = oldKey
		}
		var iv []byte
		if tk.Encrypted {
			iv = raw[6:22]
		}
		m, err := sts.New(maker, &sts.Config{
			Session:     session,
			Now:         func() time.Time { return tk.IssuedAt },
			Rand:        bytes.NewReader(iv),
			Lifetime:    tk.ExpiresAt.Sub(tk.IssuedAt),
			MaxLifetime: tk.ExpiresAt.Sub(tk.IssuedAt),
		})
		if err != nil {
			t.Fatal(err)
		}
		var data any
		if tk.Serialized {
			var msg msgpack.RawMessage
			if err := tk.Decode(&msg); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if len(msg) > 0 {
				data = msg
			}
		} else {
			var b []byte
			if err := tk.Decode(&b); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			data = b
		}
		o := sts.Options{Serialize: tk.Serialized, Compress: tk.Compressed, Encrypt: tk.Encrypted, Lifetime: tk.ExpiresAt.Sub(tk.IssuedAt)}
		again, err := m.CreateTicketWith(data, entropy, o)
		if err != nil {
			t.Fatalf("re-create: %v", err)
		}
		if again != ticket {
			t.Fatalf("validated\n%s\nbut it re-creates as\n%s", ticket, again)
		}
	})
}

// FuzzSTSMsgpack checks codec.Check against msgpack itself: whatever Check
// accepts decodes without panicking, and decodes raw to exactly its input.
func FuzzSTSMsgpack(f *testing.F) {
	file, _, _ := loadSTS(f)
	for _, tv := range file.Tests {
		if b, err := hex.DecodeString(tv.Data); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte{0xdd, 0xff, 0xff, 0xff, 0xff, 0xc0})
	f.Add([]byte{0x91, 0x91, 0x91, 0xc0})
	f.Add(append([]byte{0xd8, 0x01, 0xdf, 0x01, 0x00, 0x00, 0x00}, make([]byte, 11)...))
	f.Add([]byte{0xd7, 0x01, 0x81, 0xa1, 'k', 0xdd, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		err := codec.Check(b)
		if err != nil {
			if !errors.Is(err, codec.ErrMalformed) && !errors.Is(err, codec.ErrTooLarge) {
				t.Fatalf("Check: %v", err)
			}
			return
		}
		// Whatever Check accepts decodes into any target without a panic
		// and without allocating what a length out of step with Check
		// could claim (the worker would run out of memory): unknown
		// extension types and type mismatches may fail.
		var v any
		_ = codec.Unmarshal(b, &v)
		var ints []int64
		_ = codec.Unmarshal(b, &ints)
		var m map[string]any
		_ = codec.Unmarshal(b, &m)
		var mm map[any]any
		_ = codec.Unmarshal(b, &mm)
		var typed map[string][]int64
		_ = codec.Unmarshal(b, &typed)
		var st struct {
			A []int64
			M map[string]any
		}
		_ = codec.Unmarshal(b, &st)
		var raw msgpack.RawMessage
		if err := codec.Unmarshal(b, &raw); err != nil {
			t.Fatalf("Check accepted %x, msgpack refused it raw: %v", b, err)
		}
		if b[0] != 0xc0 && !bytes.Equal(raw, b) {
			t.Fatalf("raw decode %x of %x", raw, b)
		}
	})
}

// FuzzSTSInflate feeds arbitrary bytes to the bounded zlib decompressor: no
// panic, never more output than the limit, and what inflates re-compresses
// to a stream that inflates to the same bytes.
func FuzzSTSInflate(f *testing.F) {
	for _, s := range []string{"", "a", "hello hello hello hello"} {
		z, err := codec.Compress(nil, []byte(s))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(z)
	}
	const limit = 1 << 16
	f.Fuzz(func(t *testing.T, z []byte) {
		out, err := codec.Decompress(nil, z, limit)
		if err != nil {
			if !errors.Is(err, codec.ErrMalformed) && !errors.Is(err, codec.ErrTooLarge) {
				t.Fatalf("Decompress: %v", err)
			}
			return
		}
		if len(out) > limit {
			t.Fatalf("%d bytes out, limit %d", len(out), limit)
		}
		z2, err := codec.Compress(nil, out)
		if err != nil {
			t.Fatal(err)
		}
		back, err := codec.Decompress(nil, z2, limit)
		if err != nil || !bytes.Equal(back, out) {
			t.Fatalf("re-compressed stream inflates to %x, %v", back, err)
		}
	})
}
