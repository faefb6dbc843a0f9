package handshake

import (
	"crypto/hmac"
	"fmt"
	"io"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

// Client is the client side of one handshake. Its methods are safe to call
// from several goroutines, but the handshake itself is a sequence: Hello,
// then Verify (or Handshake, which does both, and meanwhile makes Hello and
// Verify fail with ErrState), and a Client is used once.
type Client struct {
	side
	group   *groups.Group
	groupID uint16

	priv  *dh.PrivateKey // guarded by mu, from Hello to Verify
	hello []byte         // the client hello, kept for the transcript
}

// NewClient returns a Client for one handshake, configured by cfg (nil for
// the defaults). It fails with ErrConfig for an invalid Config, and
// with ErrUnsupportedGroup for a group the protocol has no identifier for.
func NewClient(cfg *Config) (*Client, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	g := cfg.Group
	if g == nil {
		g = groups.FFDHE2048
	}
	id, ok := groupID(g)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnsupportedGroup, g.Name())
	}
	set, err := newSettings(cfg, largestMessage(g))
	if err != nil {
		return nil, err
	}
	if set.exponentBits != 0 && !validExponentBits(g, set.exponentBits) {
		return nil, fmt.Errorf("%w: ExponentBits %d out of range for %s", ErrConfig, set.exponentBits, g.Name())
	}
	return &Client{side: side{set: set}, group: g, groupID: id}, nil
}

// Hello starts the handshake and returns the client hello, for the server's
// Hello. It draws the secret exponent and the nonce from Config.Rand.
func (c *Client) Hello() ([]byte, error) { return c.helloStep(false) }

func (c *Client) helloStep(driver bool) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.byDriver(driver, "Client.Hello"); err != nil {
		return nil, err
	}
	if c.state != stateStart || c.set == nil {
		return nil, fmt.Errorf("%w: Client.Hello called twice, after a failure, or on a Client not made by NewClient", ErrState)
	}
	c.state = stateFailed // until it succeeds
	bits := c.set.exponentBits
	if bits == 0 {
		bits = dh.ExponentBits(c.group)
	}
	priv, err := dh.GenerateKeyBits(c.group, c.set.rand, bits)
	if err != nil {
		return nil, fmt.Errorf("handshake: %w", err)
	}
	nonce := make([]byte, nonceSize)
	if _, err := io.ReadFull(c.set.rand, nonce); err != nil {
		return nil, fmt.Errorf("handshake: reading the nonce: %w", err)
	}
	m := clientHello{
		group:        c.groupID,
		exponentBits: uint16(bits),
		nonce:        nonce,
		public:       priv.PublicKey().Bytes(),
	}
	c.priv = priv
	c.hello = m.marshal()
	c.state = stateHelloDone
	return append([]byte(nil), c.hello...), nil
}

// Verify checks the server hello, returns the client verify for the
// server's Verify, and establishes the key (see Key). It fails with
// ErrMalformed, ErrTooLarge, dh.ErrInvalidPublicKey or ErrAuthFailed, after
// which the handshake is over.
func (c *Client) Verify(msg []byte) ([]byte, error) { return c.verifyStep(msg, false) }

func (c *Client) verifyStep(msg []byte, driver bool) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.byDriver(driver, "Client.Verify"); err != nil {
		return nil, err
	}
	if c.state != stateHelloDone {
		return nil, fmt.Errorf("%w: Client.Verify called before Hello, twice or after a failure", ErrState)
	}
	c.state = stateFailed // until it succeeds
	priv := c.priv
	c.priv = nil
	cv, key, err := c.verify(priv, msg)
	if err != nil {
		return nil, err
	}
	c.key = key
	c.state = stateDone
	return cv, nil
}

func (c *Client) verify(priv *dh.PrivateKey, msg []byte) (cv, key []byte, err error) {
	if len(msg) > c.set.maxMessage {
		return nil, nil, fmt.Errorf("%w: server hello of %d bytes", ErrTooLarge, len(msg))
	}
	sh, err := parseServerHello(msg)
	if err != nil {
		return nil, nil, err
	}
	if len(sh.public) != groupSize(c.group) {
		return nil, nil, fmt.Errorf("%w: server public value of %d bytes for %s", ErrMalformed, len(sh.public), c.group.Name())
	}
	peer, err := dh.NewPublicKey(c.group, sh.public)
	if err != nil {
		return nil, nil, fmt.Errorf("handshake: server public value: %w", err)
	}
	zz, err := priv.SharedSecret(peer)
	if err != nil {
		return nil, nil, fmt.Errorf("handshake: %w", err)
	}
	defer clear(zz)
	th1 := transcript(c.set.keySize, c.hello, msg[:len(msg)-macSize])
	ks, err := newSchedule(c.set.early, zz, th1)
	if err != nil {
		return nil, nil, err
	}
	defer ks.wipe()
	if !hmac.Equal(sh.mac, mac(ks.server, th1)) {
		return nil, nil, ErrAuthFailed
	}
	th := newTranscript(c.set.keySize, c.hello, msg)
	cv = marshalClientVerify(mac(ks.client, th.sum()))
	th.add(cv)
	return cv, ks.sessionKey(th.sum(), c.set.keySize), nil
}

// Key returns a copy of the negotiated key, KeySize bytes, once Verify has
// succeeded, and nil before that or after a failure.
func (c *Client) Key() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.established()
}

// fail ends the handshake, as the stream driver does when the connection
// fails after a successful step.
func (c *Client) fail() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.end()
	c.priv = nil
}
