package main

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gotickets/tickets/sts"
)

// newKey writes a fresh key with keygen and returns its path and text.
func newKey(t *testing.T) (path, text string) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "key")
	tickets(t, "keygen", "-o", path).want(t, exitOK)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, strings.TrimSpace(string(b))
}

// ticket runs create and returns the ticket.
func createTicket(t *testing.T, inv invocation) string {
	t.Helper()
	inv.args = append([]string{"create"}, inv.args...)
	r := inv.run(t).want(t, exitOK)
	if strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("create printed %q", r.stdout)
	}
	return strings.TrimSpace(r.stdout)
}

func TestCreateValidate(t *testing.T) {
	t.Parallel()
	keyFile, keyText := newKey(t)
	data := "hello, ticket\nwith a second line"
	for _, opts := range [][]string{nil, {"--encrypt"}, {"--compress"}, {"--encrypt", "--compress"}} {
		t.Run(strings.Join(opts, " "), func(t *testing.T) {
			// Key from the file, data as an argument, options after it.
			args := append([]string{"--key-file", keyFile, "--session", "s1", "--entropy", "e1", data}, opts...)
			tkt := createTicket(t, invocation{args: args})
			// Key from the environment, ticket on stdin.
			r := invocation{
				args:  []string{"validate", "--session", "s1", "--entropy", "e1"},
				stdin: tkt + "\n",
				env:   []string{keyEnv + "=" + keyText},
			}.run(t).want(t, exitOK)
			if r.stdout != data {
				t.Errorf("validate printed %q, want %q", r.stdout, data)
			}
			r = tickets(t, "validate", "-q", "--key-file", keyFile, "--session", "s1", "--entropy", "e1", tkt).want(t, exitOK)
			if r.stdout != "" {
				t.Errorf("validate -q printed %q", r.stdout)
			}
		})
	}
	t.Run("data on stdin", func(t *testing.T) {
		data := data + " and \x00 a NUL, which no argument can hold"
		tkt := createTicket(t, invocation{args: []string{"--key-file", keyFile, "-"}, stdin: data})
		r := tickets(t, "validate", "--key-file", keyFile, tkt).want(t, exitOK)
		if r.stdout != data {
			t.Errorf("validate printed %q, want %q", r.stdout, data)
		}
	})
	t.Run("key file wins over the environment", func(t *testing.T) {
		_, otherText := newKey(t)
		tkt := createTicket(t, invocation{args: []string{"--key-file", keyFile, "x"}, env: []string{keyEnv + "=" + otherText}})
		tickets(t, "validate", "--key-file", keyFile, tkt).want(t, exitOK)
	})
}

func TestCreateValidateJSON(t *testing.T) {
	t.Parallel()
	keyFile, _ := newKey(t)
	doc := `{"user":"alice","roles":["admin","ops"],"n":-7,"big":18446744073709551615,"f":1.5,"ok":true,"none":null,"nested":{"a":[{}]}}`
	tkt := createTicket(t, invocation{args: []string{"--key-file", keyFile, "--json", "--encrypt", "--compress", doc}})
	r := tickets(t, "validate", "--key-file", keyFile, tkt).want(t, exitOK)
	if !jsonEqual(t, r.stdout, doc) {
		t.Errorf("validate printed %s, want %s", r.stdout, doc)
	}
	for _, bad := range []string{`{"a":`, `{} {}`, `nope`} {
		r := tickets(t, "create", "--key-file", keyFile, "--json", bad).want(t, exitError)
		if !strings.Contains(r.stderr, "not JSON") {
			t.Errorf("create --json %q: stderr %q", bad, r.stderr)
		}
	}
}

// jsonEqual compares two JSON documents as values, numbers exactly.
func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var va, vb any
	for _, p := range []struct {
		s string
		v *any
	}{{a, &va}, {b, &vb}} {
		dec := json.NewDecoder(strings.NewReader(p.s))
		dec.UseNumber()
		if err := dec.Decode(p.v); err != nil {
			t.Fatalf("%q: %v", p.s, err)
		}
	}
	return reflect.DeepEqual(va, vb)
}

func TestValidateFailures(t *testing.T) {
	t.Parallel()
	keyFile, keyText := newKey(t)
	otherFile, _ := newKey(t)
	tkt := createTicket(t, invocation{args: []string{"--key-file", keyFile, "--session", "s", "--entropy", "e", "data"}})
	ok := []string{"validate", "--key-file", keyFile, "--session", "s", "--entropy", "e"}
	tickets(t, append(ok, tkt)...).want(t, exitOK)

	tampered := []byte(tkt)
	if i := len(tampered) / 2; tampered[i] == 'A' {
		tampered[i] = 'B'
	} else {
		tampered[i] = 'A'
	}

	key := decodeKeyText(t, keyText)
	clock := func(d time.Duration) func() time.Time { return func() time.Time { return time.Now().Add(d) } }
	expired := libTicket(t, key, &sts.Config{Now: clock(-time.Hour)})
	future := libTicket(t, key, &sts.Config{Now: clock(time.Hour)})
	long := libTicket(t, key, &sts.Config{Lifetime: 48 * time.Hour})

	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"wrong key", []string{"validate", "--key-file", otherFile, "--session", "s", "--entropy", "e", tkt}, exitInvalid, "invalid"},
		{"wrong session", []string{"validate", "--key-file", keyFile, "--session", "t", "--entropy", "e", tkt}, exitInvalid, "invalid"},
		{"no session", []string{"validate", "--key-file", keyFile, "--entropy", "e", tkt}, exitInvalid, "invalid"},
		{"wrong entropy", []string{"validate", "--key-file", keyFile, "--session", "s", "--entropy", "f", tkt}, exitInvalid, "invalid"},
		{"tampered", append(ok, string(tampered)), exitInvalid, "invalid"},
		{"not base64", append(ok, "not a ticket!"), exitMalformed, "malformed"},
		{"empty", append(ok, ""), exitMalformed, "malformed"},
		{"expired", []string{"validate", "--key-file", keyFile, expired}, exitExpired, "expired"},
		{"not yet valid", []string{"validate", "--key-file", keyFile, future}, exitNotYetValid, "not yet valid"},
		{"lifetime above --max-lifetime", []string{"validate", "--key-file", keyFile, long}, exitExpired, "expired"},
		{"too large", append(ok, strings.Repeat("A", sts.DefaultMaxTicketSize+1)), exitMalformed, "too large"},
		{"no key", []string{"validate", tkt}, exitUsage, "no key"},
		{"two tickets", append(ok, tkt, tkt), exitUsage, "at most one argument"},
		{"missing key file", []string{"validate", "--key-file", filepath.Join(t.TempDir(), "none"), tkt}, exitError, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tickets(t, tt.args...).want(t, tt.code)
			if !strings.HasPrefix(r.stderr, "tickets validate: ") || !strings.Contains(r.stderr, tt.msg) {
				t.Errorf("stderr %q, want it to mention %q", r.stderr, tt.msg)
			}
			if r.stdout != "" {
				t.Errorf("a failed validate printed %q", r.stdout)
			}
		})
	}
	tickets(t, "validate", "--key-file", keyFile, "--max-lifetime", "48h", long).want(t, exitOK)
}

func TestKeyRotation(t *testing.T) {
	t.Parallel()
	oldFile, _ := newKey(t)
	newFile, _ := newKey(t)
	tkt := createTicket(t, invocation{args: []string{"--key-file", oldFile, "made with the old key"}})
	tickets(t, "validate", "--key-file", newFile, tkt).want(t, exitInvalid)
	r := tickets(t, "validate", "--key-file", newFile, "--old-key-file", oldFile, tkt).want(t, exitOK)
	if r.stdout != "made with the old key" {
		t.Errorf("validate printed %q", r.stdout)
	}
}

func TestKeyInputs(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	secret := "c2VjcmV0IGtleSB0ZXh0IHRoYXQgbXVzdCBub3QgbGVhaw"
	tests := []struct {
		name string
		inv  invocation
	}{
		{"padded base64", invocation{args: []string{"create", "--key-file", write("padded", secret+"==\n"), "x"}}},
		{"standard alphabet", invocation{args: []string{"create", "--key-file", write("std", "ab+/"+secret), "x"}}},
		{"empty file", invocation{args: []string{"create", "--key-file", write("empty", ""), "x"}}},
		{"huge file", invocation{args: []string{"create", "--key-file", write("huge", strings.Repeat("A", maxKeyFileSize+1)), "x"}}},
		{"bad environment", invocation{args: []string{"create", "x"}, env: []string{keyEnv + "=" + secret + "!"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.inv.run(t).want(t, exitError)
			if strings.Contains(r.stderr, secret) {
				t.Errorf("the key text was echoed: %q", r.stderr)
			}
		})
	}
	tickets(t, "create", "x").want(t, exitUsage)
	tickets(t, "create", "--key-file", write("ok", secret), "--ttl", "0s", "x").want(t, exitUsage)
	tickets(t, "create", "--key-file", write("ok3", secret), "--ttl", "1500ms", "x").want(t, exitUsage)
	tickets(t, "validate", "--key-file", write("ok4", secret), "--max-lifetime", "-1s", "x").want(t, exitUsage)
	r := invocation{args: []string{"create", "--key-file", write("ok2", secret)}, stdin: strings.Repeat("x", maxInput+1)}.run(t).want(t, exitError)
	if !strings.Contains(r.stderr, "too large") {
		t.Errorf("huge stdin: %q", r.stderr)
	}
}

func decodeKeyText(t *testing.T, s string) []byte {
	t.Helper()
	k, err := keyEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// libTicket makes a ticket with the library itself, for the cases the CLI
// cannot make on purpose (a clock elsewhere, a long lifetime).
func libTicket(t *testing.T, key []byte, cfg *sts.Config) string {
	t.Helper()
	svc, err := sts.New(key, cfg)
	if err != nil {
		t.Fatal(err)
	}
	tkt, err := svc.CreateTicket([]byte("lib"), nil)
	if err != nil {
		t.Fatal(err)
	}
	return tkt
}

var b64url = base64.RawURLEncoding

// TestMaxLifetimeTightens checks that --max-lifetime below the default
// lifetime (20m) tightens the limit instead of failing the configuration.
func TestMaxLifetimeTightens(t *testing.T) {
	t.Parallel()
	keyFile, _ := newKey(t)
	short := createTicket(t, invocation{args: []string{"--key-file", keyFile, "--ttl", "1m", "hi"}})
	long := createTicket(t, invocation{args: []string{"--key-file", keyFile, "--ttl", "10m", "hi"}})
	tickets(t, "validate", "--key-file", keyFile, "--max-lifetime", "5m", short).want(t, exitOK)
	tickets(t, "validate", "--key-file", keyFile, "--max-lifetime", "5m", long).want(t, exitExpired)
	tickets(t, "inspect", "--key-file", keyFile, "--max-lifetime", "5m", short).want(t, exitOK)
	tickets(t, "validate", "--key-file", keyFile, "--max-lifetime", "500ms", short).want(t, exitUsage)
}

// TestInspectExtremeTimes: an unauthenticated header can claim any time;
// inspect --json prints it, and with a key the forgery exits 3.
func TestInspectExtremeTimes(t *testing.T) {
	t.Parallel()
	keyFile, _ := newKey(t)
	raw, err := b64url.DecodeString(createTicket(t, invocation{args: []string{"--key-file", keyFile, "hi"}}))
	if err != nil {
		t.Fatal(err)
	}
	binary.BigEndian.PutUint64(raw[6:], uint64(-1<<62&(1<<64-1)))
	binary.BigEndian.PutUint64(raw[14:], 1<<62)
	forged := b64url.EncodeToString(raw)
	r := tickets(t, "inspect", "--json", forged).want(t, exitOK)
	var out struct{ IssuedAt, ExpiresAt string }
	if err := json.Unmarshal([]byte(r.stdout), &struct {
		IssuedAt  *string `json:"issued_at"`
		ExpiresAt *string `json:"expires_at"`
	}{&out.IssuedAt, &out.ExpiresAt}); err != nil || out.IssuedAt == "" || out.ExpiresAt == "" {
		t.Fatalf("inspect --json printed %q (%v)", r.stdout, err)
	}
	tickets(t, "inspect", "--json", "--key-file", keyFile, forged).want(t, exitInvalid)
}

// TestJSONExact: create --json refuses what JSON cannot give msgpack
// exactly, and validate refuses to print what JSON cannot carry exactly.
func TestJSONExact(t *testing.T) {
	t.Parallel()
	keyFile, keyText := newKey(t)
	for _, data := range []string{`{"a":"` + "\xff" + `"}`, `{"n":123456789012345678901234567890}`,
		`{"n":-9223372036854775809}`, `{"a":1,"a":2}`, `[{"x":{"k":1,"k":1}}]`,
		`{"k":"\ud800"}`, `"\udc00x"`, `"\ud800\u0041"`, `["\ud83d"]`} {
		r := invocation{args: []string{"create", "--key-file", keyFile, "--json"}, stdin: data}.run(t).want(t, exitError)
		if !strings.Contains(r.stderr, "not JSON") {
			t.Errorf("create --json %q: %s", data, r.stderr)
		}
	}
	createTicket(t, invocation{args: []string{"--key-file", keyFile, "--json"}, stdin: `{"a":{"k":1},"b":{"k":2},"k":[{"k":3}]}`})
	// A paired surrogate escape, an escaped backslash before a u, and
	// numbers in every JSON form are exact.
	tk := createTicket(t, invocation{args: []string{"--key-file", keyFile, "--json"},
		stdin: `{"e":"\ud83d\ude00","b":"\\ud800","n":[1e3,-0,1.0,18446744073709551615]}`})
	if out := tickets(t, "validate", "--key-file", keyFile, tk).want(t, exitOK).stdout; !strings.Contains(out, "😀") || !strings.Contains(out, `\\ud800`) {
		t.Errorf("validate printed %s", out)
	}
	key := decodeKeyText(t, keyText)
	for name, data := range map[string]any{"binary": map[string]any{"b": []byte{1, 2}}, "not UTF-8": map[string]any{"s": "a\xffb"}} {
		svc, err := sts.New(key, &sts.Config{Serialize: true})
		if err != nil {
			t.Fatal(err)
		}
		tkt, err := svc.CreateTicket(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := tickets(t, "validate", "--key-file", keyFile, tkt).want(t, exitError)
		if !strings.Contains(r.stderr, "not JSON") || r.stdout != "" {
			t.Errorf("%s: validate printed %q, %q", name, r.stdout, r.stderr)
		}
	}
}

// TestEmptyKeyPaths: an empty --key-file or --old-key-file is a usage
// error, not a fallback to $TICKETS_KEY or an empty key.
func TestEmptyKeyPaths(t *testing.T) {
	t.Parallel()
	keyFile, keyText := newKey(t)
	tkt := createTicket(t, invocation{args: []string{"--key-file", keyFile, "hi"}})
	invocation{args: []string{"validate", "--key-file", "", tkt}, env: []string{"TICKETS_KEY=" + keyText}}.run(t).want(t, exitUsage)
	tickets(t, "validate", "--key-file", keyFile, "--old-key-file", "", tkt).want(t, exitUsage)
}

// TestTooLargeStatus: a ticket too long to read is too large (5), as the
// library says of shorter ones; data too large for a ticket is an input
// the format cannot carry (1).
func TestTooLargeStatus(t *testing.T) {
	t.Parallel()
	keyFile, _ := newKey(t)
	for _, n := range []int{100000, 2 << 20} {
		invocation{args: []string{"validate", "--key-file", keyFile}, stdin: strings.Repeat("A", n)}.run(t).want(t, exitMalformed)
	}
	invocation{args: []string{"create", "--key-file", keyFile}, stdin: strings.Repeat("d", sts.DefaultMaxDataSize+1)}.run(t).want(t, exitError)
}
