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
// input the package documentation gives, for sessions whose padded prefix
// ends just before, at and just after a block boundary.
func TestTagIsHMAC(t *testing.T) {
	keys, err := cipher.Derive(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, sl := range []int{0, 1, 45, 46, 47, 110, 300} {
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
