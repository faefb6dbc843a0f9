package sts

import (
	"crypto/rand"

	"golang.org/x/crypto/argon2"
)

// KeySize is the length of the keys GenerateKey and KeyFromPassword return.
const KeySize = 32

// Argon2id parameters of KeyFromPassword: RFC 9106 section 4, the second
// recommended option (for memory-constrained environments).
const (
	argon2Time    = 3
	argon2Memory  = 64 * 1024 // KiB: 64 MiB
	argon2Threads = 4
)

// GenerateKey returns a new random 32-byte key from crypto/rand
// (pyTickets' create_random_key, with all 256 bits random).
func GenerateKey() ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return key, nil
}

// KeyFromPassword derives a 32-byte key from a human secret with Argon2id
// (golang.org/x/crypto/argon2) using RFC 9106's second recommended
// parameters: 3 passes over 64 MiB of memory with 4 lanes. Each call takes
// that much memory and tens to hundreds of milliseconds, on purpose.
//
// The salt should be at least 16 random bytes, stored beside whatever needs
// to derive the key again; the same password and salt always give the same
// key.
func KeyFromPassword(password, salt []byte) []byte {
	return argon2.IDKey(password, salt, argon2Time, argon2Memory, argon2Threads, KeySize)
}
