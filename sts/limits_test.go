package sts

import (
	"errors"
	"runtime"
	"testing"

	"github.com/vmihailenco/msgpack/v5"
)

// allocated returns the bytes f allocates on the heap (TotalAlloc, which
// bounds the peak heap growth from above).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestZipBomb validates a ticket made with the service's own key (so it
// passes the MAC) that holds 100 MB of zeros, compressed to about 100 KB:
// it must end in ErrTooLarge having allocated less than 4 MB.
func TestZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100 MB payload")
	}
	if raceEnabled {
		t.Skip("allocation accounting is meaningless under the race detector; go test without -race runs this")
	}
	const bomb = 100 << 20
	maker := newTestService(t, &Config{MaxDataSize: bomb, MaxTicketSize: 1 << 20})
	o := maker.Options()
	o.Compress = true
	ticket, err := maker.CreateTicketWith(make([]byte, bomb), nil, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("100 MB of zeros: a %d-character ticket", len(ticket))

	s := newTestService(t, &Config{MaxTicketSize: 1 << 20}) // default MaxDataSize: 1 MiB
	var verr error
	n := allocated(func() { _, verr = s.ValidateTicket(ticket, nil) })
	if !errors.Is(verr, ErrTooLarge) {
		t.Fatalf("zip bomb: %v, want ErrTooLarge", verr)
	}
	t.Logf("allocated %d bytes", n)
	if n >= 4<<20 {
		t.Errorf("zip bomb: allocated %d bytes, want < 4 MiB", n)
	}
}

// TestHostileMsgpack stores msgpack whose length prefixes claim up to 2^32
// elements in an authentic serialized ticket; decoding it must fail without
// allocating anything like the claimed sizes (msgpack alone would allocate
// 32 GiB for the []int64 case).
func TestHostileMsgpack(t *testing.T) {
	// codec.Marshal refuses most of these payloads; another implementation
	// holding the key may still sign them.
	defer func(m func([]byte, any) ([]byte, error)) { marshal = m }(marshal)
	marshal = func(dst []byte, v any) ([]byte, error) { return append(dst, v.(msgpack.RawMessage)...), nil }
	s := newTestService(t, &Config{Serialize: true})
	cases := []struct {
		name string
		data []byte
		into func() any
		want error
	}{
		{"array32 of 2^32-1 into []int64", []byte{0xdd, 0xff, 0xff, 0xff, 0xff, 0x01}, func() any { return new([]int64) }, ErrMalformed},
		{"array32 into any", []byte{0xdd, 0xff, 0xff, 0xff, 0xff}, func() any { return new(any) }, ErrMalformed},
		{"map32 into map", []byte{0xdf, 0xff, 0xff, 0xff, 0xff, 0xa1, 'a', 0x01}, func() any { return new(map[string]int) }, ErrMalformed},
		{"bin32 into []byte", []byte{0xc6, 0xff, 0xff, 0xff, 0xff, 0x00}, func() any { return new([]byte) }, ErrMalformed},
		{"str32 into string", []byte{0xdb, 0x7f, 0xff, 0xff, 0xff, 'x'}, func() any { return new(string) }, ErrMalformed},
		{"ext32", []byte{0xc9, 0xff, 0xff, 0xff, 0xff, 0x01}, func() any { return new(any) }, ErrMalformed},
		// msgpack reads an extension's data as a map where it expects one:
		// here a map32 of 2^24 entries (1.3 GB into map[string]any), and a
		// fixmap whose value, read out of step, is an array32 of 2^32-1
		// (32 GiB into []int64).
		{"fixext16 read as a map", append([]byte{0xd8, 0x01, 0xdf, 0x01, 0x00, 0x00, 0x00}, make([]byte, 11)...), func() any { return new(map[string]any) }, ErrMalformed},
		{"fixext8 read as a fixmap", []byte{0xd7, 0x01, 0x81, 0xa1, 'k', 0xdd, 0xff, 0xff, 0xff, 0xff}, func() any { return new(map[string][]int64) }, ErrMalformed},
		{"deep nesting", deepArrays(10000), func() any { return new(any) }, ErrTooLarge},
	}
	for _, c := range cases {
		ticket, err := s.CreateTicket(msgpack.RawMessage(c.data), nil)
		if err != nil {
			t.Fatal(err)
		}
		var derr error
		n := allocated(func() { derr = s.Data(ticket, nil, c.into()) })
		if !errors.Is(derr, c.want) {
			t.Errorf("%s: %v, want %v", c.name, derr, c.want)
		}
		if n > 64<<10 {
			t.Errorf("%s: allocated %d bytes", c.name, n)
		}
	}
}

// TestDataUnhashableKey: a map key msgpack can encode but Go cannot hash
// in map[any]any makes msgpack's decoder panic; Data returns an error.
func TestDataUnhashableKey(t *testing.T) {
	s := newTestService(t, &Config{Serialize: true})
	ticket, err := s.CreateTicket(map[any]any{[2]int{1, 2}: 1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var m map[any]any
	if err := s.Data(ticket, nil, &m); err == nil {
		t.Fatalf("Data decoded an unhashable key: %v", m)
	}
}

// deepArrays is n nested one-element arrays around a nil.
func deepArrays(n int) []byte {
	b := make([]byte, n+1)
	for i := range n {
		b[i] = 0x91
	}
	b[n] = 0xc0
	return b
}

func TestSerializedValues(t *testing.T) {
	type user struct {
		Name  string
		Roles []string
		Admin bool
	}
	in := user{Name: "alice", Roles: []string{"a", "b"}, Admin: true}
	for _, o := range allOptions() {
		o.Serialize = true
		s := newTestService(t, &Config{})
		ticket, err := s.CreateTicketWith(in, nil, o)
		if err != nil {
			t.Fatal(err)
		}
		var out user
		if err := s.Data(ticket, nil, &out); err != nil {
			t.Fatal(err)
		}
		if out.Name != in.Name || len(out.Roles) != 2 || out.Roles[1] != "b" || !out.Admin {
			t.Errorf("%v: %+v", o, out)
		}
	}
	// Maps serialize with sorted keys: equal values, equal tickets.
	s := newTestService(t, &Config{Serialize: true})
	m := map[string]any{"z": 1, "a": 2, "m": 3, "b": 4, "y": 5}
	first, err := s.CreateTicket(m, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		if again, _ := s.CreateTicket(m, nil); again != first {
			t.Fatal("the same map made two different tickets")
		}
	}
}
