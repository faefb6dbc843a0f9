package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gotickets/tickets/sts"
)

func TestKeygenStdout(t *testing.T) {
	t.Parallel()
	a := tickets(t, "keygen").want(t, exitOK)
	b := tickets(t, "keygen").want(t, exitOK)
	for _, r := range []result{a, b} {
		key, err := keyEncoding.DecodeString(strings.TrimSuffix(r.stdout, "\n"))
		if err != nil || len(key) != sts.KeySize {
			t.Fatalf("keygen printed %q: %d bytes, %v", r.stdout, len(key), err)
		}
	}
	if a.stdout == b.stdout {
		t.Fatal("two keygen runs printed the same key")
	}
}

func TestKeygenFile(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "k")
	r := tickets(t, "keygen", "-o", path).want(t, exitOK)
	if r.stdout != "" {
		t.Errorf("keygen -o printed %q on stdout", r.stdout)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	if key, err := keyEncoding.DecodeString(strings.TrimSpace(string(b))); err != nil || len(key) != sts.KeySize {
		t.Errorf("key file holds %q", b)
	}

	r = tickets(t, "keygen", "-o", path).want(t, exitError)
	if !strings.Contains(r.stderr, "exists") {
		t.Errorf("overwrite: stderr %q", r.stderr)
	}
	if b2, _ := os.ReadFile(path); string(b2) != string(b) {
		t.Error("keygen -o replaced an existing key")
	}
	tickets(t, "keygen", "extra").want(t, exitUsage)
}
