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
// string-keyed maps sorted and every timestamp in its 12-byte form. It fails
// on an encoding that Check would refuse (extension data that msgpack could
// misread, or a malformed msgpack.RawMessage), so that what Marshal makes,
// Unmarshal reads.
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
	if wide := widenTimestamps(enc); len(wide) != len(enc) {
		enc = wide
		out = append(out[:len(dst)], wide...)
	}
	if err := Check(enc); err != nil {
		return dst, fmt.Errorf("codec: the encoding of %T: %w", v, err)
	}
	return out, nil
}

// widenTimestamps returns the well-formed encoding b with every timestamp
// (extension -1) of 4 or 8 data bytes rewritten in the 12-byte form: 32-bit
// nanoseconds, then 64-bit seconds. Its data begins with the top byte of the
// nanoseconds, at most 0x3b, which Check accepts whatever the time; the
// shorter forms begin with bytes of the seconds or nanoseconds that can look
// like a map header. It returns b itself when there is nothing to rewrite
// (a rewrite always lengthens it), and stops rewriting at anything
// malformed, which Check then reports.
func widenTimestamps(b []byte) []byte {
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
		i = len(b) - len(rest) + int(skip)
	}
	if out == nil {
		return b
	}
	return append(out, b[done:]...)
}

type decoder struct {
	r   bytes.Reader
	dec *msgpack.Decoder
}

var decoders = sync.Pool{New: func() any {
	d := new(decoder)
	d.dec = msgpack.NewDecoder(&d.r)
	return d
}}

// Unmarshal decodes the single msgpack value in data into v, which must be a
// non-nil pointer. It runs Check first. A panic in msgpack's decoder (it
// panics on some well-formed input, such as a map key Go cannot hash when
// decoding into map[any]any) is returned as ErrMalformed.
func Unmarshal(data []byte, v any) (err error) {
	if err := Check(data); err != nil {
		return err
	}
	d := decoders.Get().(*decoder)
	d.r.Reset(data)
	d.dec.Reset(&d.r)
	panicked := true
	defer func() {
		d.r.Reset(nil)
		if !panicked {
			decoders.Put(d)
		} else if r := recover(); r != nil {
			// The decoder's state is unknown: it is not pooled again.
			err = fmt.Errorf("%w: msgpack: %v", ErrMalformed, r)
		}
	}()
	err = d.dec.Decode(v)
	panicked = false
	if err != nil {
		return fmt.Errorf("codec: %w", err)
	}
	return nil
}

// Check reports whether data is exactly one well-formed msgpack value whose
// every length fits in the bytes that remain, nested at most MaxDepth deep.
// It returns ErrMalformed or ErrTooLarge (for nesting) and never allocates.
func Check(data []byte) error {
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
		b = b[skip:]
		if items == 0 {
			continue
		}
		pending += items
		if pending > uint64(len(b)) {
			return fmt.Errorf("%w: %d items claimed, %d bytes left", ErrMalformed, pending, len(b))
		}
		if depth == MaxDepth {
			return fmt.Errorf("%w: nesting deeper than %d", ErrTooLarge, MaxDepth)
		}
		depth++
		open[depth] = items
	}
}

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
		n := uint64(1) << (c - 0xd4)
		return 0, 1 + n, extension(*b, n)
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
		if err == nil {
			err = extension(*b, n)
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

// extension checks the type byte and n data bytes of an extension, which
// b begins with. Where msgpack's decoder expects a map it takes any
// extension for a wrapper (DecodeMapLen skips the extension's header), reads
// a map header from the data, and goes on reading past the data: out of step
// with Check, trusting lengths Check never saw as lengths. So data that
// begins like a map header (nil, fixmap, map16, map32) is refused, and so is
// no data at all, where that header would be the next value's first byte.
func extension(b []byte, n uint64) error {
	if n == 0 {
		return fmt.Errorf("%w: extension without data", ErrMalformed)
	}
	if len(b) < 2 {
		return fmt.Errorf("%w: truncated extension", ErrMalformed)
	}
	if c := b[1]; c == 0xc0 || c >= 0x80 && c <= 0x8f || c == 0xde || c == 0xdf {
		return fmt.Errorf("%w: extension %d whose data msgpack could read as a map", ErrMalformed, int8(b[0]))
	}
	return nil
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
