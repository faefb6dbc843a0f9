package codec

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sync"

	"github.com/vmihailenco/msgpack/v5"
)

// MaxDepth is the deepest nesting of arrays and maps that Check accepts.
// It keeps msgpack's recursive decoder far from Go's stack limit.
const MaxDepth = 64

// appendWriter is an io.Writer (and io.ByteWriter, which msgpack wants so it
// does not wrap it) that appends to a slice.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *appendWriter) WriteByte(c byte) error {
	w.b = append(w.b, c)
	return nil
}

type encoder struct {
	w   appendWriter
	enc *msgpack.Encoder
}

var encoders = sync.Pool{New: func() any {
	e := new(encoder)
	e.enc = msgpack.NewEncoder(&e.w)
	return e
}}

// Marshal appends the msgpack encoding of v to dst, with the keys of
// string-keyed maps sorted and every timestamp in its 12-byte form. So that
// what Marshal makes, Unmarshal reads, it fails on an encoding that Check
// refuses (a malformed msgpack.RawMessage) and on msgpack's interned
// strings (the intern struct tag), whose back-references Unmarshal may
// refuse (see Unmarshal).
func Marshal(dst []byte, v any) ([]byte, error) {
	e := encoders.Get().(*encoder)
	e.w.b = dst
	e.enc.Reset(&e.w)
	e.enc.SetSortMapKeys(true)
	err := e.enc.Encode(v)
	out := e.w.b
	e.w.b = nil
	encoders.Put(e)
	if err != nil {
		return dst, fmt.Errorf("codec: %w", err)
	}
	enc := out[len(dst):]
	wide, interned := widenTimestamps(enc)
	if interned {
		return dst, fmt.Errorf("codec: the encoding of %T holds msgpack's interned strings (the intern tag), which Unmarshal cannot read safely", v)
	}
	if len(wide) != len(enc) {
		enc = wide
		out = append(out[:len(dst)], wide...)
	}
	if err := Check(enc); err != nil {
		return dst, fmt.Errorf("codec: the encoding of %T: %w", v, err)
	}
	return out, nil
}

// internedStrings is the extension type of msgpack's interned strings.
const internedStrings = -128

// widenTimestamps returns the well-formed encoding b with every timestamp
// (extension -1) of 4 or 8 data bytes rewritten in the 12-byte form: 32-bit
// nanoseconds, then 64-bit seconds. Its data begins with the top byte of the
// nanoseconds, at most 0x3b, which never looks like a map header; the
// shorter forms begin with bytes of the seconds or nanoseconds that can
// (Unmarshal reads those too, but Marshal writes one form, so equal times
// give equal bytes). It returns b itself when there is nothing to rewrite
// (a rewrite always lengthens it), stops at anything malformed, which Check
// then reports, and reports whether b holds an interned string.
func widenTimestamps(b []byte) (wide []byte, interned bool) {
	var out []byte // nil until the first rewrite
	done := 0      // b[:done] is in out
	for i := 0; i < len(b); {
		if c := b[i]; (c == 0xd6 || c == 0xd7) && i+1 < len(b) && b[i+1] == 0xff {
			size := 4 << (c - 0xd6)
			if i+2+size > len(b) {
				break
			}
			var sec int64
			var nsec uint32
			if data := b[i+2 : i+2+size]; size == 4 {
				sec = int64(binary.BigEndian.Uint32(data))
			} else {
				x := binary.BigEndian.Uint64(data)
				sec, nsec = int64(x&(1<<34-1)), uint32(x>>34)
			}
			out = append(out, b[done:i]...)
			out = append(out, 0xc7, 12, 0xff)
			out = binary.BigEndian.AppendUint32(out, nsec)
			out = binary.BigEndian.AppendUint64(out, uint64(sec))
			i += 2 + size
			done = i
			continue
		}
		rest := b[i+1:]
		_, skip, err := header(b[i], &rest)
		if err != nil || skip > uint64(len(rest)) {
			break
		}
		if isExtension(b[i]) && int8(rest[0]) == internedStrings {
			interned = true
		}
		i = len(b) - len(rest) + int(skip)
	}
	if out == nil {
		return b, interned
	}
	return append(out, b[done:]...), interned
}

type decoder struct {
	r   guardedReader
	dec *msgpack.Decoder
}

// guardedReader is msgpack's input in Unmarshal. Where msgpack's decoder
// expects a map and finds an extension, it skips the extension's header and
// reads the data as if a map began there (DecodeMapLen), with ReadByte,
// then goes on reading past the data, out of step with Check, trusting as
// lengths bytes Check never saw as lengths. Every other reader of
// extension data takes it with Read, or reads it in step (a single msgpack
// value filling the data exactly). So ReadByte fails at the first data byte
// of each extension whose data begins like a map header and is not such a
// value: the traps, found by scan, in increasing order.
type guardedReader struct {
	bytes.Reader
	size    int
	traps   []int
	next    int  // traps[:next] lie behind the reader
	tripped bool // ReadByte refused a trap
}

func (g *guardedReader) reset(data []byte) {
	g.Reader.Reset(data)
	g.size, g.next, g.tripped = len(data), 0, false
}

// ReadByte implements io.ByteReader, refusing the traps.
func (g *guardedReader) ReadByte() (byte, error) {
	off := g.size - g.Reader.Len()
	for g.next < len(g.traps) && g.traps[g.next] < off {
		g.next++
	}
	if g.next < len(g.traps) && g.traps[g.next] == off {
		g.tripped = true
		return 0, errExtensionAsMap
	}
	return g.Reader.ReadByte()
}

var errExtensionAsMap = fmt.Errorf("%w: an extension where a map is expected", ErrMalformed)

var decoders = sync.Pool{New: func() any {
	d := new(decoder)
	d.dec = msgpack.NewDecoder(&d.r)
	return d
}}

// Unmarshal decodes the single msgpack value in data into v, which must be a
// non-nil pointer. It runs Check first, and refuses (ErrMalformed) an
// extension met where v's type expects a map unless its data is one msgpack
// value that fills it exactly (msgpack would otherwise read past it out of
// step with Check). A panic in msgpack's decoder (it panics on some
// well-formed input, such as a map key Go cannot hash when decoding into
// map[any]any) is returned as ErrMalformed.
func Unmarshal(data []byte, v any) (err error) {
	d := decoders.Get().(*decoder)
	d.r.traps = d.r.traps[:0]
	if err := scan(data, 0, MaxDepth, &d.r.traps); err != nil {
		decoders.Put(d)
		return err
	}
	d.r.reset(data)
	d.dec.Reset(&d.r)
	panicked := true
	defer func() {
		d.r.Reset(nil)
		if cap(d.r.traps) > 1024 {
			d.r.traps = nil // a large input's list is not kept in the pool
		}
		if !panicked && err == nil {
			decoders.Put(d)
		} else if r := recover(); r != nil {
			err = fmt.Errorf("%w: msgpack: %v", ErrMalformed, r)
		}
		// A decoder that failed or panicked is not pooled again: its state
		// may outlive Reset (msgpack leaves it recording every byte it
		// reads when a RawMessage or Unmarshaler fails midway).
	}()
	err = d.dec.Decode(v)
	panicked = false
	switch {
	case d.r.tripped:
		return errExtensionAsMap
	case err != nil:
		return fmt.Errorf("codec: %w", err)
	}
	return nil
}

// Check reports whether data is exactly one well-formed msgpack value whose
// every length fits in the bytes that remain, nested at most MaxDepth deep.
// It returns ErrMalformed or ErrTooLarge (for nesting) and never allocates.
func Check(data []byte) error { return scan(data, 0, MaxDepth, nil) }

// scan is Check for data at offset base of the whole input, nested at most
// maxDepth deep. When traps is not nil it appends, in increasing order, the
// offsets of extension data that begins like a map header (nil, fixmap,
// map16, map32) and is not one value filling the data exactly: see
// guardedReader. An extension's data is scanned as a value one level
// deeper, so that nested extensions count toward the depth.
func scan(data []byte, base, maxDepth int, traps *[]int) error {
	if maxDepth < 0 {
		return fmt.Errorf("%w: nesting deeper than %d", ErrTooLarge, MaxDepth)
	}
	// open[d] counts the items still expected at depth d; pending is their
	// sum, and each item takes at least one byte.
	var open [MaxDepth + 1]uint64
	depth, pending := 0, uint64(1)
	open[0] = 1
	b := data
	for {
		for open[depth] == 0 {
			if depth == 0 {
				if len(b) != 0 {
					return fmt.Errorf("%w: %d trailing bytes", ErrMalformed, len(b))
				}
				return nil
			}
			depth--
		}
		open[depth]--
		pending--
		if len(b) == 0 {
			return fmt.Errorf("%w: truncated", ErrMalformed)
		}
		c := b[0]
		b = b[1:]
		items, skip, err := header(c, &b)
		if err != nil {
			return err
		}
		if skip > uint64(len(b)) {
			return fmt.Errorf("%w: length %d exceeds the %d bytes left", ErrMalformed, skip, len(b))
		}
		if traps != nil && isExtension(c) && skip > 1 && mapLike(b[1]) {
			// The data follows the type byte.
			start := base + len(data) - len(b) + 1
			mark := len(*traps)
			if scan(b[1:skip], start, maxDepth-depth-1, traps) != nil {
				*traps = append((*traps)[:mark], start)
			}
		}
		b = b[skip:]
		if items == 0 {
			continue
		}
		pending += items
		if pending > uint64(len(b)) {
			return fmt.Errorf("%w: %d items claimed, %d bytes left", ErrMalformed, pending, len(b))
		}
		if depth == maxDepth {
			return fmt.Errorf("%w: nesting deeper than %d", ErrTooLarge, MaxDepth)
		}
		depth++
		open[depth] = items
	}
}

// isExtension reports whether c begins an extension (fixext or ext).
func isExtension(c byte) bool { return c >= 0xd4 && c <= 0xd8 || c >= 0xc7 && c <= 0xc9 }

// mapLike reports whether c is a byte msgpack reads as a map header.
func mapLike(c byte) bool { return c == 0xc0 || c >= 0x80 && c <= 0x8f || c == 0xde || c == 0xdf }

// header decodes the type byte c and any length field that follows it (read
// from, and consumed off, *b). It returns the number of nested items the
// value holds (arrays: n, maps: 2n) and the number of payload bytes to skip.
func header(c byte, b *[]byte) (items, skip uint64, err error) {
	switch {
	case c <= 0x7f || c >= 0xe0: // positive and negative fixint
		return 0, 0, nil
	case c <= 0x8f: // fixmap
		return 2 * uint64(c&0x0f), 0, nil
	case c <= 0x9f: // fixarray
		return uint64(c & 0x0f), 0, nil
	case c <= 0xbf: // fixstr
		return 0, uint64(c & 0x1f), nil
	}
	switch c {
	case 0xc0, 0xc2, 0xc3: // nil, false, true
		return 0, 0, nil
	case 0xcc, 0xd0: // uint8, int8
		return 0, 1, nil
	case 0xcd, 0xd1: // uint16, int16
		return 0, 2, nil
	case 0xca, 0xce, 0xd2: // float32, uint32, int32
		return 0, 4, nil
	case 0xcb, 0xcf, 0xd3: // float64, uint64, int64
		return 0, 8, nil
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8: // fixext 1, 2, 4, 8, 16: type byte + data
		return 0, 1 + 1<<(c-0xd4), nil
	case 0xc4, 0xd9: // bin8, str8
		n, err := length(b, 1)
		return 0, n, err
	case 0xc5, 0xda: // bin16, str16
		n, err := length(b, 2)
		return 0, n, err
	case 0xc6, 0xdb: // bin32, str32
		n, err := length(b, 4)
		return 0, n, err
	case 0xc7, 0xc8, 0xc9: // ext 8, 16, 32: length, type byte, data
		n, err := length(b, 1<<(c-0xc7))
		if err == nil && n == 0 {
			// Where a map is expected msgpack would read the next value as
			// the extension's data, one value out of step with Check.
			err = fmt.Errorf("%w: extension without data", ErrMalformed)
		}
		return 0, n + 1, err
	case 0xdc: // array16
		n, err := length(b, 2)
		return n, 0, err
	case 0xdd: // array32
		n, err := length(b, 4)
		return n, 0, err
	case 0xde: // map16
		n, err := length(b, 2)
		return 2 * n, 0, err
	case 0xdf: // map32
		n, err := length(b, 4)
		return 2 * n, 0, err
	}
	return 0, 0, fmt.Errorf("%w: reserved type byte 0x%02x", ErrMalformed, c)
}

// length reads a big-endian length of size bytes off *b.
func length(b *[]byte, size int) (uint64, error) {
	if len(*b) < size {
		return 0, fmt.Errorf("%w: truncated length", ErrMalformed)
	}
	var n uint64
	for _, x := range (*b)[:size] {
		n = n<<8 | uint64(x)
	}
	*b = (*b)[size:]
	return n, nil
}
