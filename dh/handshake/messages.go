package handshake

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
)

// The wire format, specified in PROTOCOL.md. This file knows bytes only:
// parsing checks the layout, never a group, a public value or a MAC.

const (
	// version is the first byte of every message. It fixes the whole suite:
	// layouts, group identifiers, HKDF-SHA256 and the labels of keys.go.
	version = 1

	typeClientHello  = 1
	typeServerHello  = 2
	typeClientVerify = 3

	headerSize = 2 // version, type
	nonceSize  = 32
	macSize    = sha256.Size

	// clientHelloFixed is the client hello without its public value:
	// header, group, exponent bits, nonce.
	clientHelloFixed = headerSize + 2 + 2 + nonceSize
	// serverHelloFixed is the server hello without its public value:
	// header, nonce, MAC.
	serverHelloFixed = headerSize + nonceSize + macSize
	clientVerifySize = headerSize + macSize
)

// clientHello is the first message: the client's group, the size of its
// secret exponent, its nonce and its public value.
type clientHello struct {
	group        uint16
	exponentBits uint16
	nonce        []byte // nonceSize bytes
	public       []byte // the group's byte length, checked by the server
}

// serverHello is the server's answer: its nonce, its public value and the
// MAC that confirms the key to the client.
type serverHello struct {
	nonce  []byte // nonceSize bytes
	public []byte // the group's byte length, checked by the client
	mac    []byte // macSize bytes
}

func (m *clientHello) marshal() []byte {
	b := make([]byte, 0, clientHelloFixed+len(m.public))
	b = append(b, version, typeClientHello)
	b = binary.BigEndian.AppendUint16(b, m.group)
	b = binary.BigEndian.AppendUint16(b, m.exponentBits)
	b = append(b, m.nonce...)
	return append(b, m.public...)
}

// marshalUnsigned returns the server hello without its MAC: the bytes the
// MAC covers. The MAC is appended in place afterwards.
func (m *serverHello) marshalUnsigned() []byte {
	b := make([]byte, 0, serverHelloFixed+len(m.public))
	b = append(b, version, typeServerHello)
	b = append(b, m.nonce...)
	return append(b, m.public...)
}

func marshalClientVerify(mac []byte) []byte {
	b := make([]byte, 0, clientVerifySize)
	b = append(b, version, typeClientVerify)
	return append(b, mac...)
}

// checkHeader checks the version and type bytes of msg.
func checkHeader(msg []byte, typ byte) error {
	if len(msg) < headerSize {
		return fmt.Errorf("%w: %d bytes", ErrMalformed, len(msg))
	}
	if msg[0] != version {
		return fmt.Errorf("%w: unknown version %d", ErrMalformed, msg[0])
	}
	if msg[1] != typ {
		return fmt.Errorf("%w: message type %d, want %d", ErrMalformed, msg[1], typ)
	}
	return nil
}

// parseClientHello splits a client hello. The returned slices alias msg. A
// client hello with an empty public value is malformed; whether the length
// fits the group is for the caller to check.
func parseClientHello(msg []byte) (*clientHello, error) {
	if err := checkHeader(msg, typeClientHello); err != nil {
		return nil, err
	}
	if len(msg) <= clientHelloFixed {
		return nil, fmt.Errorf("%w: client hello of %d bytes", ErrMalformed, len(msg))
	}
	return &clientHello{
		group:        binary.BigEndian.Uint16(msg[2:]),
		exponentBits: binary.BigEndian.Uint16(msg[4:]),
		nonce:        msg[6:clientHelloFixed],
		public:       msg[clientHelloFixed:],
	}, nil
}

// parseServerHello splits a server hello. The returned slices alias msg.
func parseServerHello(msg []byte) (*serverHello, error) {
	if err := checkHeader(msg, typeServerHello); err != nil {
		return nil, err
	}
	if len(msg) <= serverHelloFixed {
		return nil, fmt.Errorf("%w: server hello of %d bytes", ErrMalformed, len(msg))
	}
	end := len(msg) - macSize
	return &serverHello{
		nonce:  msg[headerSize : headerSize+nonceSize],
		public: msg[headerSize+nonceSize : end],
		mac:    msg[end:],
	}, nil
}

// parseClientVerify returns the MAC of a client verify, aliasing msg.
func parseClientVerify(msg []byte) ([]byte, error) {
	if err := checkHeader(msg, typeClientVerify); err != nil {
		return nil, err
	}
	if len(msg) != clientVerifySize {
		return nil, fmt.Errorf("%w: client verify of %d bytes", ErrMalformed, len(msg))
	}
	return msg[headerSize:], nil
}
