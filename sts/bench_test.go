package sts

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"slices"
	"testing"
	"time"
	"unsafe"
)

// Benchmark payload sizes: a 38-byte user string (issue 7's "small"), 40
// bytes and 1 KiB.
var benchSizes = []struct {
	name string
	n    int
}{{"38B", 38}, {"40B", 40}, {"1KiB", 1024}}

var benchModes = []struct {
	name string
	opts Options
}{{"signed", Options{}}, {"encrypted", Options{Encrypt: true}}}

func benchService(b *testing.B) *Service {
	s, err := New(testKey(1), &Config{Lifetime: time.Hour})
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkCreate(b *testing.B) {
	s := benchService(b)
	for _, m := range benchModes {
		for _, sz := range benchSizes {
			b.Run(m.name+"/"+sz.name, func(b *testing.B) {
				var data any = pattern(sz.n, 1)
				b.ReportAllocs()
				b.SetBytes(int64(sz.n))
				for b.Loop() {
					if _, err := s.CreateTicketWith(data, nil, m.opts); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	s := benchService(b)
	for _, m := range benchModes {
		for _, sz := range benchSizes {
			b.Run(m.name+"/"+sz.name, func(b *testing.B) {
				ticket, err := s.CreateTicketWith(pattern(sz.n, 1), nil, m.opts)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.SetBytes(int64(sz.n))
				for b.Loop() {
					if _, err := s.ValidateTicket(ticket, nil); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkValidateParallel measures throughput with b.RunParallel; run it
// with -cpu 1,2 to see how validation scales (no lock is shared).
func BenchmarkValidateParallel(b *testing.B) {
	s := benchService(b)
	ticket, err := s.CreateTicket(pattern(38, 1), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := s.ValidateTicket(ticket, nil); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// floorTicket is the result of the floor validator.
type floorTicket struct {
	IssuedAt, ExpiresAt time.Time
	Data                []byte
}

// floor is issue 7's signed floor, the least work a validator of the same
// job must do: base64url(issuedAt | expiresAt | payload | HMAC-SHA256),
// decoded in place into a reused buffer, the tag checked with a reused
// HMAC, the clock read once and one result allocated.
type floor struct {
	mac hash.Hash
	raw []byte
	sum [sha256.Size]byte
}

func (f *floor) create(payload []byte) string {
	now := time.Now().Unix()
	b := binary.BigEndian.AppendUint64(f.raw[:0], uint64(now))
	b = binary.BigEndian.AppendUint64(b, uint64(now+3600))
	b = append(b, payload...)
	f.mac.Reset()
	f.mac.Write(b)
	b = f.mac.Sum(b)
	f.raw = b
	return b64.EncodeToString(b)
}

func (f *floor) validate(ticket string) (*floorTicket, error) {
	n := b64.DecodedLen(len(ticket))
	if n < 16+sha256.Size {
		return nil, ErrMalformed
	}
	if cap(f.raw) < n {
		f.raw = make([]byte, n)
	}
	f.raw = f.raw[:n]
	if _, err := b64.Decode(f.raw, unsafe.Slice(unsafe.StringData(ticket), len(ticket))); err != nil {
		return nil, ErrMalformed
	}
	body, tag := f.raw[:n-sha256.Size], f.raw[n-sha256.Size:]
	f.mac.Reset()
	f.mac.Write(body)
	if !hmac.Equal(f.mac.Sum(f.sum[:0]), tag) {
		return nil, ErrInvalid
	}
	iat := int64(binary.BigEndian.Uint64(body))
	exp := int64(binary.BigEndian.Uint64(body[8:]))
	now := time.Now().Unix()
	if iat > now+60 || now >= exp {
		return nil, ErrExpired
	}
	return &floorTicket{IssuedAt: time.Unix(iat, 0), ExpiresAt: time.Unix(exp, 0), Data: body[16:]}, nil
}

func BenchmarkFloorValidate(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			f := &floor{mac: hmac.New(sha256.New, testKey(1))}
			ticket := f.create(pattern(sz.n, 1))
			b.ReportAllocs()
			b.SetBytes(int64(sz.n))
			for b.Loop() {
				if _, err := f.validate(ticket); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkValidateVsFloor interleaves short batches of ValidateTicket and
// of the floor validator on the same payload size and reports the median of
// the per-pair cost ratios (metric "x-floor"): on a noisy shared machine a
// burst of load spoils a few pairs, not the result.
func BenchmarkValidateVsFloor(b *testing.B) {
	const batch = 32
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			s := benchService(b)
			ticket, err := s.CreateTicket(pattern(sz.n, 1), nil)
			if err != nil {
				b.Fatal(err)
			}
			f := &floor{mac: hmac.New(sha256.New, testKey(1))}
			floorTicket := f.create(pattern(sz.n, 1))
			var ratios []float64
			b.ReportAllocs()
			for b.Loop() {
				t0 := time.Now()
				for range batch {
					if _, err := s.ValidateTicket(ticket, nil); err != nil {
						b.Fatal(err)
					}
				}
				t1 := time.Now()
				for range batch {
					if _, err := f.validate(floorTicket); err != nil {
						b.Fatal(err)
					}
				}
				ratios = append(ratios, float64(t1.Sub(t0))/float64(time.Since(t1)))
			}
			slices.Sort(ratios)
			b.ReportMetric(ratios[len(ratios)/2], "x-floor")
		})
	}
}
