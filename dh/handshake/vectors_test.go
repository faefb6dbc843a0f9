package handshake

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/crypto/hkdf"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
	"github.com/gotickets/tickets/testvectors"
)

var update = flag.Bool("update", false, "rewrite testvectors/handshake.json from the generator")

const vectorFileName = "handshake.json"

type vectorFile struct {
	Algorithm     string            `json:"algorithm"`
	Generator     string            `json:"generator"`
	Notes         map[string]string `json:"notes"`
	NumberOfTests int               `json:"numberOfTests"`
	Tests         []vector          `json:"tests"`
}

// vector is one handshake. Hex fields are empty where the handshake did not
// get that far. Rand fields are every byte each side read from Config.Rand.
type vector struct {
	TcID               int      `json:"tcId"`
	Comment            string   `json:"comment"`
	Flags              []string `json:"flags"`
	Result             string   `json:"result"`
	Group              string   `json:"group"`
	ServerGroups       []string `json:"serverGroups"`
	KeySize            int      `json:"keySize"`
	ClientExponentBits int      `json:"clientExponentBits"`
	ServerExponentBits int      `json:"serverExponentBits"`
	ClientPSK          string   `json:"clientPsk"`
	ServerPSK          string   `json:"serverPsk"`
	ClientRand         string   `json:"clientRand"`
	ServerRand         string   `json:"serverRand"`
	ClientHello        string   `json:"clientHello"`
	ServerHello        string   `json:"serverHello"`
	ClientVerify       string   `json:"clientVerify"`
	ZZ                 string   `json:"zz"`
	Key                string   `json:"key"`
	Altered            []string `json:"altered"`
	FailsAt            string   `json:"failsAt"`
	Error              string   `json:"error"`
}

const (
	atServerHello  = "Server.Hello"
	atClientVerify = "Client.Verify"
	atServerVerify = "Server.Verify"
)

var vectorErrors = map[string]error{
	"ErrMalformed":           ErrMalformed,
	"ErrUnsupportedGroup":    ErrUnsupportedGroup,
	"ErrAuthFailed":          ErrAuthFailed,
	"ErrTooLarge":            ErrTooLarge,
	"dh.ErrInvalidPublicKey": dh.ErrInvalidPublicKey,
}

func errorName(err error) string {
	for name, e := range vectorErrors {
		if errors.Is(err, e) {
			return name
		}
	}
	return "unexpected: " + err.Error()
}

// vectorCase is the recipe of one vector: honest sides, and what a
// malicious peer changes in a message.
type vectorCase struct {
	comment                      string
	flags                        []string
	group                        *groups.Group
	serverGroups                 []*groups.Group
	keySize                      int
	clientBits, serverBits       int
	clientPSK, serverPSK         []byte
	failsAt                      string
	err                          error
	tamperCH, tamperSH, tamperCV func([]byte) []byte
}

// recorder keeps every byte read through it.
type recorder struct {
	r   io.Reader
	got []byte
}

func (r *recorder) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	r.got = append(r.got, p[:n]...)
	return n, err
}

func setPublic(off func([]byte) int, y *big.Int) func([]byte) []byte {
	return func(m []byte) []byte {
		y.FillBytes(m[off(m) : off(m)+groupSize(groups.FFDHE2048)])
		return m
	}
}

// flip changes the lowest bit of byte i of a message, counting from the end
// when i is negative.
func flip(i int) func([]byte) []byte {
	return func(m []byte) []byte {
		j := i
		if j < 0 {
			j += len(m)
		}
		m[j] ^= 1
		return m
	}
}

func vectorCases() []vectorCase {
	p := groups.FFDHE2048.P()
	one := big.NewInt(1)
	nr := big.NewInt(2)
	for big.Jacobi(nr, p) != -1 {
		nr.Add(nr, one)
	}
	chY := func([]byte) int { return clientHelloFixed }
	shY := func([]byte) int { return headerSize + nonceSize }
	psk2 := bytes.Repeat([]byte{0xa5}, 32)
	otherSH := func([]byte) []byte {
		c := mustClientQuiet(&Config{Rand: testRand(9001)})
		s, _ := NewServer(&Config{Rand: testRand(9002)})
		hello, _ := c.Hello()
		sh, _ := s.Hello(hello)
		return sh
	}
	otherCV := func([]byte) []byte {
		c := mustClientQuiet(&Config{Rand: testRand(9003)})
		s, _ := NewServer(&Config{Rand: testRand(9004)})
		hello, _ := c.Hello()
		sh, _ := s.Hello(hello)
		cv, _ := c.Verify(sh)
		return cv
	}
	return []vectorCase{
		{comment: "defaults: ffdhe2048, 32-byte key, no PSK", flags: []string{"NoPSK"}},
		{comment: "16-byte key", flags: []string{"NoPSK"}, keySize: 16},
		{comment: "PSK", flags: []string{"PSK"}, clientPSK: psk, serverPSK: psk},
		{comment: "PSK, 16-byte key", flags: []string{"PSK"}, keySize: 16, clientPSK: psk, serverPSK: psk},
		{comment: "ffdhe3072 with PSK", flags: []string{"PSK"}, group: groups.FFDHE3072, clientPSK: psk, serverPSK: psk},
		{comment: "ffdhe4096: 304-bit default exponents", flags: []string{"NoPSK"}, group: groups.FFDHE4096},
		{comment: "modp2048 (RFC 3526 group 14)", flags: []string{"NoPSK"}, group: groups.MODP2048},
		{comment: "modp1536, allowed when listed", flags: []string{"NoPSK", "Legacy"}, group: groups.MODP1536, serverGroups: []*groups.Group{groups.MODP1536}},
		{comment: "client asks for 512-bit exponents: the server follows", flags: []string{"ExponentSize"}, clientBits: 512},
		{comment: "server uses 384-bit exponents, client 160", flags: []string{"ExponentSize"}, clientBits: 160, serverBits: 384},

		{comment: "client public value 0", flags: []string{"BadPublicValue"}, failsAt: atServerHello, err: dh.ErrInvalidPublicKey, tamperCH: setPublic(chY, new(big.Int))},
		{comment: "client public value 1", flags: []string{"BadPublicValue"}, failsAt: atServerHello, err: dh.ErrInvalidPublicKey, tamperCH: setPublic(chY, one)},
		{comment: "client public value p-1", flags: []string{"BadPublicValue"}, failsAt: atServerHello, err: dh.ErrInvalidPublicKey, tamperCH: setPublic(chY, new(big.Int).Sub(p, one))},
		{comment: "client public value p", flags: []string{"BadPublicValue"}, failsAt: atServerHello, err: dh.ErrInvalidPublicKey, tamperCH: setPublic(chY, p)},
		{comment: "client public value: the smallest quadratic non-residue", flags: []string{"BadPublicValue"}, failsAt: atServerHello, err: dh.ErrInvalidPublicKey, tamperCH: setPublic(chY, nr)},
		{comment: "modp1536 is not in the default allow-list", flags: []string{"Group"}, group: groups.MODP1536, failsAt: atServerHello, err: ErrUnsupportedGroup},
		{comment: "ffdhe3072 outside a configured allow-list", flags: []string{"Group"}, group: groups.FFDHE3072, serverGroups: []*groups.Group{groups.FFDHE2048}, failsAt: atServerHello, err: ErrUnsupportedGroup},
		{comment: "unknown group identifier 0", flags: []string{"Group"}, failsAt: atServerHello, err: ErrUnsupportedGroup, tamperCH: func(m []byte) []byte { m[2], m[3] = 0, 0; return m }},
		{comment: "version 2", flags: []string{"Malformed"}, failsAt: atServerHello, err: ErrMalformed, tamperCH: func(m []byte) []byte { m[0] = 2; return m }},
		{comment: "server hello type in a client hello", flags: []string{"Malformed"}, failsAt: atServerHello, err: ErrMalformed, tamperCH: func(m []byte) []byte { m[1] = typeServerHello; return m }},
		{comment: "client hello one byte short", flags: []string{"Malformed"}, failsAt: atServerHello, err: ErrMalformed, tamperCH: func(m []byte) []byte { return m[:len(m)-1] }},
		{comment: "client hello with a trailing byte", flags: []string{"Malformed"}, failsAt: atServerHello, err: ErrMalformed, tamperCH: func(m []byte) []byte { return append(m, 0) }},
		{comment: "client hello without a public value", flags: []string{"Malformed"}, failsAt: atServerHello, err: ErrMalformed, tamperCH: func(m []byte) []byte { return m[:clientHelloFixed] }},
		{comment: "exponent size 159 bits", flags: []string{"ExponentSize"}, failsAt: atServerHello, err: ErrMalformed, tamperCH: func(m []byte) []byte { m[4], m[5] = 0, 159; return m }},
		{comment: "exponent size 2049 bits in a 2048-bit group", flags: []string{"ExponentSize"}, failsAt: atServerHello, err: ErrMalformed, tamperCH: func(m []byte) []byte { m[4], m[5] = 0x08, 0x01; return m }},

		{comment: "server public value 1", flags: []string{"BadPublicValue"}, failsAt: atClientVerify, err: dh.ErrInvalidPublicKey, tamperSH: setPublic(shY, one)},
		{comment: "server public value p-1", flags: []string{"BadPublicValue"}, failsAt: atClientVerify, err: dh.ErrInvalidPublicKey, tamperSH: setPublic(shY, new(big.Int).Sub(p, one))},
		{comment: "server MAC altered", flags: []string{"Tampered"}, failsAt: atClientVerify, err: ErrAuthFailed, tamperSH: flip(-1)},
		{comment: "server nonce altered", flags: []string{"Tampered"}, failsAt: atClientVerify, err: ErrAuthFailed, tamperSH: flip(headerSize)},
		{comment: "client nonce altered before the server saw it", flags: []string{"Tampered"}, failsAt: atClientVerify, err: ErrAuthFailed, tamperCH: flip(6)},
		{comment: "server hello replayed from another session", flags: []string{"Replay"}, failsAt: atClientVerify, err: ErrAuthFailed, tamperSH: otherSH},
		{comment: "PSK mismatch", flags: []string{"PSK"}, clientPSK: psk, serverPSK: psk2, failsAt: atClientVerify, err: ErrAuthFailed},
		{comment: "server without the client's PSK", flags: []string{"PSK"}, clientPSK: psk, failsAt: atClientVerify, err: ErrAuthFailed},
		{comment: "server hello one byte short", flags: []string{"Malformed"}, failsAt: atClientVerify, err: ErrMalformed, tamperSH: func(m []byte) []byte { return m[:len(m)-1] }},

		{comment: "client MAC altered", flags: []string{"Tampered"}, failsAt: atServerVerify, err: ErrAuthFailed, tamperCV: flip(-1)},
		{comment: "client verify replayed from another session", flags: []string{"Replay"}, failsAt: atServerVerify, err: ErrAuthFailed, tamperCV: otherCV},
		{comment: "client verify one byte short", flags: []string{"Malformed"}, failsAt: atServerVerify, err: ErrMalformed, tamperCV: func(m []byte) []byte { return m[:len(m)-1] }},
		{comment: "client verify of version 2", flags: []string{"Malformed"}, failsAt: atServerVerify, err: ErrMalformed, tamperCV: func(m []byte) []byte { m[0] = 2; return m }},
	}
}

func mustClientQuiet(cfg *Config) *Client {
	c, err := NewClient(cfg)
	if err != nil {
		panic(err) // a fixed, valid Config in the generator
	}
	return c
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

func names(gs []*groups.Group) []string {
	out := []string{}
	for _, g := range gs {
		out = append(out, g.Name())
	}
	return out
}

// generate runs one case with deterministic randomness and records it.
func (vc vectorCase) generate(t *testing.T, id int) vector {
	t.Helper()
	g := vc.group
	if g == nil {
		g = groups.FFDHE2048
	}
	cr := &recorder{r: testRand(uint64(2 * id))}
	sr := &recorder{r: testRand(uint64(2*id + 1))}
	c, err := NewClient(&Config{Group: g, KeySize: vc.keySize, ExponentBits: vc.clientBits, PSK: vc.clientPSK, Rand: cr})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(&Config{Groups: vc.serverGroups, KeySize: vc.keySize, ExponentBits: vc.serverBits, PSK: vc.serverPSK, Rand: sr})
	if err != nil {
		t.Fatal(err)
	}
	v := vector{
		TcID: id, Comment: vc.comment, Flags: vc.flags, Result: "valid",
		Group: g.Name(), ServerGroups: names(vc.serverGroups), KeySize: vc.keySize,
		ClientExponentBits: vc.clientBits, ServerExponentBits: vc.serverBits,
		ClientPSK: hexOf(vc.clientPSK), ServerPSK: hexOf(vc.serverPSK),
		Altered: []string{}, FailsAt: vc.failsAt,
	}
	if v.KeySize == 0 {
		v.KeySize = 32
	}
	if vc.failsAt != "" {
		v.Result, v.Error = "invalid", errorName(vc.err)
	}
	tamper := func(name string, f func([]byte) []byte, m []byte) []byte {
		if f == nil {
			return m
		}
		v.Altered = append(v.Altered, name)
		return f(m)
	}
	check := func(step string, err error) bool {
		t.Helper()
		if step == vc.failsAt {
			if !errors.Is(err, vc.err) {
				t.Fatalf("%s: %s: got %v, want %v", vc.comment, step, err, vc.err)
			}
			return false
		}
		if err != nil {
			t.Fatalf("%s: %s: %v", vc.comment, step, err)
		}
		return true
	}
	ch, err := c.Hello()
	if err != nil {
		t.Fatal(err)
	}
	ch = tamper("clientHello", vc.tamperCH, ch)
	v.ClientHello = hexOf(ch)
	sh, err := s.Hello(ch)
	// Every byte either side will read is read by now.
	v.ClientRand, v.ServerRand = hexOf(cr.got), hexOf(sr.got)
	if !check(atServerHello, err) {
		return v
	}
	sh = tamper("serverHello", vc.tamperSH, sh)
	v.ServerHello = hexOf(sh)
	cv, err := c.Verify(sh)
	if !check(atClientVerify, err) {
		return v
	}
	cv = tamper("clientVerify", vc.tamperCV, cv)
	v.ClientVerify = hexOf(cv)
	if !check(atServerVerify, s.Verify(cv)) {
		return v
	}
	if !bytes.Equal(c.Key(), s.Key()) {
		t.Fatalf("%s: keys differ", vc.comment)
	}
	v.Key = hexOf(c.Key())
	v.ZZ = hexOf(referenceZZ(t, v))
	return v
}

func generateVectors(t *testing.T) []byte {
	f := vectorFile{
		Algorithm: "tickets dh/handshake v1",
		Generator: "go test ./dh/handshake -run TestVectorFile -update",
		Notes: map[string]string{
			"spec":       "dh/handshake/PROTOCOL.md",
			"rand":       "clientRand and serverRand are every byte each side read from Config.Rand, in order: the secret exponent as package dh draws it, then the 32-byte nonce",
			"exponent":   "clientExponentBits and serverExponentBits are the Config values; 0 means the default, max(256, 2 x the group's strength)",
			"psk":        "empty means no PSK",
			"altered":    "the messages a malicious peer changed; every other message is what the honest side produces from its rand field",
			"failsAt":    "for invalid vectors, the call that must fail with error",
			"zz and key": "valid vectors only",
		},
	}
	for i, vc := range vectorCases() {
		f.Tests = append(f.Tests, vc.generate(t, i+1))
	}
	f.NumberOfTests = len(f.Tests)
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// TestVectorFile recreates the vector file byte for byte from the
// generator, and rewrites it with -update.
func TestVectorFile(t *testing.T) {
	got := generateVectors(t)
	if *update {
		if err := os.WriteFile(filepath.Join("..", "..", "testvectors", vectorFileName), got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := testvectors.Raw(vectorFileName)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("the generator no longer produces testvectors/handshake.json: the wire format or the key schedule changed (run with -update only if that is intended)")
	}
}

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestVectors replays every vector through the package: each side, given
// the vector's randomness, must produce the vector's messages, and fail
// where the vector says, with its error.
func TestVectors(t *testing.T) {
	var f vectorFile
	if err := testvectors.Load(vectorFileName, &f); err != nil {
		t.Fatal(err)
	}
	if f.NumberOfTests != len(f.Tests) || len(f.Tests) == 0 {
		t.Fatalf("%d tests, numberOfTests %d", len(f.Tests), f.NumberOfTests)
	}
	for _, v := range f.Tests {
		t.Run(v.Comment, func(t *testing.T) {
			t.Parallel()
			replay(t, v)
		})
	}
}

func replay(t *testing.T, v vector) {
	g, ok := groups.ByName(v.Group)
	if !ok {
		t.Fatalf("unknown group %q", v.Group)
	}
	var allow []*groups.Group
	for _, n := range v.ServerGroups {
		sg, ok := groups.ByName(n)
		if !ok {
			t.Fatalf("unknown group %q", n)
		}
		allow = append(allow, sg)
	}
	var cpsk, spsk []byte
	if v.ClientPSK != "" {
		cpsk = unhex(t, v.ClientPSK)
	}
	if v.ServerPSK != "" {
		spsk = unhex(t, v.ServerPSK)
	}
	want := vectorErrors[v.Error]
	if (v.Result == "valid") != (v.FailsAt == "") || (v.FailsAt != "" && want == nil) {
		t.Fatalf("inconsistent vector: result %q, failsAt %q, error %q", v.Result, v.FailsAt, v.Error)
	}
	c, err := NewClient(&Config{Group: g, KeySize: v.KeySize, ExponentBits: v.ClientExponentBits, PSK: cpsk,
		Rand: bytes.NewReader(unhex(t, v.ClientRand))})
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(&Config{Groups: allow, KeySize: v.KeySize, ExponentBits: v.ServerExponentBits, PSK: spsk,
		Rand: bytes.NewReader(unhex(t, v.ServerRand))})
	if err != nil {
		t.Fatal(err)
	}
	// expect checks the outcome of step; it reports whether to go on.
	expect := func(step string, err error) bool {
		t.Helper()
		if step == v.FailsAt {
			if !errors.Is(err, want) {
				t.Fatalf("%s: got %v, want %v", step, err, v.Error)
			}
			return false
		}
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return true
	}
	// same compares a produced message with the vector's, unless a
	// malicious peer altered the vector's.
	same := func(name string, got []byte, vec string) {
		t.Helper()
		if !slices.Contains(v.Altered, name) && !bytes.Equal(got, unhex(t, vec)) {
			t.Fatalf("%s differs from the vector:\n got %x\nwant %s", name, got, vec)
		}
	}
	ch, err := c.Hello()
	if err != nil {
		t.Fatal(err)
	}
	same("clientHello", ch, v.ClientHello)
	sh, err := s.Hello(unhex(t, v.ClientHello))
	if !expect(atServerHello, err) {
		return
	}
	same("serverHello", sh, v.ServerHello)
	cv, err := c.Verify(unhex(t, v.ServerHello))
	if !expect(atClientVerify, err) {
		return
	}
	same("clientVerify", cv, v.ClientVerify)
	if !expect(atServerVerify, s.Verify(unhex(t, v.ClientVerify))) {
		return
	}
	if hexOf(c.Key()) != v.Key || hexOf(s.Key()) != v.Key {
		t.Fatalf("keys %x and %x, want %s", c.Key(), s.Key(), v.Key)
	}
	checkKeySchedule(t, v)
}

// groupIDsOfSpec is the group table of PROTOCOL.md.
var groupIDsOfSpec = map[string]uint16{
	"modp1536": 5, "modp2048": 14, "modp3072": 15, "modp4096": 16, "modp6144": 17, "modp8192": 18,
	"ffdhe2048": 256, "ffdhe3072": 257, "ffdhe4096": 258, "ffdhe6144": 259, "ffdhe8192": 260,
}

// exponents recovers both secret exponents from the vector's randomness,
// drawn by package dh as the sides did.
func exponents(t *testing.T, v vector, g *groups.Group, clientBits int) (xc, xs *big.Int) {
	t.Helper()
	sBits := v.ServerExponentBits
	if sBits == 0 {
		sBits = max(256, 2*g.Strength())
	}
	kc, err := dh.GenerateKeyBits(g, bytes.NewReader(unhex(t, v.ClientRand)), clientBits)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := dh.GenerateKeyBits(g, bytes.NewReader(unhex(t, v.ServerRand)), max(sBits, min(clientBits, 2*sBits)))
	if err != nil {
		t.Fatal(err)
	}
	return new(big.Int).SetBytes(kc.Bytes()), new(big.Int).SetBytes(ks.Bytes())
}

// referenceZZ computes ZZ of a vector with math/big from the vector's
// messages and randomness.
func referenceZZ(t *testing.T, v vector) []byte {
	t.Helper()
	g, _ := groups.ByName(v.Group)
	ch, sh := unhex(t, v.ClientHello), unhex(t, v.ServerHello)
	n := (g.Bits() + 7) / 8
	xc, xs := exponents(t, v, g, int(binary.BigEndian.Uint16(ch[4:6])))
	p := g.P()
	yc := new(big.Int).SetBytes(ch[38 : 38+n])
	ys := new(big.Int).SetBytes(sh[34 : 34+n])
	if new(big.Int).Exp(g.G(), xc, p).Cmp(yc) != 0 || new(big.Int).Exp(g.G(), xs, p).Cmp(ys) != 0 {
		t.Fatal("a public value is not g^x mod p")
	}
	zz := new(big.Int).Exp(ys, xc, p)
	if zz.Cmp(new(big.Int).Exp(yc, xs, p)) != 0 {
		t.Fatal("the two sides' ZZ differ")
	}
	return zz.FillBytes(make([]byte, n))
}

// checkKeySchedule recomputes a valid vector from PROTOCOL.md alone: the
// offsets of every field, ZZ with math/big, HKDF with
// golang.org/x/crypto/hkdf.
func checkKeySchedule(t *testing.T, v vector) {
	t.Helper()
	g, _ := groups.ByName(v.Group)
	n := (g.Bits() + 7) / 8
	ch, sh, cv := unhex(t, v.ClientHello), unhex(t, v.ServerHello), unhex(t, v.ClientVerify)
	if len(ch) != 38+n || len(sh) != 66+n || len(cv) != 34 {
		t.Fatalf("message lengths %d, %d, %d for N = %d", len(ch), len(sh), len(cv), n)
	}
	if !bytes.Equal(ch[:2], []byte{1, 1}) || !bytes.Equal(sh[:2], []byte{1, 2}) || !bytes.Equal(cv[:2], []byte{1, 3}) {
		t.Fatal("version and type bytes")
	}
	if id := binary.BigEndian.Uint16(ch[2:4]); id != groupIDsOfSpec[v.Group] {
		t.Fatalf("group identifier %d for %s", id, v.Group)
	}
	zz := referenceZZ(t, v)
	if hexOf(zz) != v.ZZ {
		t.Fatalf("ZZ %x, vector %s", zz, v.ZZ)
	}
	th := func(msgs ...[]byte) []byte {
		h := sha256.New()
		h.Write([]byte("tickets dh/handshake v1 transcript"))
		h.Write([]byte{byte(v.KeySize)})
		for _, m := range msgs {
			h.Write([]byte{byte(len(m) >> 8), byte(len(m))})
			h.Write(m)
		}
		return h.Sum(nil)
	}
	var early []byte
	if v.ClientPSK != "" {
		early = hkdf.Extract(sha256.New, unhex(t, v.ClientPSK), nil)
	}
	prk := hkdf.Extract(sha256.New, zz, early)
	expand := func(label string, th []byte, size int) []byte {
		out := make([]byte, size)
		if _, err := io.ReadFull(hkdf.Expand(sha256.New, prk, append([]byte(label), th...)), out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	hm := func(key, msg []byte) []byte {
		h := hmac.New(sha256.New, key)
		h.Write(msg)
		return h.Sum(nil)
	}
	th1 := th(ch, sh[:len(sh)-32])
	ks := expand("tickets dh/handshake v1 server confirmation", th1, 32)
	kc := expand("tickets dh/handshake v1 client confirmation", th1, 32)
	if !bytes.Equal(sh[len(sh)-32:], hm(ks, th1)) {
		t.Error("server MAC is not HMAC(ks, TH1)")
	}
	if !bytes.Equal(cv[2:], hm(kc, th(ch, sh))) {
		t.Error("client MAC is not HMAC(kc, TH2)")
	}
	if key := expand("tickets dh/handshake v1 session key", th(ch, sh, cv), v.KeySize); hexOf(key) != v.Key {
		t.Errorf("key %x, vector %s", key, v.Key)
	}
}
