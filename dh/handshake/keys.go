package handshake

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
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
	h := sha256.New()
	h.Write([]byte(transcriptPrefix))
	h.Write([]byte{byte(keySize)})
	var n [2]byte
	for _, m := range msgs {
		binary.BigEndian.PutUint16(n[:], uint16(len(m)))
		h.Write(n[:])
		h.Write(m)
	}
	return h.Sum(nil)
}

// schedule holds the secrets derived from one ZZ.
type schedule struct {
	prk            []byte
	server, client []byte // the confirmation keys ks and kc
}

// newSchedule derives the confirmation keys from the early secret, ZZ and
// TH1.
func newSchedule(early, zz, th1 []byte) (*schedule, error) {
	prk, err := hkdf.Extract(sha256.New, zz, early)
	if err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	s := &schedule{prk: prk}
	if s.server, err = expand(prk, labelServer, th1, macSize); err != nil {
		return nil, err
	}
	if s.client, err = expand(prk, labelClient, th1, macSize); err != nil {
		return nil, err
	}
	return s, nil
}

// sessionKey derives the negotiated key from TH3.
func (s *schedule) sessionKey(th3 []byte, size int) ([]byte, error) {
	return expand(s.prk, labelKey, th3, size)
}

// wipe clears the secrets once the session key is derived or the handshake
// failed. It is best effort: Go may have copied them.
func (s *schedule) wipe() {
	clear(s.prk)
	clear(s.server)
	clear(s.client)
}

func expand(prk []byte, label string, th []byte, size int) ([]byte, error) {
	k, err := hkdf.Expand(sha256.New, prk, label+string(th), size)
	if err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	return k, nil
}

// mac returns HMAC-SHA256 of a transcript hash under a confirmation key.
func mac(key, th []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(th)
	return h.Sum(nil)
}
