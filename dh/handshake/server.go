package handshake

import (
	"crypto/hmac"
	"fmt"
	"io"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

// Server is the server side of one handshake. Its methods are safe to call
// from several goroutines, but the handshake itself is a sequence: Hello,
// then Verify (or Handshake, which does both, and meanwhile makes Hello and
// Verify fail with ErrState), and a Server is used once.
// Create one per connection from a shared Config.
type Server struct {
	side
	allowed []allowedGroup

	// Guarded by mu, from Hello to Verify:
	expected []byte // the client verify a peer with the same key sends
	pending  []byte // the key, released by a successful Verify
}

// NewServer returns a Server for one handshake, configured by cfg (nil for
// the defaults). It fails with ErrConfig for an invalid Config, and
// with ErrUnsupportedGroup for a group the protocol has no identifier for.
func NewServer(cfg *Config) (*Server, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	list := cfg.Groups
	if len(list) == 0 {
		list = defaultGroups
	}
	allowed := make([]allowedGroup, 0, len(list))
	largest := 0
	for _, g := range list {
		id, ok := groupID(g)
		if !ok {
			return nil, fmt.Errorf("%w: %q in Groups", ErrUnsupportedGroup, g.Name())
		}
		allowed = append(allowed, allowedGroup{id: id, group: g})
		largest = max(largest, largestMessage(g))
	}
	set, err := newSettings(cfg, largest)
	if err != nil {
		return nil, err
	}
	for _, a := range allowed {
		if set.exponentBits != 0 && !validExponentBits(a.group, set.exponentBits) {
			return nil, fmt.Errorf("%w: ExponentBits %d out of range for %s", ErrConfig, set.exponentBits, a.group.Name())
		}
	}
	return &Server{side: side{set: set}, allowed: allowed}, nil
}

// Hello checks the client hello and returns the server hello, for the
// client's Verify. It fails with ErrMalformed, ErrTooLarge,
// ErrUnsupportedGroup or dh.ErrInvalidPublicKey, after which the handshake
// is over.
func (s *Server) Hello(msg []byte) ([]byte, error) { return s.helloStep(msg, false) }

func (s *Server) helloStep(msg []byte, driver bool) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.byDriver(driver, "Server.Hello"); err != nil {
		return nil, err
	}
	if s.state != stateStart || s.set == nil {
		return nil, fmt.Errorf("%w: Server.Hello called twice, after a failure, or on a Server not made by NewServer", ErrState)
	}
	s.state = stateFailed // until it succeeds
	sh, err := s.hello(msg)
	if err != nil {
		return nil, err
	}
	s.state = stateHelloDone
	return sh, nil
}

func (s *Server) hello(msg []byte) ([]byte, error) {
	if len(msg) > s.set.maxMessage {
		return nil, fmt.Errorf("%w: client hello of %d bytes", ErrTooLarge, len(msg))
	}
	ch, err := parseClientHello(msg)
	if err != nil {
		return nil, err
	}
	g := s.lookup(ch.group)
	if g == nil {
		return nil, fmt.Errorf("%w: identifier %d", ErrUnsupportedGroup, ch.group)
	}
	if len(ch.public) != groupSize(g) {
		return nil, fmt.Errorf("%w: client public value of %d bytes for %s", ErrMalformed, len(ch.public), g.Name())
	}
	if !validExponentBits(g, int(ch.exponentBits)) {
		return nil, fmt.Errorf("%w: exponent size %d bits for %s", ErrMalformed, ch.exponentBits, g.Name())
	}
	peer, err := dh.NewPublicKey(g, ch.public)
	if err != nil {
		return nil, fmt.Errorf("handshake: client public value: %w", err)
	}
	bits := s.set.exponentBits
	if bits == 0 {
		bits = dh.ExponentBits(g)
	}
	priv, err := dh.GenerateKeyBits(g, s.set.rand, serverExponentBits(bits, int(ch.exponentBits)))
	if err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	nonce := make([]byte, nonceSize)
	if _, err := io.ReadFull(s.set.rand, nonce); err != nil {
		return nil, fmt.Errorf("handshake: reading the nonce: %w", err)
	}
	zz, err := priv.SharedSecret(peer)
	if err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	defer clear(zz)

	m := serverHello{nonce: nonce, public: priv.PublicKey().Bytes()}
	sh := m.marshalUnsigned()
	th1 := transcript(s.set.keySize, msg, sh)
	ks, err := newSchedule(s.set.early, zz, th1)
	if err != nil {
		return nil, err
	}
	defer ks.wipe()
	sh = append(sh, mac(ks.server, th1)...)
	th := newTranscript(s.set.keySize, msg, sh)
	cv := marshalClientVerify(mac(ks.client, th.sum()))
	th.add(cv)
	s.expected, s.pending = cv, ks.sessionKey(th.sum(), s.set.keySize)
	return sh, nil
}

func (s *Server) lookup(id uint16) *groups.Group {
	for _, a := range s.allowed {
		if a.id == id {
			return a.group
		}
	}
	return nil
}

// Verify checks the client verify and establishes the key (see Key). It
// fails with ErrMalformed, ErrTooLarge or ErrAuthFailed, after which the
// handshake is over.
func (s *Server) Verify(msg []byte) error { return s.verifyStep(msg, false) }

func (s *Server) verifyStep(msg []byte, driver bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.byDriver(driver, "Server.Verify"); err != nil {
		return err
	}
	if s.state != stateHelloDone {
		return fmt.Errorf("%w: Server.Verify called before Hello, twice or after a failure", ErrState)
	}
	s.state = stateFailed // until it succeeds
	expected, pending := s.expected, s.pending
	s.expected, s.pending = nil, nil
	if len(msg) > s.set.maxMessage {
		clear(pending)
		return fmt.Errorf("%w: client verify of %d bytes", ErrTooLarge, len(msg))
	}
	got, err := parseClientVerify(msg)
	if err != nil {
		clear(pending)
		return err
	}
	if !hmac.Equal(got, expected[headerSize:]) {
		clear(pending)
		return ErrAuthFailed
	}
	s.key = pending
	s.state = stateDone
	return nil
}

// Key returns a copy of the negotiated key, KeySize bytes, once Verify has
// succeeded, and nil before that or after a failure.
func (s *Server) Key() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.established()
}

// fail ends the handshake, as the stream driver does when the connection
// fails after a successful step.
func (s *Server) fail() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.end()
	clear(s.pending)
	s.expected, s.pending = nil, nil
}
