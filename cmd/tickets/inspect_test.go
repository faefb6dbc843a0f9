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

// inspectJSON runs inspect --json with args and decodes what it printed.
func inspectJSON(t *testing.T, code int, env []string, args ...string) inspection {
	t.Helper()
	r := invocation{args: append([]string{"inspect", "--json"}, args...), env: env}.run(t).want(t, code)
	var in inspection
	if err := json.Unmarshal([]byte(r.stdout), &in); err != nil {
		t.Fatalf("inspect --json printed %q: %v", r.stdout, err)
	}
	return in
}

func TestInspect(t *testing.T) {
	t.Parallel()
	oldFile, oldText := newKey(t)
	otherFile, _ := newKey(t)
	curFile, curText := newKey(t)
	plain := createTicket(t, invocation{args: []string{"--key-file", curFile, "--ttl", "90s", "--compress", "four"}})
	sealed := createTicket(t, invocation{args: []string{"--key-file", oldFile, "--encrypt", "--json", "--session", "s", `{"a":1}`}})

	t.Run("no key, plain", func(t *testing.T) {
		r := inspectJSON(t, exitOK, nil, plain)
		if r.Verified || r.Valid != nil || r.Version != 1 || r.KeyID != keyID(t, curText) || r.Key != "" || r.Encrypted {
			t.Errorf("inspect: %+v", r)
		}
		if r.Compressed == nil || !*r.Compressed || r.Serialized == nil || *r.Serialized || r.PayloadSize == nil || *r.PayloadSize == 0 {
			t.Errorf("inspect of a plain ticket shows no body: %+v", r)
		}
		if r.IssuedAt == nil || r.ExpiresAt == nil || r.ExpiresAt.Sub(r.IssuedAt.Time) != 90*time.Second {
			t.Errorf("inspect: times %v to %v, want them 90s apart (--ttl)", r.IssuedAt, r.ExpiresAt)
		}
		text := tickets(t, "inspect", plain).want(t, exitOK).stdout
		if !strings.HasPrefix(text, "valid:       not checked: no key given, nothing below is verified\n") {
			t.Errorf("inspect without a key claims something:\n%s", text)
		}
	})
	t.Run("no key, encrypted", func(t *testing.T) {
		r := inspectJSON(t, exitOK, nil, sealed)
		if r.Valid != nil || r.KeyID != keyID(t, oldText) || !r.Encrypted || r.IssuedAt != nil || r.Compressed != nil || r.PayloadSize != nil {
			t.Errorf("inspect of an encrypted ticket without a key: %+v", r)
		}
		if text := tickets(t, "inspect", sealed).want(t, exitOK).stdout; !strings.Contains(text, "issued at:   hidden (encrypted)\n") {
			t.Errorf("inspect printed:\n%s", text)
		}
	})
	t.Run("current key from the environment", func(t *testing.T) {
		r := inspectJSON(t, exitOK, []string{keyEnv + "=" + curText}, plain)
		if !r.Verified || r.Valid == nil || !*r.Valid || r.Key != "$"+keyEnv || r.OldKey {
			t.Errorf("inspect: %+v", r)
		}
	})
	t.Run("old key found among several, encrypted metadata shown", func(t *testing.T) {
		r := inspectJSON(t, exitOK, nil, "--key-file", curFile, "--old-key-file", otherFile, "--old-key-file", oldFile, "--session", "s", sealed)
		if r.Valid == nil || !*r.Valid || r.KeyID != keyID(t, oldText) || !r.OldKey || r.Key != oldFile {
			t.Errorf("inspect with old keys: %+v", r)
		}
		if r.Serialized == nil || !*r.Serialized || r.Compressed == nil || *r.Compressed || r.IssuedAt == nil {
			t.Errorf("a valid encrypted ticket's metadata is not shown: %+v", r)
		}
		text := tickets(t, "inspect", "--key-file", curFile, "--old-key-file", oldFile, "--session", "s", sealed).want(t, exitOK).stdout
		if !strings.Contains(text, "key id:      "+keyID(t, oldText)+" (an old key, from "+oldFile+": re-issue the ticket)\n") {
			t.Errorf("inspect printed:\n%s", text)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		r := inspectJSON(t, exitInvalid, nil, "--key-file", otherFile, plain)
		if r.Verified || r.Valid == nil || *r.Valid || !strings.Contains(r.Error, "invalid") || r.Key != "" {
			t.Errorf("inspect with the wrong key: %+v", r)
		}
		// The right key without the session.
		r = inspectJSON(t, exitInvalid, nil, "--key-file", oldFile, sealed)
		if r.Valid == nil || *r.Valid || r.Key != oldFile || r.IssuedAt != nil {
			t.Errorf("inspect without the session: %+v", r)
		}
		text := tickets(t, "inspect", "--key-file", otherFile, plain).want(t, exitInvalid).stdout
		if !strings.Contains(text, "valid:       no: sts: invalid ticket (nothing below is verified)\n") || !strings.Contains(text, "(none of the given keys)") {
			t.Errorf("inspect printed:\n%s", text)
		}
	})
	tickets(t, "inspect", "garbage!").want(t, exitMalformed)
	tickets(t, "inspect", "--key-file", curFile, "garbage!").want(t, exitMalformed)
	tickets(t, "inspect", "--old-key-file", oldFile, plain).want(t, exitUsage)
}
