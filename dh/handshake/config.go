package handshake

import (
	"crypto/rand"
	"fmt"
	"io"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

const (
	// DefaultMaxMessageSize is the default of Config.MaxMessageSize. The
	// largest message of the protocol, a server hello in an 8192-bit group,
	// is 1090 bytes.
	DefaultMaxMessageSize = 4096

	// MinPSKSize is the shortest pre-shared key Config.PSK accepts.
	MinPSKSize = 16

	// maxFrameSize is the largest message a frame's 16-bit length can carry.
	maxFrameSize = 1<<16 - 1
)

// Config configures a Client or a Server. A nil *Config, or a zero field,
// means the default given with the field. NewClient and NewServer validate
// the Config and copy what they keep, so changing it afterwards has no
// effect, and one Config may serve any number of handshakes concurrently.
//
// The client and the server must agree on KeySize and PSK: a mismatch in
// either ends the handshake with ErrAuthFailed.
type Config struct {
	// Group is the group the client proposes. Default: groups.FFDHE2048.
	// The server ignores it.
	Group *groups.Group

	// Groups is the server's allow-list. The server accepts a client hello
	// only for a group in this list; it never takes a prime or a generator
	// from the wire. Default: FFDHE2048 to FFDHE8192 and MODP2048 to
	// MODP8192 (MODP1536 only when listed). The client ignores it.
	Groups []*groups.Group

	// ExponentBits is the size of this side's secret exponent in bits,
	// pyTickets' asize. Default: max(256, 2 × the group's security
	// strength), as dh.GenerateKey chooses. The client announces its size
	// in the client hello and the server follows it up to twice its own
	// size: a client can ask for more, but never make the server use less
	// than its own setting, nor make an unauthenticated hello cost the
	// server more than twice its usual work (a full-size exponent in an
	// 8192-bit group costs 20 times the default).
	ExponentBits int

	// KeySize is the length of the negotiated key in bytes: 16 or 32.
	// Default: 32.
	KeySize int

	// PSK is an optional pre-shared key of at least MinPSKSize bytes. When
	// set, the key and both confirmation MACs depend on it, so a man in the
	// middle who does not know it fails with ErrAuthFailed. It must be a
	// random key, not a password: see the package documentation.
	PSK []byte

	// MaxMessageSize caps the length of a received message, and of a frame
	// in Handshake; longer ones fail with ErrTooLarge before they are read.
	// Default: DefaultMaxMessageSize. It must leave room for the largest
	// message of the configured groups, and be at most 65535, the limit of
	// a frame.
	MaxMessageSize int

	// Rand is the source of secret exponents and nonces. Default:
	// crypto/rand.Reader. Tests and vectors set a deterministic reader.
	Rand io.Reader
}

// defaultGroups is the server's default allow-list: every group of at least
// 2048 bits.
var defaultGroups = []*groups.Group{
	groups.FFDHE2048, groups.FFDHE3072, groups.FFDHE4096, groups.FFDHE6144, groups.FFDHE8192,
	groups.MODP2048, groups.MODP3072, groups.MODP4096, groups.MODP6144, groups.MODP8192,
}

// settings is a validated Config with every default applied.
type settings struct {
	exponentBits int // 0: the group's default
	keySize      int
	early        []byte // HKDF-Extract of the PSK, see keys.go
	maxMessage   int
	rand         io.Reader
}

// allowedGroup is a group of the server's allow-list and its identifier.
type allowedGroup struct {
	id    uint16
	group *groups.Group
}

// newSettings validates cfg and applies its defaults. largest is the length
// of the longest message of the groups the side will use, which
// MaxMessageSize must admit.
func newSettings(cfg *Config, largest int) (*settings, error) {
	s := &settings{
		exponentBits: cfg.ExponentBits,
		keySize:      cfg.KeySize,
		maxMessage:   cfg.MaxMessageSize,
		rand:         cfg.Rand,
	}
	if s.keySize == 0 {
		s.keySize = 32
	}
	if s.keySize != 16 && s.keySize != 32 {
		return nil, fmt.Errorf("%w: KeySize %d, want 16 or 32", ErrConfig, cfg.KeySize)
	}
	if s.exponentBits < 0 {
		return nil, fmt.Errorf("%w: negative ExponentBits %d", ErrConfig, cfg.ExponentBits)
	}
	if cfg.PSK != nil && len(cfg.PSK) < MinPSKSize {
		return nil, fmt.Errorf("%w: PSK of %d bytes, want at least %d", ErrConfig, len(cfg.PSK), MinPSKSize)
	}
	var err error
	if s.early, err = earlySecret(cfg.PSK); err != nil {
		return nil, err
	}
	if s.maxMessage == 0 {
		s.maxMessage = DefaultMaxMessageSize
	}
	if s.maxMessage < largest || s.maxMessage > maxFrameSize {
		return nil, fmt.Errorf("%w: MaxMessageSize %d, want %d to %d for these groups",
			ErrConfig, cfg.MaxMessageSize, largest, maxFrameSize)
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	return s, nil
}

// largestMessage returns the length of the longest message a handshake in g
// exchanges: the server hello.
func largestMessage(g *groups.Group) int {
	return serverHelloFixed + groupSize(g)
}

// groupSize returns the length in bytes of g's prime, and so of its public
// values.
func groupSize(g *groups.Group) int {
	return (g.Bits() + 7) / 8
}

// serverExponentBits is the size of the server's exponent: its own size,
// or the client's announced one when larger, up to twice its own. The
// announced size is unauthenticated when the server reads it, and the cost
// of the server's two exponentiations grows with it; past 2 × the group's
// strength (the default) a longer exponent adds no security anyway.
func serverExponentBits(own, announced int) int {
	return max(own, min(announced, 2*own))
}

// validExponentBits reports whether dh.GenerateKeyBits accepts bits for g.
func validExponentBits(g *groups.Group, bits int) bool {
	return bits >= dh.MinExponentBits && bits <= g.Bits()
}
