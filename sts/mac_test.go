package sts

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"testing"

	"github.com/gotickets/tickets/sts/cipher"
)

// TestTagIsHMAC recomputes the tags of tickets with crypto/hmac over the
// input the package documentation gives, for sessions whose prefix (25
// bytes besides the session) ends just before, at and just after a block
// boundary.
func TestTagIsHMAC(t *testing.T) {
	keys, err := cipher.Derive(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, sl := range []int{0, 1, 38, 39, 40, 102, 103, 104, 300} {
		for _, el := range []int{0, 1, 64, 200} {
			session, entropy := pattern(sl, 1), pattern(el, 2)
			s := newTestService(t, &Config{Session: session})
			for _, o := range allOptions() {
				ticket, err := s.CreateTicketWith(pattern(el+sl, 3), entropy, o)
				if err != nil {
					t.Fatal(err)
				}
				raw, err := base64.RawURLEncoding.DecodeString(ticket)
				if err != nil {
					t.Fatal(err)
				}
				var in []byte
				in = append(in, "tickets/sts v1"...)
				in = binary.BigEndian.AppendUint32(in, uint32(sl))
				in = append(in, session...)
				in = append(in, raw[:6]...) // version, flags, key ID
				if el > 0 {
					in = append(in, 1)
				} else {
					in = append(in, 0)
				}
				for len(in)%64 != 0 {
					in = append(in, 0)
				}
				if el > 0 {
					in = binary.BigEndian.AppendUint32(in, uint32(el))
					in = append(in, entropy...)
				}
				in = append(in, raw[6:len(raw)-32]...)
				h := hmac.New(sha256.New, keys.MAC())
				h.Write(in)
				if want := h.Sum(nil); !bytes.Equal(raw[len(raw)-32:], want) {
					t.Fatalf("session %d, entropy %d, %v: tag %x, HMAC %x", sl, el, o, raw[len(raw)-32:], want)
				}
			}
		}
	}
}

// TestOldKeyTagIsHMAC builds tickets by hand, tagged with crypto/hmac under
// an old key's MAC subkey as the package documentation lays out the input,
// and checks that a service holding that key among its OldKeys accepts
// them (and says so), for sessions on both sides of a block boundary.
func TestOldKeyTagIsHMAC(t *testing.T) {
	old, err := cipher.Derive(testKey(9))
	if err != nil {
		t.Fatal(err)
	}
	for _, sl := range []int{0, 38, 39, 40} {
		for _, el := range []int{0, 5} {
			session, entropy := pattern(sl, 4), pattern(el, 5)
			s := newTestService(t, &Config{Session: session, OldKeys: [][]byte{testKey(9)}})
			ticket := handTicket(old, session, entropy, testNow.Unix(), testNow.Unix()+60, "payload")
			tk, err := s.ValidateTicket(ticket, entropy)
			if err != nil || !tk.OldKey {
				t.Fatalf("session %d, entropy %d: %v, %+v", sl, el, err, tk)
			}
			var data string
			if err := tk.Decode(&data); err != nil || data != "payload" {
				t.Fatalf("session %d, entropy %d: data %q, %v", sl, el, data, err)
			}
		}
	}
}

// handTicket builds a signed, unencrypted ticket by hand, tagged with
// crypto/hmac under keys' MAC subkey as the package documentation lays out
// the input, with any times.
func handTicket(keys *cipher.Keys, session, entropy []byte, issued, expires int64, payload string) string {
	id := keys.ID()
	raw := append([]byte{1, 0}, id[:]...)
	raw = binary.BigEndian.AppendUint64(raw, uint64(issued))
	raw = binary.BigEndian.AppendUint64(raw, uint64(expires))
	raw = append(raw, 0)
	raw = append(raw, payload...)

	in := append([]byte("tickets/sts v1"), binary.BigEndian.AppendUint32(nil, uint32(len(session)))...)
	in = append(in, session...)
	in = append(in, raw[:6]...)
	in = append(in, byte(min(len(entropy), 1)))
	for len(in)%64 != 0 {
		in = append(in, 0)
	}
	if len(entropy) > 0 {
		in = binary.BigEndian.AppendUint32(in, uint32(len(entropy)))
		in = append(in, entropy...)
	}
	in = append(in, raw[6:]...)
	h := hmac.New(sha256.New, keys.MAC())
	h.Write(in)
	return base64.RawURLEncoding.EncodeToString(h.Sum(raw))
}
