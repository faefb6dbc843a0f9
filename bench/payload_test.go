package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// The two payloads every ticket implementation carries. Both are ASCII from
// the characters that need no escaping in any of the formats (JSON, URL
// quoting, base64 alphabets), so no implementation pays for escaping that
// another does not.
var (
	// small is the 38-byte user string of issue 7.
	small = []byte("alice.liddell/4217/admin-editor_reader")
	// large is 1 KiB.
	large = bytes.Repeat([]byte("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"), 16)
)

// payloads names the payloads in benchmark order.
var payloads = []struct {
	name string
	data []byte
}{
	{"38B", small},
	{"1KiB", large},
}

// lifetime is the ticket lifetime every implementation is configured with
// (pyTickets' 1200 s default).
const lifetime = 20 * time.Minute

// key32 returns a fixed 32-byte key, different per label, so that no
// implementation shares a key with another.
func key32(label string) []byte {
	k := make([]byte, 32)
	copy(k, label)
	for i := range k {
		k[i] ^= byte(i * 7)
	}
	return k
}

func TestPayloadSizes(t *testing.T) {
	if len(small) != 38 {
		t.Errorf("small payload is %d bytes, want 38", len(small))
	}
	if len(large) != 1024 {
		t.Errorf("large payload is %d bytes, want 1024", len(large))
	}
	const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-_"
	for _, p := range payloads {
		if i := bytes.IndexFunc(p.data, func(r rune) bool { return !strings.ContainsRune(plain, r) }); i >= 0 {
			t.Errorf("payload %s holds %q at %d, which some format escapes", p.name, p.data[i], i)
		}
	}
}
