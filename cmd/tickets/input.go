package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
)

// keyEncoding is how keys are written by keygen and read everywhere else:
// base64url without padding, strict, so a key has one spelling.
var keyEncoding = base64.RawURLEncoding.Strict()

// maxKeyFileSize bounds what is read from a key or secret file: keys are a
// few dozen bytes, and a wrong path (a log, a device) must not be slurped.
const maxKeyFileSize = 4 << 10

// encodeKey is the text form of a key, as keygen prints it.
func encodeKey(key []byte) string {
	return keyEncoding.EncodeToString(key)
}

// loadKey reads a base64url key from the file at path, or, when path is
// empty, from the environment variable envName. It returns nil and no error
// when neither is set, so the caller decides whether a key is required.
func loadKey(e *env, path, envName string) ([]byte, error) {
	var text []byte
	var from string
	switch {
	case path != "":
		b, err := readSmallFile(path)
		if err != nil {
			return nil, err
		}
		text, from = b, "key file "+path
	case e.getenv(envName) != "":
		text, from = []byte(e.getenv(envName)), envName
	default:
		return nil, nil
	}
	key, err := keyEncoding.DecodeString(string(bytes.TrimSpace(text)))
	if err != nil || len(key) == 0 {
		// The key text is never echoed: it may be a secret with a typo.
		return nil, fmt.Errorf("%s does not hold a base64url key (make one with 'tickets keygen')", from)
	}
	return key, nil
}

// loadSecret reads a secret kept as text, such as a TKTAuthSecret: the file
// at path with one trailing newline removed, or else the environment
// variable envName. Nil and no error when neither is set.
func loadSecret(e *env, path, envName string) ([]byte, error) {
	if path != "" {
		b, err := readSmallFile(path)
		if err != nil {
			return nil, err
		}
		b = bytes.TrimSuffix(b, []byte("\n"))
		b = bytes.TrimSuffix(b, []byte("\r"))
		if len(b) == 0 {
			return nil, fmt.Errorf("secret file %s is empty", path)
		}
		return b, nil
	}
	if s := e.getenv(envName); s != "" {
		return []byte(s), nil
	}
	return nil, nil
}

func readSmallFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxKeyFileSize {
		return nil, fmt.Errorf("%s is larger than %d bytes: not a key file", path, maxKeyFileSize)
	}
	return b, nil
}

// errTooMuchInput reports standard input longer than the command accepts.
var errTooMuchInput = errors.New("input too large")

// readInput returns the single positional argument, or standard input when
// there is none or it is "-". Standard input is read up to limit bytes.
func readInput(e *env, args []string, limit int) ([]byte, error) {
	if len(args) > 1 {
		return nil, usagef("want at most one argument, got %d", len(args))
	}
	if len(args) == 1 && args[0] != "-" {
		if len(args[0]) > limit {
			return nil, fmt.Errorf("%w: more than %d bytes", errTooMuchInput, limit)
		}
		return []byte(args[0]), nil
	}
	b, err := io.ReadAll(io.LimitReader(e.stdin, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("reading stdin: %w", err)
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes on stdin", errTooMuchInput, limit)
	}
	return b, nil
}
