package authtkt

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"strings"

	"golang.org/x/crypto/blake2b"
	"golang.org/x/crypto/blake2s"
)

// algorithm is one of the hash functions named like Python's hashlib.
type algorithm uint8

const (
	algMD5 algorithm = iota
	algSHA1
	algSHA224
	algSHA256
	algSHA384
	algSHA512
	algSHA3_224
	algSHA3_256
	algSHA3_384
	algSHA3_512
	algBLAKE2b
	algBLAKE2s
)

// maxDigestSize is the largest raw digest (SHA-512, SHA3-512, BLAKE2b).
const maxDigestSize = 64

var algorithms = [...]struct {
	name string
	size int
}{
	algMD5:      {"md5", md5.Size},
	algSHA1:     {"sha1", sha1.Size},
	algSHA224:   {"sha224", sha256.Size224},
	algSHA256:   {"sha256", sha256.Size},
	algSHA384:   {"sha384", sha512.Size384},
	algSHA512:   {"sha512", sha512.Size},
	algSHA3_224: {"sha3_224", 28},
	algSHA3_256: {"sha3_256", 32},
	algSHA3_384: {"sha3_384", 48},
	algSHA3_512: {"sha3_512", 64},
	algBLAKE2b:  {"blake2b", blake2b.Size},
	algBLAKE2s:  {"blake2s", blake2s.Size},
}

// algorithmByName maps a hashlib name (case-insensitive, as hashlib.new
// accepts "SHA256") to an algorithm.
func algorithmByName(name string) (algorithm, bool) {
	name = strings.ToLower(name)
	for a, spec := range algorithms {
		if spec.name == name {
			return algorithm(a), true
		}
	}
	return 0, false
}

func (a algorithm) String() string { return algorithms[a].name }

// size is the raw digest length in bytes.
func (a algorithm) size() int { return algorithms[a].size }

// sum hashes data into dst and returns the digest, dst[:a.size()]. It calls
// the one-shot functions directly (no hash.Hash interface, no allocation);
// BLAKE2b and BLAKE2s are unkeyed with hashlib's default digest sizes.
func (a algorithm) sum(dst *[maxDigestSize]byte, data []byte) []byte {
	switch a {
	case algMD5:
		s := md5.Sum(data)
		copy(dst[:], s[:])
	case algSHA1:
		s := sha1.Sum(data)
		copy(dst[:], s[:])
	case algSHA224:
		s := sha256.Sum224(data)
		copy(dst[:], s[:])
	case algSHA256:
		s := sha256.Sum256(data)
		copy(dst[:], s[:])
	case algSHA384:
		s := sha512.Sum384(data)
		copy(dst[:], s[:])
	case algSHA512:
		s := sha512.Sum512(data)
		copy(dst[:], s[:])
	case algSHA3_224:
		s := sha3.Sum224(data)
		copy(dst[:], s[:])
	case algSHA3_256:
		s := sha3.Sum256(data)
		copy(dst[:], s[:])
	case algSHA3_384:
		s := sha3.Sum384(data)
		copy(dst[:], s[:])
	case algSHA3_512:
		s := sha3.Sum512(data)
		copy(dst[:], s[:])
	case algBLAKE2b:
		s := blake2b.Sum512(data)
		copy(dst[:], s[:])
	case algBLAKE2s:
		s := blake2s.Sum256(data)
		copy(dst[:], s[:])
	}
	return dst[:a.size()]
}
