package handshake

import (
	"bytes"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"testing"
)

// TestExpandIsHKDF checks the single-block HKDF-Expand of the key schedule
// against crypto/hkdf, for both key sizes and with one HMAC serving the
// three labels in turn, as a handshake uses it.
func TestExpandIsHKDF(t *testing.T) {
	prk := sha256.Sum256([]byte("prk"))
	th := sha256.Sum256([]byte("transcript"))
	s := &schedule{prk: prk[:], expander: hmac.New(sha256.New, prk[:])}
	for _, size := range []int{16, macSize} {
		for _, label := range []string{labelServer, labelClient, labelKey} {
			want, err := hkdf.Expand(sha256.New, prk[:], label+string(th[:]), size)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.expand(label, th[:], size); !bytes.Equal(got, want) {
				t.Errorf("%q, %d bytes: %x, crypto/hkdf %x", label, size, got, want)
			}
		}
	}
}

// TestRunningTranscript checks a transcript extended message by message
// against PROTOCOL.md's TH written out as one string.
func TestRunningTranscript(t *testing.T) {
	msgs := [][]byte{[]byte("client hello"), []byte("server hello"), []byte("client verify")}
	th := newTranscript(16)
	flat := []byte("tickets dh/handshake v1 transcript\x10")
	for i, m := range msgs {
		th.add(m)
		flat = append(append(flat, 0, byte(len(m))), m...)
		if got, want := th.sum(), sha256.Sum256(flat); !bytes.Equal(got, want[:]) {
			t.Errorf("after %d messages: %x, want %x", i+1, got, want)
		}
	}
}
