package codec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// level is the compression level of every ticket. It is fixed so that equal
// payloads compress to equal bytes.
const level = zlib.DefaultCompression

type deflater struct {
	w  appendWriter
	zw *zlib.Writer
}

var deflaters = sync.Pool{New: func() any {
	d := new(deflater)
	// NewWriterLevel fails only for an invalid level, and level is constant.
	d.zw, _ = zlib.NewWriterLevel(&d.w, level)
	return d
}}

// Compress appends the zlib compression of src to dst.
func Compress(dst, src []byte) ([]byte, error) {
	d := deflaters.Get().(*deflater)
	d.w.b = dst
	d.zw.Reset(&d.w)
	_, err := d.zw.Write(src)
	if err == nil {
		err = d.zw.Close()
	}
	out := d.w.b
	d.w.b = nil
	deflaters.Put(d)
	if err != nil {
		return dst, fmt.Errorf("codec: zlib: %w", err)
	}
	return out, nil
}

type inflater struct {
	r  bytes.Reader
	zr io.ReadCloser // also a zlib.Resetter
}

var inflaters sync.Pool

// minGrow is the smallest buffer Decompress starts with.
const minGrow = 512

// Decompress appends the zlib decompression of src to dst. It fails with
// ErrTooLarge as soon as the output would exceed limit bytes, having
// allocated at most about twice that, and with ErrMalformed when src is not
// exactly one valid zlib stream (checksum included, nothing after it).
func Decompress(dst, src []byte, limit int) ([]byte, error) {
	// limit+1 must not overflow: math.MaxInt means no limit but memory.
	limit = min(max(limit, 0), math.MaxInt-1)
	f, err := getInflater(src)
	if err != nil {
		return dst, err
	}
	defer putInflater(f)

	start := len(dst)
	// Start near the likely size and never beyond limit+1, the one byte
	// over the limit that proves the output too large.
	want := min(max(minGrow, 4*len(src)), limit+1)
	for {
		if len(dst) == cap(dst) {
			grow := min(max(cap(dst)-start, want), limit+1-(len(dst)-start))
			if grow <= 0 {
				return dst[:start], fmt.Errorf("%w: inflates beyond %d bytes", ErrTooLarge, limit)
			}
			dst = append(dst, make([]byte, grow)...)[:len(dst)]
		}
		n, err := f.zr.Read(dst[len(dst):cap(dst)])
		dst = dst[:len(dst)+n]
		if len(dst)-start > limit {
			return dst[:start], fmt.Errorf("%w: inflates beyond %d bytes", ErrTooLarge, limit)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return dst[:start], fmt.Errorf("%w: zlib: %v", ErrMalformed, err)
		}
	}
	if f.r.Len() != 0 {
		return dst[:start], fmt.Errorf("%w: %d bytes after the zlib stream", ErrMalformed, f.r.Len())
	}
	return dst, nil
}

func getInflater(src []byte) (*inflater, error) {
	if f, ok := inflaters.Get().(*inflater); ok {
		f.r.Reset(src)
		if err := f.zr.(zlib.Resetter).Reset(&f.r, nil); err != nil {
			putInflater(f) // the next Reset starts afresh
			return nil, fmt.Errorf("%w: zlib: %v", ErrMalformed, err)
		}
		return f, nil
	}
	f := new(inflater)
	f.r.Reset(src)
	zr, err := zlib.NewReader(&f.r)
	if err != nil {
		return nil, fmt.Errorf("%w: zlib: %v", ErrMalformed, err)
	}
	f.zr = zr
	return f, nil
}

func putInflater(f *inflater) {
	f.r.Reset(nil)
	inflaters.Put(f)
}
