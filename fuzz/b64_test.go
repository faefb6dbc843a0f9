package fuzz

import (
	"encoding/base64"
	"testing"

	"github.com/gotickets/tickets/internal/b64"
)

// FuzzBase64 compares the ticket codec (AVX2 where the CPU has it, tables
// elsewhere) with encoding/base64's strict unpadded base64url. Decoding
// arbitrary strings, with and without the fast path's slack in dst: the
// same verdict, and on success the same bytes. Encoding the same input as
// bytes: the same characters. The seeds put invalid characters in each
// part of a 32-character block and leave each tail length.
func FuzzBase64(f *testing.F) {
	std := base64.RawURLEncoding.Strict()
	long := std.EncodeToString(make([]byte, 100))
	f.Add("")
	f.Add(long)
	f.Add(long[:len(long)-1])
	f.Add(long[:len(long)-2])
	f.Add(long[:40] + "+" + long[41:])
	f.Add(long[:70] + "\n" + long[71:])
	f.Add(long[:5] + "\xff" + long[6:])
	f.Add(long[:len(long)-1] + "B")
	f.Fuzz(func(t *testing.T, s string) {
		want, err := std.DecodeString(s)
		// The standard decoder skips \r and \n; a ticket has one spelling.
		wantOK := err == nil && std.EncodeToString(want) == s
		for _, slack := range []int{0, b64.Slack} {
			dst := make([]byte, b64.DecodedLen(len(s))+slack)
			n, ok := b64.Decode(dst, s)
			if ok != wantOK {
				t.Fatalf("slack %d: ok %t, encoding/base64 %t (%v)", slack, ok, wantOK, err)
			}
			if ok && string(dst[:n]) != string(want) {
				t.Fatalf("slack %d: %x, encoding/base64 %x", slack, dst[:n], want)
			}
		}
		enc := make([]byte, b64.EncodedLen(len(s)))
		b64.Encode(enc, []byte(s))
		if want := std.EncodeToString([]byte(s)); string(enc) != want {
			t.Fatalf("Encode: %s, encoding/base64 %s", enc, want)
		}
	})
}
