package codec

import (
	"bytes"
	"errors"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/klauspost/compress/zlib"
	"github.com/vmihailenco/msgpack/v5"
)

func TestCheck(t *testing.T) {
	valid := []struct {
		name string
		v    any
	}{
		{"nil", nil},
		{"ints", []any{0, -1, 127, 128, -33, 1 << 15, 1 << 31, -1 << 40, uint64(1 << 63)}},
		{"floats", []any{float32(1.5), 2.25}},
		{"strings", []string{"", "a", string(make([]byte, 31)), string(make([]byte, 32)), string(make([]byte, 300)), string(make([]byte, 70000))}},
		{"bytes", [][]byte{{}, make([]byte, 300), make([]byte, 70000)}},
		{"map", map[string]any{"a": 1, "b": []any{true, false, nil}, "c": map[string]int{"x": 1}}},
		{"large array", make([]int, 70000)},
		{"large map", bigMap(70000)},
		{"ext: time", msgpack.RawMessage{0xd6, 0xff, 0, 0, 0, 1}},
		{"ext8", msgpack.RawMessage{0xc7, 3, 5, 1, 2, 3}},
		{"fixext16", msgpack.RawMessage(append([]byte{0xd8, 1}, make([]byte, 16)...))},
	}
	for _, c := range valid {
		b, err := Marshal(nil, c.v)
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(b); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		var raw msgpack.RawMessage
		if err := Unmarshal(b, &raw); err != nil || c.v != nil && !bytes.Equal(raw, b) {
			t.Errorf("%s: Unmarshal into RawMessage: %x, %v", c.name, raw, err)
		}
		if _, ok := c.v.(msgpack.RawMessage); ok {
			continue // extension types msgpack does not know decode only raw
		}
		var back any
		if err := Unmarshal(b, &back); err != nil {
			t.Errorf("%s: Unmarshal: %v", c.name, err)
		}
	}

	invalid := []struct {
		name string
		b    []byte
		want error
	}{
		{"empty", nil, ErrMalformed},
		{"reserved 0xc1", []byte{0xc1}, ErrMalformed},
		{"trailing byte", []byte{0xc0, 0xc0}, ErrMalformed},
		{"truncated uint64", []byte{0xcf, 0, 0}, ErrMalformed},
		{"truncated str8 length", []byte{0xd9}, ErrMalformed},
		{"str8 longer than the data", []byte{0xd9, 5, 'a'}, ErrMalformed},
		{"fixarray missing items", []byte{0x93, 1, 2}, ErrMalformed},
		{"array32 of 2^32-1", []byte{0xdd, 0xff, 0xff, 0xff, 0xff, 0, 0, 0}, ErrMalformed},
		{"map16 items beyond the data", []byte{0xde, 0, 3, 1, 2, 3, 4, 5}, ErrMalformed},
		{"map32 of 2^32-1", []byte{0xdf, 0xff, 0xff, 0xff, 0xff}, ErrMalformed},
		{"bin32 of 2^32-1", []byte{0xc6, 0xff, 0xff, 0xff, 0xff}, ErrMalformed},
		{"ext32 of 2^32-1", []byte{0xc9, 0xff, 0xff, 0xff, 0xff, 1}, ErrMalformed},
		{"fixext8 truncated", []byte{0xd7, 1, 0}, ErrMalformed},
		{"nested beyond MaxDepth", nested(MaxDepth + 1), ErrTooLarge},
	}
	for _, c := range invalid {
		if err := Check(c.b); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if err := Check(nested(MaxDepth)); err != nil {
		t.Errorf("nesting of exactly MaxDepth: %v", err)
	}
}

// nested is depth one-element arrays around a nil.
func nested(depth int) []byte {
	return append(bytes.Repeat([]byte{0x91}, depth), 0xc0)
}

func bigMap(n int) map[string]int {
	m := make(map[string]int, n)
	for i := range n {
		m[string(rune(i+0x100))] = i
	}
	return m
}

// allocated returns the bytes f allocates (TotalAlloc).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestUnmarshalHostileSizes decodes length prefixes that claim up to 2^32
// elements into typed targets. msgpack alone allocates the claimed length
// for typed slices; Unmarshal must fail first, allocating next to nothing.
func TestUnmarshalHostileSizes(t *testing.T) {
	cases := []struct {
		name string
		b    []byte
		v    func() any
	}{
		{"array32 into []int64", []byte{0xdd, 0xff, 0xff, 0xff, 0xff, 1, 2, 3}, func() any { return new([]int64) }},
		{"array32 into []string", []byte{0xdd, 0x0f, 0xff, 0xff, 0xff, 0xa0}, func() any { return new([]string) }},
		{"array32 into [][]byte", []byte{0xdd, 0x0f, 0xff, 0xff, 0xff, 0xc4, 0}, func() any { return new([][]byte) }},
		{"array16 into []struct", []byte{0xdc, 0xff, 0xff, 0x80}, func() any { return new([]struct{ A [64]int64 }) }},
		{"map32 into map[string]any", []byte{0xdf, 0x0f, 0xff, 0xff, 0xff, 0xa0, 0xc0}, func() any { return new(map[string]any) }},
		{"bin32 into []byte", []byte{0xc6, 0x7f, 0xff, 0xff, 0xff, 0}, func() any { return new([]byte) }},
		{"str32 into string", []byte{0xdb, 0x7f, 0xff, 0xff, 0xff, 'a'}, func() any { return new(string) }},
		{"deep arrays into any", nested(100000), func() any { return new(any) }},
		// Extensions read as maps: Check takes them; Unmarshal's traps
		// refuse them (a map32 of 2^24; a fixmap whose value, read out of
		// step, is an array32 of 2^32-1).
		{"fixext16 read as map32", append([]byte{0xd8, 0x01, 0xdf, 0x01, 0x00, 0x00, 0x00}, make([]byte, 11)...), func() any { return new(map[string]any) }},
		{"fixext8 read as fixmap", []byte{0xd7, 0x01, 0x81, 0xa1, 'k', 0xdd, 0xff, 0xff, 0xff, 0xff}, func() any { return new(map[string][]int64) }},
		{"nested: a map in an extension, read in step, holding the fixmap one", []byte{0xc7, 13, 0x01, 0x81, 0xa1, 'k', 0xd7, 0x01, 0x81, 0xa1, 'k', 0xdd, 0xff, 0xff, 0xff, 0xff}, func() any { return new(map[string]map[string][]int64) }},
	}
	for _, c := range cases {
		var err error
		n := allocated(func() { err = Unmarshal(c.b, c.v()) })
		if err == nil {
			t.Errorf("%s: accepted", c.name)
		}
		if isExtension(c.b[0]) && (Check(c.b) != nil || !errors.Is(err, errExtensionAsMap)) {
			t.Errorf("%s: Check %v, Unmarshal %v; want Check to take it and the trap to refuse it", c.name, Check(c.b), err)
		}
		if n > 16<<10 {
			t.Errorf("%s: allocated %d bytes", c.name, n)
		}
	}
}

func TestMarshalSortsMaps(t *testing.T) {
	m := map[string]any{"b": 1, "a": 2, "c": map[string]any{"z": 1, "y": 2}}
	want, err := Marshal(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	// a, b, c in order: fixmap(3) "a" 2 "b" 1 "c" fixmap(2) "y" 2 "z" 1
	exp := []byte{0x83, 0xa1, 'a', 2, 0xa1, 'b', 1, 0xa1, 'c', 0x82, 0xa1, 'y', 2, 0xa1, 'z', 1}
	if !bytes.Equal(want, exp) {
		t.Fatalf("Marshal = %x, want %x", want, exp)
	}
	for range 50 {
		if got, _ := Marshal(nil, m); !bytes.Equal(got, want) {
			t.Fatalf("Marshal is not deterministic: %x, %x", got, want)
		}
	}
	prefix := []byte("prefix")
	got, err := Marshal(prefix, 1)
	if err != nil || string(got) != "prefix\x01" {
		t.Errorf("Marshal does not append: %q, %v", got, err)
	}
	if _, err := Marshal(nil, make(chan int)); err == nil {
		t.Error("Marshal of a channel succeeded")
	}
}

func TestCompressRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 100, 1 << 16, 1<<20 + 3} {
		src := bytes.Repeat([]byte("tickets "), n/8+1)[:n]
		z, err := Compress([]byte("hdr"), src)
		if err != nil {
			t.Fatal(err)
		}
		if string(z[:3]) != "hdr" {
			t.Fatal("Compress does not append")
		}
		// The output is a standard zlib stream.
		r, err := zlib.NewReader(bytes.NewReader(z[3:]))
		if err != nil {
			t.Fatal(err)
		}
		var std bytes.Buffer
		if _, err := std.ReadFrom(r); err != nil || !bytes.Equal(std.Bytes(), src) {
			t.Fatalf("%d bytes: zlib reader disagrees: %v", n, err)
		}
		out, err := Decompress([]byte("x"), z[3:], n)
		if err != nil || !bytes.Equal(out, append([]byte("x"), src...)) {
			t.Fatalf("%d bytes: Decompress: %v", n, err)
		}
		if n > 0 {
			if _, err := Decompress(nil, z[3:], n-1); !errors.Is(err, ErrTooLarge) {
				t.Errorf("%d bytes, limit %d: %v, want ErrTooLarge", n, n-1, err)
			}
		}
	}
}

func TestDecompressMalformed(t *testing.T) {
	good, err := Compress(nil, []byte("hello, hello, hello"))
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string][]byte{
		"empty":            nil,
		"not zlib":         []byte("hello"),
		"truncated":        good[:len(good)-5],
		"bad checksum":     append(bytes.Clone(good[:len(good)-1]), good[len(good)-1]^1),
		"trailing garbage": append(bytes.Clone(good), 0),
		"two streams":      append(bytes.Clone(good), good...),
	}
	for name, b := range bad {
		if _, err := Decompress(nil, b, 1<<20); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v, want ErrMalformed", name, err)
		}
	}
	// The pool survives the failures.
	if out, err := Decompress(nil, good, 100); err != nil || string(out) != "hello, hello, hello" {
		t.Errorf("after failures: %q, %v", out, err)
	}
}

// TestDecompressBomb inflates 100 MB of zeros under a 1 MiB limit: it must
// end in ErrTooLarge having allocated a few megabytes at most.
func TestDecompressBomb(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation accounting is meaningless under the race detector; go test without -race runs this")
	}
	var z bytes.Buffer
	w, err := zlib.NewWriterLevel(&z, zlib.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 1<<20)
	for range 100 {
		if _, err := w.Write(chunk); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var derr error
	n := allocated(func() { _, derr = Decompress(nil, z.Bytes(), 1<<20) })
	if !errors.Is(derr, ErrTooLarge) {
		t.Fatalf("bomb: %v", derr)
	}
	if n > 4<<20 {
		t.Errorf("bomb of %d compressed bytes: allocated %d", z.Len(), n)
	}
}

// TestExtensionsWhereMapsAreExpected: Check takes every extension; where a
// map is expected, Unmarshal refuses one whose data begins like a map
// header (msgpack would read it as one and then read on past the data, out
// of step with Check) unless that data is one value filling it exactly.
func TestExtensionsWhereMapsAreExpected(t *testing.T) {
	for first := range 256 {
		c := byte(first)
		for _, b := range [][]byte{
			{0xd4, 0x05, c}, // fixext1
			append([]byte{0xd7, 0x05, c}, make([]byte, 7)...),    // fixext8
			append([]byte{0xc7, 3, 0x05, c}, make([]byte, 2)...), // ext8
			append([]byte{0xc8, 0, 3, 0x05, c}, make([]byte, 2)...),
			append([]byte{0xc9, 0, 0, 0, 3, 0x05, c}, make([]byte, 2)...),
		} {
			if err := Check(b); err != nil {
				t.Fatalf("Check(%x) = %v", b, err)
			}
			var raw msgpack.RawMessage
			if err := Unmarshal(b, &raw); err != nil || !bytes.Equal(raw, b) {
				t.Fatalf("Unmarshal(%x) into RawMessage: %x, %v", b, raw, err)
			}
			data := b[len(b)-extDataLen(b):]
			inStep := Check(data) == nil
			var m map[string]any
			err := Unmarshal(b, &m)
			if mapLike(c) && !inStep && !errors.Is(err, ErrMalformed) {
				t.Errorf("Unmarshal(%x) into a map = %v, want ErrMalformed", b, err)
			}
		}
	}
	// Where a map is expected, msgpack reads the value after an extension
	// without data as its data: one value out of step with Check, which let
	// a RawMessage read past the input and fail midway, leaving a pooled
	// msgpack decoder recording every byte it read in later calls (found
	// by a review; Unmarshal also no longer pools a decoder that failed).
	for _, b := range [][]byte{{0xc7, 0, 0x05}, {0x92, 0xc7, 0, 0x05, 0x80}, {0xc8, 0, 0, 0x05}} {
		if err := Check(b); !errors.Is(err, ErrMalformed) {
			t.Errorf("Check(%x), an extension without data: %v", b, err)
		}
		var v struct {
			M map[string]any
			R msgpack.RawMessage
		}
		if err := Unmarshal(b, &v); !errors.Is(err, ErrMalformed) {
			t.Errorf("Unmarshal(%x): %v", b, err)
		}
	}
}

// extDataLen is the data length of the single extension b.
func extDataLen(b []byte) int {
	switch b[0] {
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		return 1 << (b[0] - 0xd4)
	case 0xc7:
		return int(b[1])
	case 0xc8:
		return int(b[1])<<8 | int(b[2])
	}
	return int(b[1])<<24 | int(b[2])<<16 | int(b[3])<<8 | int(b[4])
}

// uuid is an opaque extension, as applications register them: its 16
// bytes begin like a map header about one time in fourteen.
type uuid [16]byte

func (u *uuid) MarshalMsgpack() ([]byte, error) { return u[:], nil }

func (u *uuid) UnmarshalMsgpack(b []byte) error {
	if len(b) != len(u) {
		return errors.New("uuid: not 16 bytes")
	}
	copy(u[:], b)
	return nil
}

// point is an extension whose data is itself msgpack: a map.
type point struct{ X, Y int }

func (p *point) MarshalMsgpack() ([]byte, error) {
	return msgpack.Marshal(map[string]int{"x": p.X, "y": p.Y})
}

func (p *point) UnmarshalMsgpack(b []byte) error {
	var m map[string]int
	if err := msgpack.Unmarshal(b, &m); err != nil {
		return err
	}
	p.X, p.Y = m["x"], m["y"]
	return nil
}

func init() {
	msgpack.RegisterExt(11, (*uuid)(nil))
	msgpack.RegisterExt(12, (*point)(nil))
}

// TestApplicationExtensions: opaque extensions and extensions holding
// msgpack round-trip through Marshal and Unmarshal, whatever their first
// byte.
func TestApplicationExtensions(t *testing.T) {
	type record struct {
		ID    *uuid
		Where *point
		Tags  map[string]string
	}
	for first := range 256 {
		id := uuid{byte(first), 0xdf, 0xff, 0xff, 0xff, 0x81}
		in := record{ID: &id, Where: &point{X: first, Y: -first}, Tags: map[string]string{"a": "b"}}
		b, err := Marshal(nil, &in)
		if err != nil {
			t.Fatalf("first byte %#x: Marshal: %v", first, err)
		}
		var out record
		if err := Unmarshal(b, &out); err != nil || out.ID == nil || *out.ID != id || out.Where == nil ||
			*out.Where != *in.Where || out.Tags["a"] != "b" {
			t.Fatalf("first byte %#x: read back %+v, %v", first, out, err)
		}
	}
}

// TestMarshalRefusesInternedStrings: msgpack's interned-string
// back-references are one-byte extensions that Unmarshal may refuse where
// it reads them (like a map header), so Marshal does not write them.
func TestMarshalRefusesInternedStrings(t *testing.T) {
	type names struct {
		A string `msgpack:",intern"`
		B string `msgpack:",intern"`
	}
	if _, err := Marshal(nil, names{"same", "same"}); err == nil {
		t.Error("Marshal wrote an interned string")
	}
	if b, err := Marshal(nil, names{"one", "two"}); err != nil {
		t.Errorf("Marshal without a back-reference: %x, %v", b, err)
	}
}

// TestMarshalTimestamps checks that every time, whatever its seconds and
// nanoseconds (whose 4- and 8-byte encodings can begin like a map header),
// is written in the 12-byte form, passes Check, and reads back.
func TestMarshalTimestamps(t *testing.T) {
	times := []time.Time{time.Unix(0, 0), time.Unix(1, 0), time.Unix(1<<31, 0), time.Unix(0xdf<<24, 0),
		time.Unix(0xc0<<24, 0), time.Unix(1<<34-1, 0), time.Unix(1<<34, 0), time.Unix(-1, 0)}
	for _, nsec := range []int64{1, 0x80 << 22, 0x8f<<22 + 123, 0xc0 << 22, 0xde << 22, 0xdf<<22 + 999, 999999999} {
		times = append(times, time.Unix(1700000000, nsec), time.Unix(1<<33, nsec))
	}
	for _, tm := range times {
		b, err := Marshal(nil, map[string]any{"t": tm})
		if err != nil {
			t.Fatalf("%v: %v", tm, err)
		}
		if i := bytes.Index(b, []byte{0xc7, 12, 0xff}); i < 0 || len(b) != i+15 {
			t.Errorf("%v: not in the 12-byte form: %x", tm, b)
		}
		var back map[string]time.Time
		if err := Unmarshal(b, &back); err != nil || !back["t"].Equal(tm) {
			t.Errorf("%v: read back %v, %v", tm, back["t"], err)
		}
		var m map[string]map[string]any // the time where a map is expected
		if err := Unmarshal(b, &m); err == nil {
			t.Errorf("%v: decoded as a map", tm)
		}
	}
	// Several timestamps and other values around them survive the rewrite.
	in := []any{time.Unix(1, 5), "x", time.Unix(1<<32, 0), []byte{0xd6, 0xff}, time.Unix(7, 0)}
	b, err := Marshal([]byte("prefix"), in)
	if err != nil || !bytes.HasPrefix(b, []byte("prefix")) {
		t.Fatalf("Marshal: %x, %v", b, err)
	}
	var out []any
	if err := Unmarshal(b[len("prefix"):], &out); err != nil || len(out) != len(in) ||
		!out[0].(time.Time).Equal(in[0].(time.Time)) || out[1] != "x" || !out[2].(time.Time).Equal(in[2].(time.Time)) ||
		!bytes.Equal(out[3].([]byte), in[3].([]byte)) || !out[4].(time.Time).Equal(in[4].(time.Time)) {
		t.Errorf("read back %v, %v", out, err)
	}
}

// TestUnmarshalRecoversPanics: msgpack panics decoding a map key Go cannot
// hash into map[any]any; Unmarshal returns ErrMalformed, and the decoders
// left in the pool still work.
func TestUnmarshalRecoversPanics(t *testing.T) {
	for _, b := range [][]byte{{0x81, 0x91, 1, 1}, {0x81, 0x80, 1}} {
		var m map[any]any
		if err := Unmarshal(b, &m); !errors.Is(err, ErrMalformed) {
			t.Errorf("Unmarshal(%x): %v", b, err)
		}
	}
	var v []int
	if err := Unmarshal([]byte{0x92, 1, 2}, &v); err != nil || len(v) != 2 {
		t.Errorf("after a recovered panic: %v, %v", v, err)
	}
}

func TestDecompressWithoutLimit(t *testing.T) {
	z, err := Compress(nil, []byte("abc"))
	if err != nil {
		t.Fatal(err)
	}
	if out, err := Decompress(nil, z, math.MaxInt); err != nil || string(out) != "abc" {
		t.Errorf("Decompress with limit MaxInt: %q, %v", out, err)
	}
}
