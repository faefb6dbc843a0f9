package bench

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gotickets/tickets/sts"
	"github.com/gotickets/tickets/sts/cipher"
)

const bombSize = 100 << 20 // 100 MiB of zeros

var bomb struct {
	once   sync.Once
	ticket string
	err    error
}

// zipBomb returns a compressed ticket holding 100 MiB of zeros, made with
// the victim's own key by a service whose caps were raised to allow it: the
// worst an insider (or a leaked key) can send.
func zipBomb(key []byte) (string, error) {
	bomb.once.Do(func() {
		maker, err := sts.New(key, &sts.Config{Compress: true, MaxDataSize: 2 * bombSize, MaxTicketSize: 16 << 20})
		if err != nil {
			bomb.err = err
			return
		}
		bomb.ticket, bomb.err = maker.CreateTicket(make([]byte, bombSize), nil)
		runtime.GC()
	})
	return bomb.ticket, bomb.err
}

// heapObjects is the runtime/metrics sample for the bytes of heap objects,
// live or not yet swept.
const heapObjects = "/memory/classes/heap/objects:bytes"

func readHeap(s []metrics.Sample) uint64 {
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkZipBomb validates the bomb with the victim's configuration and
// reports the largest growth of the heap during one validation over the
// baseline after a GC, sampled every 20 µs from another goroutine, next to
// B/op (all bytes allocated per validation, an upper bound on what one
// validation can add to the heap).
// Every validation must end in sts.ErrTooLarge.
func BenchmarkZipBomb(b *testing.B) {
	key := key32("sts-zip-bomb")
	ticket, err := zipBomb(key)
	if err != nil {
		b.Fatalf("making the bomb: %v", err)
	}
	for _, tc := range []struct {
		name string
		cfg  *sts.Config
	}{
		// The default caps refuse the ticket by its length, before base64.
		{"default", &sts.Config{Compress: true}},
		// With a ticket cap above the bomb's size, the MAC verifies and
		// the bounded inflater must stop it.
		{"ticket-cap-raised", &sts.Config{Compress: true, MaxTicketSize: 2 * len(ticket)}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			victim, err := sts.New(key, tc.cfg)
			if err != nil {
				b.Fatal(err)
			}
			// The sampler keeps the highest heap it sees in peak; each
			// validation starts after a GC with peak reset to the baseline.
			var peak atomic.Uint64
			stop, done := make(chan struct{}), make(chan struct{})
			go func() {
				defer close(done)
				s := []metrics.Sample{{Name: heapObjects}}
				t := time.NewTicker(20 * time.Microsecond)
				defer t.Stop()
				for {
					h := readHeap(s)
					for p := peak.Load(); h > p && !peak.CompareAndSwap(p, h); p = peak.Load() {
					}
					select {
					case <-stop:
						return
					case <-t.C:
					}
				}
			}()
			sample := []metrics.Sample{{Name: heapObjects}}
			var worst uint64
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				runtime.GC()
				base := readHeap(sample)
				peak.Store(base)
				b.StartTimer()
				_, err := victim.ValidateTicket(ticket, nil)
				b.StopTimer()
				if h := readHeap(sample); h > peak.Load() {
					peak.Store(h)
				}
				worst = max(worst, peak.Load()-base)
				if !errors.Is(err, sts.ErrTooLarge) {
					close(stop)
					b.Fatalf("ValidateTicket(bomb) = %v, want sts.ErrTooLarge", err)
				}
			}
			close(stop)
			<-done
			b.ReportMetric(float64(worst), "peak-heap-B")
			b.ReportMetric(float64(len(ticket)), "ticket-B")
		})
	}
}

// hostileHeaders are msgpack values that claim 4 GiB (or 4 Gi elements) and
// hold nothing: a decoder that trusts the claim allocates it.
var hostileHeaders = []struct {
	name   string
	header []byte
}{
	{"str32", []byte{0xdb, 0xff, 0xff, 0xff, 0xff}},
	{"bin32", []byte{0xc6, 0xff, 0xff, 0xff, 0xff}},
	{"array32", []byte{0xdd, 0xff, 0xff, 0xff, 0xff}},
	{"map32", []byte{0xdf, 0xff, 0xff, 0xff, 0xff}},
}

// BenchmarkHostileMsgpack decodes serialized tickets, made with the
// service's own key, whose msgpack payload claims 4 GiB: Data must refuse
// each, and B/op shows that it allocates nothing in proportion to the
// claim.
func BenchmarkHostileMsgpack(b *testing.B) {
	key := key32("sts-hostile")
	svc, err := sts.New(key, &sts.Config{Serialize: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, h := range hostileHeaders {
		// CreateTicket refuses such payloads (codec.Marshal checks what it
		// makes); another implementation holding the key may sign them.
		ticket, err := signSerialized(key, h.header)
		if err != nil {
			b.Fatalf("%s: %v", h.name, err)
		}
		b.Run(h.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				var v any
				if err := svc.Data(ticket, nil, &v); !errors.Is(err, sts.ErrTooLarge) && !errors.Is(err, sts.ErrMalformed) {
					b.Fatalf("Data(payload claiming 4 GiB) = %v (%T), want ErrTooLarge or ErrMalformed", err, v)
				}
			}
		})
	}
}

// signSerialized signs payload as a serialized ticket (no session, no
// entropy, not encrypted, valid from now for an hour) under key's MAC
// subkey, laying out the tag's input as package sts documents it.
func signSerialized(key, payload []byte) (string, error) {
	keys, err := cipher.Derive(key)
	if err != nil {
		return "", err
	}
	id := keys.ID()
	now := time.Now().Unix()
	raw := append([]byte{1, 0}, id[:]...) // version 1, not encrypted
	raw = binary.BigEndian.AppendUint64(raw, uint64(now))
	raw = binary.BigEndian.AppendUint64(raw, uint64(now+3600))
	raw = append(raw, 1) // inner: serialized
	raw = append(raw, payload...)
	in := append([]byte("tickets/sts v1"), 0, 0, 0, 0) // an empty session
	in = append(in, raw[:6]...)
	in = append(in, 0) // no entropy
	in = append(in, make([]byte, 64-len(in)%64)...)
	in = append(in, raw[6:]...)
	h := hmac.New(sha256.New, keys.MAC())
	h.Write(in)
	return base64.RawURLEncoding.EncodeToString(h.Sum(raw)), nil
}
