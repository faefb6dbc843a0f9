// Package codec holds the payload codecs of sts: the msgpack serializer
// (github.com/vmihailenco/msgpack/v5) and the zlib compressor
// (github.com/klauspost/compress/zlib), pooled and with hard limits.
//
// # Limits
//
// Decompress never produces more than the limit its caller gives: it reads
// at most limit+1 bytes of output, growing its buffer geometrically up to
// that bound, and then fails with ErrTooLarge. A zlib stream of 100 MB of
// zeros (about 100 KB compressed) costs at most a few megabytes of memory
// under a 1 MiB limit.
//
// Unmarshal runs Check before it hands any byte to msgpack. Check walks the
// encoding once without allocating and refuses any array, map, string,
// binary or extension length that claims more than the bytes that remain,
// nesting deeper than MaxDepth, trailing bytes, and extensions without data
// (where a map is expected msgpack would read the next value as their
// data, one value out of step). msgpack reads an
// extension's data as a map where it expects one, and then the bytes after
// it out of step with Check; so Unmarshal refuses, where a map is
// expected, an extension whose data begins like a map header and is not
// one value filling the data exactly (other extensions, whatever their
// bytes, decode as their types say). msgpack's own decoder
// trusts array lengths when it decodes into typed slices (it allocates the
// claimed length up front), so without Check a five-byte prefix could ask for
// gigabytes. After Check, the number of elements msgpack allocates is bounded
// by the input length; what each element costs depends on the caller's
// target type.
//
// # Determinism
//
// Marshal sorts the keys of string-keyed maps (msgpack sorts no other key
// type) and writes every timestamp in its 12-byte form, so equal values
// with string keys give equal bytes; Compress always uses the same level,
// so equal payloads give equal tickets. Marshal refuses what Check would,
// and msgpack's interned strings (the intern tag).
package codec

import "errors"

var (
	// ErrTooLarge reports output beyond the caller's limit, or nesting
	// deeper than MaxDepth.
	ErrTooLarge = errors.New("codec: data too large")
	// ErrMalformed reports input that is not a valid encoding.
	ErrMalformed = errors.New("codec: malformed data")
)
