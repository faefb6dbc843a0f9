package sts

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash"
	"slices"
	"sync"
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

// BenchmarkValidateScaling alternates rounds of validations on one
// goroutine and on two at once and reports how much more the two get done
// in the same time ("x-throughput", median over rounds; 2 is perfect
// scaling). "x-throughput-sha256" is the same for bare SHA-256 work in the
// same rounds: what the machine itself allows (a shared or throttled
// machine gives less than 2 whatever the code).
func BenchmarkValidateScaling(b *testing.B) {
	const n = 256
	s := benchService(b)
	ticket, err := s.CreateTicket(pattern(38, 1), nil)
	if err != nil {
		b.Fatal(err)
	}
	validate := func() {
		for range n {
			if _, err := s.ValidateTicket(ticket, nil); err != nil {
				panic(err)
			}
		}
	}
	hash := func() {
		var x [sha256.Size]byte
		for range 4 * n {
			x = sha256.Sum256(x[:])
		}
	}
	gain := func(work func()) float64 {
		t0 := time.Now()
		work()
		one := time.Since(t0)
		t1 := time.Now()
		var wg sync.WaitGroup
		wg.Go(work)
		wg.Go(work)
		wg.Wait()
		return 2 * float64(one) / float64(time.Since(t1))
	}
	var ours, machine []float64
	for b.Loop() {
		ours = append(ours, gain(validate))
		machine = append(machine, gain(hash))
	}
	slices.Sort(ours)
	slices.Sort(machine)
	b.ReportMetric(ours[len(ours)/2], "x-throughput")
	b.ReportMetric(machine[len(machine)/2], "x-throughput-sha256")
}

// floorTicket is the result of the floor validators.
type floorTicket struct {
	IssuedAt, ExpiresAt time.Time
	Data                []byte
}

// floor is issue 7's floors (as in bench/floor_test.go), the least work any
// ticket code of the same job must do, with every shortcut one goroutine may
// take: a reused HMAC (and AES block), reused buffers, the input read in
// place, the clock read once and one result allocated (the string, or the
// payload the caller owns; encrypted ones also allocate the CTR stream). Signed:
// base64url(issuedAt | expiresAt | payload | HMAC-SHA256); encrypted:
// base64url(iv | AES-256-CTR(issuedAt | expiresAt | payload) | HMAC-SHA256).
type floor struct {
	mac   hash.Hash
	block cipher.Block // nil: signed only
	raw   []byte
	enc   []byte
	sum   [sha256.Size]byte
}

func newFloor(encrypted bool) *floor {
	f := &floor{mac: hmac.New(sha256.New, testKey(1))}
	if encrypted {
		f.block, _ = aes.NewCipher(testKey(2))
	}
	return f
}

func (f *floor) create(payload []byte) string {
	now := time.Now().Unix()
	b := f.raw[:0]
	if f.block != nil {
		b = append(b, make([]byte, aes.BlockSize)...)
		rand.Read(b)
	}
	at := len(b)
	b = binary.BigEndian.AppendUint64(b, uint64(now))
	b = binary.BigEndian.AppendUint64(b, uint64(now+3600))
	b = append(b, payload...)
	if f.block != nil {
		cipher.NewCTR(f.block, b[:at]).XORKeyStream(b[at:], b[at:])
	}
	f.mac.Reset()
	f.mac.Write(b)
	b = f.mac.Sum(b)
	f.raw = b
	n := base64.RawURLEncoding.EncodedLen(len(b))
	f.enc = slices.Grow(f.enc[:0], n)[:n]
	base64.RawURLEncoding.Encode(f.enc, b)
	return string(f.enc)
}

func (f *floor) validate(ticket string) (floorTicket, error) {
	n := base64.RawURLEncoding.DecodedLen(len(ticket))
	if n < 16+sha256.Size {
		return floorTicket{}, ErrMalformed
	}
	f.raw = slices.Grow(f.raw[:0], n)[:n]
	if _, err := base64.RawURLEncoding.Decode(f.raw, unsafe.Slice(unsafe.StringData(ticket), len(ticket))); err != nil {
		return floorTicket{}, ErrMalformed
	}
	body, tag := f.raw[:n-sha256.Size], f.raw[n-sha256.Size:]
	f.mac.Reset()
	f.mac.Write(body)
	if !hmac.Equal(f.mac.Sum(f.sum[:0]), tag) {
		return floorTicket{}, ErrInvalid
	}
	var data []byte
	if f.block != nil {
		// Decrypted straight into the one allocation, as ours does.
		plain := make([]byte, len(body)-aes.BlockSize)
		cipher.NewCTR(f.block, body[:aes.BlockSize]).XORKeyStream(plain, body[aes.BlockSize:])
		body, data = plain, plain[16:]
	} else {
		data = bytes.Clone(body[16:])
	}
	iat := int64(binary.BigEndian.Uint64(body))
	exp := int64(binary.BigEndian.Uint64(body[8:]))
	now := time.Now().Unix()
	if iat > now+60 || now >= exp {
		return floorTicket{}, ErrExpired
	}
	return floorTicket{IssuedAt: time.Unix(iat, 0), ExpiresAt: time.Unix(exp, 0), Data: data}, nil
}

func BenchmarkFloorValidate(b *testing.B) {
	for _, m := range benchModes {
		for _, sz := range benchSizes {
			b.Run(m.name+"/"+sz.name, func(b *testing.B) {
				f := newFloor(m.opts.Encrypt)
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
}

// ratio runs short interleaved batches of ours and floor and reports the
// median of the per-pair cost ratios as the metric "x-floor": on a noisy
// shared machine a burst of load spoils a few pairs, not the result.
func ratio(b *testing.B, ours, floor func()) {
	const batch = 32
	var ratios []float64
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		for range batch {
			ours()
		}
		t1 := time.Now()
		for range batch {
			floor()
		}
		ratios = append(ratios, float64(t1.Sub(t0))/float64(time.Since(t1)))
	}
	slices.Sort(ratios)
	b.ReportMetric(ratios[len(ratios)/2], "x-floor")
}

// BenchmarkVsFloor reports CreateTicket and ValidateTicket as multiples of
// the floors (x-floor), signed and encrypted, for each payload size.
func BenchmarkVsFloor(b *testing.B) {
	s := benchService(b)
	for _, m := range benchModes {
		for _, sz := range benchSizes {
			var data any = pattern(sz.n, 1)
			f := newFloor(m.opts.Encrypt)
			b.Run("Create/"+m.name+"/"+sz.name, func(b *testing.B) {
				ratio(b, func() {
					if _, err := s.CreateTicketWith(data, nil, m.opts); err != nil {
						b.Fatal(err)
					}
				}, func() { f.create(data.([]byte)) })
			})
			b.Run("Validate/"+m.name+"/"+sz.name, func(b *testing.B) {
				ticket, err := s.CreateTicketWith(data, nil, m.opts)
				if err != nil {
					b.Fatal(err)
				}
				floorTicket := f.create(data.([]byte))
				ratio(b, func() {
					if _, err := s.ValidateTicket(ticket, nil); err != nil {
						b.Fatal(err)
					}
				}, func() {
					if _, err := f.validate(floorTicket); err != nil {
						b.Fatal(err)
					}
				})
			})
		}
	}
}
