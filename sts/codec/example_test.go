package codec_test

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/gotickets/tickets/sts/codec"
)

func ExampleDecompress() {
	z, err := codec.Compress(nil, bytes.Repeat([]byte{0}, 1<<20))
	if err != nil {
		panic(err)
	}
	out, err := codec.Decompress(nil, z, 1<<20)
	fmt.Println(len(z) < 2048, len(out), err)

	// The same stream under a smaller limit: refused, not inflated.
	_, err = codec.Decompress(nil, z, 64<<10)
	fmt.Println(errors.Is(err, codec.ErrTooLarge))
	// Output:
	// true 1048576 <nil>
	// true
}

func ExampleUnmarshal() {
	b, err := codec.Marshal(nil, map[string]any{"user": "alice", "admin": true})
	if err != nil {
		panic(err)
	}
	var v map[string]any
	if err := codec.Unmarshal(b, &v); err != nil {
		panic(err)
	}
	fmt.Println(v["user"], v["admin"])

	// An array header claiming 2^32-1 elements in five bytes is refused
	// before msgpack sees it.
	var big []int
	err = codec.Unmarshal([]byte{0xdd, 0xff, 0xff, 0xff, 0xff}, &big)
	fmt.Println(errors.Is(err, codec.ErrMalformed))
	// Output:
	// alice true
	// true
}
