package handshake

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
)

// The key schedule, specified in PROTOCOL.md:
//
//	early = HKDF-Extract(salt: none, secret: PSK)  when a PSK is set
//	prk   = HKDF-Extract(salt: early or none, secret: ZZ)
//	ks    = HKDF-Expand(prk, labelServer || TH1, 32)
//	kc    = HKDF-Expand(prk, labelClient || TH1, 32)
//	key   = HKDF-Expand(prk, labelKey || TH3, KeySize)
//
// with TH1, TH2 and TH3 the transcript hashes after the server hello without
// its MAC, after the whole server hello, and after the client verify. The
// server's MAC is HMAC(ks, TH1), the client's HMAC(kc, TH2).
const (
	// transcriptPrefix starts every transcript hash. The key size follows it.
	transcriptPrefix = "tickets dh/handshake v1 transcript"

	labelServer = "tickets dh/handshake v1 server confirmation"
	labelClient = "tickets dh/handshake v1 client confirmation"
	labelKey    = "tickets dh/handshake v1 session key"
)

// earlySecret extracts the pre-shared key; without one it is nil, HKDF's
// default salt. It depends only on the Config and is computed once.
func earlySecret(psk []byte) ([]byte, error) {
	if psk == nil {
		return nil, nil
	}
	early, err := hkdf.Extract(sha256.New, psk, nil)
	if err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	return early, nil
}

// transcript hashes the key size and the messages so far, each preceded by
// its 16-bit length (a message is never longer than 65535 bytes).
func transcript(keySize int, msgs ...[]byte) []byte {
	return newTranscript(keySize, msgs...).sum()
}

// runningTranscript is a transcript hash that goes on: TH2 and TH3 extend
// the same messages, which are hashed once. Copies share the running
// state: a snapshot is sum, not a copy.
type runningTranscript struct {
	h hash.Hash
}

// newTranscript starts a transcript hash with the key size and msgs.
func newTranscript(keySize int, msgs ...[]byte) runningTranscript {
	t := runningTranscript{sha256.New()}
	io.WriteString(t.h, transcriptPrefix)
	t.h.Write([]byte{byte(keySize)})
	for _, m := range msgs {
		t.add(m)
	}
	return t
}

// add appends msg, preceded by its length.
func (t runningTranscript) add(msg []byte) {
	var n [2]byte
	binary.BigEndian.PutUint16(n[:], uint16(len(msg)))
	t.h.Write(n[:])
	t.h.Write(msg)
}

// sum returns the hash of the messages so far; more may follow.
func (t runningTranscript) sum() []byte {
	return t.h.Sum(nil)
}

// schedule holds the secrets derived from one ZZ.
type schedule struct {
	prk            []byte
	expander       hash.Hash // HMAC keyed with prk
	server, client []byte    // the confirmation keys ks and kc
}

// newSchedule derives the confirmation keys from the early secret, ZZ and
// TH1.
func newSchedule(early, zz, th1 []byte) (*schedule, error) {
	prk, err := hkdf.Extract(sha256.New, zz, early)
	if err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	s := &schedule{prk: prk, expander: hmac.New(sha256.New, prk)}
	s.server = s.expand(labelServer, th1, macSize)
	s.client = s.expand(labelClient, th1, macSize)
	return s, nil
}

// sessionKey derives the negotiated key from TH3.
func (s *schedule) sessionKey(th3 []byte, size int) []byte {
	return s.expand(labelKey, th3, size)
}

// wipe clears the secrets once the session key is derived or the handshake
// failed. It is best effort: Go may have copied them, and the HMAC keyed
// with prk cannot be cleared.
func (s *schedule) wipe() {
	clear(s.prk)
	clear(s.server)
	clear(s.client)
	s.expander = nil // holds the keyed pads, as good as prk
}

// expand is HKDF-Expand(prk, label || th, size) of RFC 5869, section 2.3,
// for 0 < size <= 32 (KeySize is 16 or 32, see Config; the confirmation keys
// are 32), the one case the protocol needs: a single block,
// T(1) = HMAC(prk, label || th || 0x01). One HMAC keyed with prk serves the
// three labels, where crypto/hkdf would key a new one for each.
func (s *schedule) expand(label string, th []byte, size int) []byte {
	h := s.expander
	h.Reset()
	io.WriteString(h, label)
	h.Write(th)
	h.Write([]byte{1})
	k := h.Sum(nil)
	clear(k[size:])
	return k[:size:size]
}

// mac returns HMAC-SHA256 of a transcript hash under a confirmation key.
func mac(key, th []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(th)
	return h.Sum(nil)
}
