// Package deps pins the main module's dependencies while the packages that
// use them are being written. It is deleted once every dependency is
// imported by real code.
package deps

import (
	_ "filippo.io/bigmod"
	_ "github.com/klauspost/compress/zlib"
	_ "github.com/vmihailenco/msgpack/v5"
	_ "golang.org/x/crypto/argon2"
	_ "golang.org/x/crypto/hkdf"
)
