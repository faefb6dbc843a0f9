package main

import (
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/sts/cipher"
)

// keyID is the key ID sts puts in tickets made with the key in text.
func keyID(t *testing.T, text string) string {
	t.Helper()
	k, err := cipher.Derive(decodeKeyText(t, text))
	if err != nil {
		t.Fatal(err)
	}
	id := k.ID()
	return hex.EncodeToString(id[:])
}

func TestInspect(t *testing.T) {
	t.Parallel()
	oldFile, oldText := newKey(t)
	otherFile, _ := newKey(t)
	curFile, curText := newKey(t)
	plain := createTicket(t, invocation{args: []string{"--key-file", curFile, "--ttl", "90s", "x"}})
	old := createTicket(t, invocation{args: []string{"--key-file", oldFile, "--encrypt", "--compress", "--json", "--session", "s", `{"a":1}`}})

	var r inspection
	out := tickets(t, "inspect", "--json", "--key-file", curFile, plain).want(t, exitOK).stdout
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("inspect --json printed %q: %v", out, err)
	}
	if !r.Valid || r.Version != 1 || r.KeyID != keyID(t, curText) || r.OldKey || r.Encrypted || r.Compressed || r.Serialized {
		t.Errorf("inspect: %+v", r)
	}
	if r.ExpiresAt.Sub(r.IssuedAt) != 90*time.Second {
		t.Errorf("inspect: issued %v, expires %v; want them 90s apart (--ttl)", r.IssuedAt, r.ExpiresAt)
	}

	// The old key is found among several, and its ID shown.
	out = tickets(t, "inspect", "--json", "--key-file", curFile, "--old-key-file", otherFile, "--old-key-file", oldFile, "--session", "s", old).want(t, exitOK).stdout
	r = inspection{}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.KeyID != keyID(t, oldText) || !r.OldKey || r.KeyFile != oldFile || !r.Encrypted || !r.Compressed || !r.Serialized {
		t.Errorf("inspect with old keys: %+v", r)
	}

	text := invocation{args: []string{"inspect", plain}, env: []string{keyEnv + "=" + curText}}.run(t).want(t, exitOK).stdout
	for _, want := range []string{"valid:       yes\n", "key id:      " + keyID(t, curText) + " (the current key, from $TICKETS_KEY)\n", "encrypted:   no\n"} {
		if !strings.Contains(text, want) {
			t.Errorf("inspect printed:\n%s\nwant a line %q", text, want)
		}
	}

	tickets(t, "inspect", plain).want(t, exitUsage)
	tickets(t, "inspect", "--key-file", otherFile, plain).want(t, exitInvalid)
	tickets(t, "inspect", "--key-file", curFile, "--old-key-file", oldFile, old).want(t, exitInvalid) // no session
	tickets(t, "inspect", "--key-file", curFile, "garbage!").want(t, exitMalformed)
}
