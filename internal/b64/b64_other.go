//go:build !amd64 || purego

package b64

// decodeBlocks has no fast kernel on this platform: the tables do it all.
func decodeBlocks(dst []byte, src string) (blocks int, bad bool) { return 0, false }

// encodeBlocks has no fast kernel on this platform: encoding/base64 does
// it all.
func encodeBlocks(dst, src []byte) (blocks int) { return 0 }
