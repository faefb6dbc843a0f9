package bench

import (
	"bytes"
	"encoding/base64"
	"testing"
)

// A codec is one ticket implementation set up for one payload. Setting it up
// makes one ticket; create makes a fresh one, validate checks the one made
// at setup, and payload validates it and returns the data it carries (for
// the tests, which check that every implementation really round-trips).
type codec interface {
	create() error
	validate() error
	payload() ([]byte, error)
	text() string // the ticket made at setup
}

// An implementation makes codecs. Its name is the last element of the
// benchmark name (BenchmarkValidate/38B/<name>); kind is "signed" or
// "encrypted", and an encrypted implementation must not show its payload.
type implementation struct {
	name string
	kind string
	new  func(payload []byte) (codec, error)
}

// implementations lists the floors, ours and the peers, in benchmark order.
func implementations() []implementation {
	var all []implementation
	all = append(all, floors()...)
	all = append(all, ours()...)
	all = append(all, peers()...)
	return all
}

// Sinks keep the compiler from optimising results away. Each has the
// result's own type, so storing into it never allocates.
var (
	sinkString string
	sinkBytes  []byte
	sinkFloor  floorTicket
)

func TestRoundTrip(t *testing.T) {
	for _, impl := range implementations() {
		for _, p := range payloads {
			t.Run(p.name+"/"+impl.name, func(t *testing.T) {
				c, err := impl.new(bytes.Clone(p.data))
				if err != nil {
					t.Fatal(err)
				}
				if err := c.create(); err != nil {
					t.Fatalf("create: %v", err)
				}
				if err := c.validate(); err != nil {
					t.Fatalf("validate: %v", err)
				}
				got, err := c.payload()
				if err != nil {
					t.Fatalf("payload: %v", err)
				}
				if !bytes.Equal(got, p.data) {
					t.Fatalf("payload: got %d bytes %.40q, want %d bytes %.40q", len(got), got, len(p.data), p.data)
				}
			})
		}
	}
}

// exposes reports whether payload can be read from b, directly or after up
// to depth rounds of splitting at the formats' separators and base64
// decoding (securecookie nests two layers).
func exposes(b, payload []byte, depth int) bool {
	if bytes.Contains(b, payload) {
		return true
	}
	if depth == 0 {
		return false
	}
	for _, part := range bytes.FieldsFunc(b, func(r rune) bool { return r == '|' || r == '.' || r == ':' }) {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
			if d, err := enc.DecodeString(string(part)); err == nil && exposes(d, payload, depth-1) {
				return true
			}
		}
	}
	return false
}

// TestEncryptedHidePayload guards the encrypted side of the comparison: an
// implementation set up without its cipher would look fast and be wrong. The
// signed ones, for contrast, must show the payload to this same check.
func TestEncryptedHidePayload(t *testing.T) {
	for _, impl := range implementations() {
		c, err := impl.new(bytes.Clone(small))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := exposes([]byte(c.text()), small, 2), impl.kind == "signed"; got != want {
			t.Errorf("%s (%s): payload readable from the ticket = %v, want %v", impl.name, impl.kind, got, want)
		}
	}
}

func BenchmarkCreate(b *testing.B)   { benchCodecs(b, codec.create) }
func BenchmarkValidate(b *testing.B) { benchCodecs(b, codec.validate) }

// benchCodecs runs op on every implementation and payload, one sub-benchmark
// each, named payload/implementation.
func benchCodecs(b *testing.B, op func(codec) error) {
	for _, p := range payloads {
		for _, impl := range implementations() {
			b.Run(p.name+"/"+impl.name, func(b *testing.B) {
				c, err := impl.new(bytes.Clone(p.data))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				withCPU(b, func() {
					for b.Loop() {
						if err := op(c); err != nil {
							b.Fatal(err)
						}
					}
				})
			})
		}
	}
}
