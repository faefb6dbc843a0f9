package bench

import (
	"errors"
	"time"

	"aidanwoods.dev/go-paseto"
	"github.com/fernet/fernet-go"
	"github.com/golang-jwt/jwt/v5"
	"github.com/gorilla/securecookie"
)

// peers lists the libraries people pick instead of tickets, each configured
// as its documentation shows, with the same lifetime and payloads.
func peers() []implementation {
	var all []implementation
	for _, enc := range []struct {
		name string
		sz   securecookie.Serializer
	}{
		{"gob", securecookie.GobEncoder{}},
		{"json", securecookie.JSONEncoder{}},
		{"nop", securecookie.NopEncoder{}},
	} {
		all = append(all,
			implementation{name: "securecookie-" + enc.name, kind: "signed", new: func(p []byte) (codec, error) {
				return newSecureCookie(nil, enc.sz, p)
			}},
			implementation{name: "securecookie-" + enc.name + "-aes", kind: "encrypted", new: func(p []byte) (codec, error) {
				return newSecureCookie(key32("securecookie-block"), enc.sz, p)
			}},
		)
	}
	return append(all,
		implementation{name: "fernet", kind: "encrypted", new: newFernet},
		implementation{name: "paseto-v4-local", kind: "encrypted", new: newPaseto},
		implementation{name: "jwt-hs256", kind: "signed", new: newJWT},
	)
}

// securecookie: HMAC-SHA256 (its default), AES-256-CTR when a block key is
// given, MaxAge set to the lifetime. The gob and JSON serializers carry the
// payload as a string, the Nop serializer as raw bytes.
type secureCookieCodec struct {
	sc      *securecookie.SecureCookie
	nop     bool
	data    []byte
	value   any
	scratch []byte
	ticket  string
}

const cookieName = "ticket"

func newSecureCookie(blockKey []byte, sz securecookie.Serializer, p []byte) (codec, error) {
	sc := securecookie.New(key32("securecookie-hash"), blockKey).
		SetSerializer(sz).MaxAge(int(lifetime / time.Second))
	_, nop := sz.(securecookie.NopEncoder)
	c := &secureCookieCodec{sc: sc, nop: nop, data: p, value: string(p), scratch: make([]byte, len(p))}
	var err error
	c.ticket, err = c.encode()
	return c, err
}

// encode hands the Nop serializer a scratch copy of the payload, because
// securecookie encrypts the serialized bytes in place and the Nop serializer
// passes the caller's slice through.
func (c *secureCookieCodec) encode() (string, error) {
	if c.nop {
		copy(c.scratch, c.data)
		return c.sc.Encode(cookieName, c.scratch)
	}
	return c.sc.Encode(cookieName, c.value)
}

func (c *secureCookieCodec) text() string { return c.ticket }

func (c *secureCookieCodec) create() error {
	t, err := c.encode()
	sinkString = t
	return err
}

func (c *secureCookieCodec) validate() error {
	_, err := c.payload()
	return err
}

func (c *secureCookieCodec) payload() ([]byte, error) {
	if c.nop {
		var b []byte
		err := c.sc.Decode(cookieName, c.ticket, &b)
		sinkBytes = b
		return b, err
	}
	var s string
	err := c.sc.Decode(cookieName, c.ticket, &s)
	sinkString = s
	return []byte(s), err
}

// fernet-go: AES-128-CBC + HMAC-SHA256, the TTL set to the lifetime.
type fernetCodec struct {
	keys   []*fernet.Key
	data   []byte
	ticket []byte
}

func newFernet(p []byte) (codec, error) {
	var k fernet.Key
	copy(k[:], key32("fernet"))
	c := &fernetCodec{keys: []*fernet.Key{&k}, data: p}
	var err error
	c.ticket, err = fernet.EncryptAndSign(p, &k)
	return c, err
}

func (c *fernetCodec) text() string { return string(c.ticket) }

func (c *fernetCodec) create() error {
	t, err := fernet.EncryptAndSign(c.data, c.keys[0])
	sinkBytes = t
	return err
}

func (c *fernetCodec) validate() error {
	_, err := c.payload()
	return err
}

var errPeerRejected = errors.New("bench: peer rejected its own ticket")

func (c *fernetCodec) payload() ([]byte, error) {
	msg := fernet.VerifyAndDecrypt(c.ticket, lifetime, c.keys)
	sinkBytes = msg
	if msg == nil {
		return nil, errPeerRejected
	}
	return msg, nil
}

// PASETO v4.local (XChaCha20 + BLAKE2b-MAC): the payload in a "data" claim,
// with iat and exp; the default parser checks exp.
type pasetoCodec struct {
	key    paseto.V4SymmetricKey
	parser paseto.Parser
	data   []byte
	ticket string
}

func newPaseto(p []byte) (codec, error) {
	key, err := paseto.V4SymmetricKeyFromBytes(key32("paseto"))
	if err != nil {
		return nil, err
	}
	c := &pasetoCodec{key: key, parser: paseto.NewParser(), data: p}
	c.ticket = c.make()
	return c, nil
}

func (c *pasetoCodec) make() string {
	now := time.Now()
	t := paseto.NewToken()
	t.SetIssuedAt(now)
	t.SetExpiration(now.Add(lifetime))
	t.SetString("data", string(c.data))
	return t.V4Encrypt(c.key, nil)
}

func (c *pasetoCodec) text() string { return c.ticket }

func (c *pasetoCodec) create() error {
	sinkString = c.make()
	return nil
}

func (c *pasetoCodec) validate() error {
	_, err := c.payload()
	return err
}

func (c *pasetoCodec) payload() ([]byte, error) {
	t, err := c.parser.ParseV4Local(c.key, c.ticket, nil)
	if err != nil {
		return nil, err
	}
	s, err := t.GetString("data")
	sinkString = s
	return []byte(s), err
}

// golang-jwt HS256: the payload in a "data" claim next to the registered iat
// and exp claims; parsing requires HS256 and an exp.
type jwtClaims struct {
	Data string `json:"data"`
	jwt.RegisteredClaims
}

type jwtCodec struct {
	key    []byte
	parser *jwt.Parser
	data   []byte
	ticket string
}

func newJWT(p []byte) (codec, error) {
	c := &jwtCodec{
		key:    key32("jwt"),
		parser: jwt.NewParser(jwt.WithValidMethods([]string{"HS256"}), jwt.WithExpirationRequired()),
		data:   p,
	}
	var err error
	c.ticket, err = c.make()
	return c, err
}

func (c *jwtCodec) make() (string, error) {
	now := time.Now()
	claims := jwtClaims{Data: string(c.data), RegisteredClaims: jwt.RegisteredClaims{
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(lifetime)),
	}}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(c.key)
}

func (c *jwtCodec) text() string { return c.ticket }

func (c *jwtCodec) create() error {
	t, err := c.make()
	sinkString = t
	return err
}

func (c *jwtCodec) validate() error {
	_, err := c.payload()
	return err
}

func (c *jwtCodec) keyFunc(*jwt.Token) (any, error) { return c.key, nil }

func (c *jwtCodec) payload() ([]byte, error) {
	var claims jwtClaims
	if _, err := c.parser.ParseWithClaims(c.ticket, &claims, c.keyFunc); err != nil {
		return nil, err
	}
	sinkString = claims.Data
	return []byte(claims.Data), nil
}
