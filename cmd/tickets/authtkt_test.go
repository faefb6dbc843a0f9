package main

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gotickets/tickets/authtkt"
	"github.com/gotickets/tickets/testvectors"
)

// secretFile writes secret to a fresh file, as a TKTAuthSecret is kept.
func secretFile(t *testing.T, secret []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secret")
	if err := os.WriteFile(path, secret, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAuthtktTicketAuthVectors makes every ticket_auth 0.1.4 vector with
// the CLI, byte for byte, and validates it: external truth for the flags.
func TestAuthtktTicketAuthVectors(t *testing.T) {
	t.Parallel()
	file, err := testvectors.LoadTicketAuth()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range file.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			secret, err := hex.DecodeString(v.SecretHex)
			if err != nil {
				t.Fatal(err)
			}
			common := []string{"--secret-file", secretFile(t, secret), "--hash", v.HashAlg}
			if v.ClientIP != nil {
				common = append(common, "--ip", *v.ClientIP)
			}
			args := append([]string{"authtkt", "new", "--valid-until", strconv.FormatInt(v.ValidUntil, 10), "--data", v.UserData}, common...)
			for _, tok := range v.Tokens {
				args = append(args, "--token", tok)
			}
			r := tickets(t, append(args, "--", v.UserID)...).want(t, exitOK)
			if got := strings.TrimSuffix(r.stdout, "\n"); got != v.Ticket {
				t.Fatalf("ticket\n got %s\nwant %s", got, v.Ticket)
			}
			code := exitOK
			if !v.Accepted {
				code = exitExpired
			}
			r = tickets(t, append(append([]string{"authtkt", "validate", "--json"}, common...), v.Ticket)...).want(t, code)
			if code != exitOK {
				return
			}
			var info struct {
				UserID   string   `json:"user_id"`
				Tokens   []string `json:"tokens"`
				UserData string   `json:"user_data"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &info); err != nil {
				t.Fatalf("validate --json printed %q: %v", r.stdout, err)
			}
			if info.UserID != v.UserID || strings.Join(info.Tokens, "|") != strings.Join(v.Tokens, "|") || info.UserData != v.UserData {
				t.Errorf("validate printed %+v", info)
			}
		})
	}
}

// TestAuthtktModAuthTktVectors makes every ticket the real Apache module
// accepted, as its base64 cookie and raw, and validates each cookie form.
func TestAuthtktModAuthTktVectors(t *testing.T) {
	t.Parallel()
	file, err := testvectors.LoadModAuthTkt()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range file.Vectors {
		t.Run(v.DigestType+"_"+v.UID, func(t *testing.T) {
			common := []string{"--format", "mod_auth_tkt", "--hash", strings.ToLower(v.DigestType), "--secret-file", secretFile(t, []byte(v.Secret+"\n")), "--ip", v.IP}
			args := append([]string{"authtkt", "new", "--issued-at", strconv.FormatInt(v.TS, 10), "--data", v.UserData}, common...)
			if v.Tokens != "" {
				for _, tok := range strings.Split(v.Tokens, ",") {
					args = append(args, "--token", tok)
				}
			}
			args = append(args, v.UID)
			if got := strings.TrimSpace(tickets(t, args...).want(t, exitOK).stdout); got != v.CookieBase64 {
				t.Errorf("cookie\n got %s\nwant %s", got, v.CookieBase64)
			}
			if got := strings.TrimSpace(tickets(t, append(args, "--raw")...).want(t, exitOK).stdout); got != v.Ticket {
				t.Errorf("ticket\n got %s\nwant %s", got, v.Ticket)
			}
			forms := []string{v.CookieBase64, v.Ticket, `"` + v.CookieBase64 + `"`, strings.ReplaceAll(v.Ticket, "!", "%21")}
			for _, form := range forms {
				r := tickets(t, append(append([]string{"authtkt", "validate", "--timeout", "0"}, common...), form)...).want(t, exitOK)
				if !strings.Contains(r.stdout, "user:        "+v.UID+"\n") || !strings.Contains(r.stdout, "valid until: forever") {
					t.Errorf("validate %q printed:\n%s", form, r.stdout)
				}
			}
			// With the module's default TKTAuthTimeout of 2h, these old
			// timestamps have expired.
			tickets(t, append(append([]string{"authtkt", "validate"}, common...), v.CookieBase64)...).want(t, exitExpired)
		})
	}
}

func TestAuthtktRoundTrip(t *testing.T) {
	t.Parallel()
	secret := secretFile(t, []byte("s3cret"))
	env := []string{authtktSecretEnv + "=s3cret"}
	tests := []struct {
		name    string
		newArgs []string
		ip      string
	}{
		{"ticket_auth IPv6 via the environment", []string{"--ip", "2001:db8::7", "--token", "a,b", "--token", "c!d", "--data", "x y\nz"}, "2001:db8::7"},
		{"ticket_auth ttl", []string{"--ttl", "1h", "--hash", "blake2b"}, ""},
		{"mod_auth_tkt md5", []string{"--format", "mod_auth_tkt", "--hash", "md5", "--ip", "192.0.2.1", "--token", "t"}, "192.0.2.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := invocation{args: append(append([]string{"authtkt", "new"}, tt.newArgs...), "alice"), env: env}.run(t).want(t, exitOK)
			cookie := strings.TrimSpace(r.stdout)
			format, hash := flagValue(tt.newArgs, "--format", "ticket_auth"), flagValue(tt.newArgs, "--hash", "")
			args := []string{"authtkt", "validate", "--secret-file", secret, "--format", format}
			if hash != "" {
				args = append(args, "--hash", hash)
			}
			if tt.ip != "" {
				args = append(args, "--ip", tt.ip)
			}
			r = invocation{args: args, stdin: cookie + "\n"}.run(t).want(t, exitOK)
			if !strings.HasPrefix(r.stdout, "user:        alice\n") {
				t.Errorf("validate printed:\n%s", r.stdout)
			}
			if strings.Contains(tt.name, "IPv6") && !strings.Contains(r.stdout, `data:        "x y\nz"`) {
				t.Errorf("user data with a newline not quoted:\n%s", r.stdout)
			}
			// The wrong secret, and for a bound ticket the wrong address,
			// are an invalid digest.
			tickets(t, append(append([]string{}, args...), "--secret-file", secretFile(t, []byte("other")), cookie)...).want(t, exitInvalid)
			if tt.ip != "" {
				wrong := append([]string{}, args[:len(args)-2]...)
				tickets(t, append(wrong, "--ip", "192.0.2.99", cookie)...).want(t, exitInvalid)
			}
		})
	}
}

// flagValue returns the value after name in args, or def.
func flagValue(args []string, name, def string) string {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == name {
			return args[i+1]
		}
	}
	return def
}

// TestAuthtktTrailingSpace checks that a raw mod_auth_tkt ticket whose user
// data ends in a space survives the trip through stdin and its newline.
func TestAuthtktTrailingSpace(t *testing.T) {
	t.Parallel()
	args := []string{"--format", "mod_auth_tkt", "--hash", "sha512", "--secret-file", secretFile(t, []byte("s"))}
	raw := tickets(t, append(append([]string{"authtkt", "new", "--raw", "--token", "t", "--data", "x y "}, args...), "carol")...).want(t, exitOK).stdout
	r := invocation{args: append([]string{"authtkt", "validate", "--json"}, args...), stdin: raw}.run(t).want(t, exitOK)
	if !strings.Contains(r.stdout, `"user_data":"x y "`) {
		t.Errorf("validate printed %s", r.stdout)
	}
}

// TestAuthtktLargestCookies checks that validate reads back the largest
// cookies new makes: a ticket near MaxTicketLen, as base64 (4/3 longer)
// and raw with every '!' written as "%21" (3 times longer for those bytes).
func TestAuthtktLargestCookies(t *testing.T) {
	t.Parallel()
	args := []string{"--format", "mod_auth_tkt", "--hash", "md5", "--secret-file", secretFile(t, []byte("s"))}
	data := strings.Repeat("!", authtkt.MaxTicketLen-200)
	cookie := tickets(t, append(append([]string{"authtkt", "new", "--token", "t", "--data", data}, args...), "bob")...).want(t, exitOK).stdout
	raw := tickets(t, append(append([]string{"authtkt", "new", "--raw", "--token", "t", "--data", data}, args...), "bob")...).want(t, exitOK).stdout
	for name, in := range map[string]string{"base64": cookie, "%21-escaped": strings.ReplaceAll(raw, "!", "%21")} {
		r := invocation{args: append([]string{"authtkt", "validate", "--json"}, args...), stdin: in}.run(t).want(t, exitOK)
		if !strings.Contains(r.stdout, `"user_id":"bob"`) {
			t.Errorf("%s: validate printed %.200s", name, r.stdout)
		}
	}
}

func TestAuthtktFailures(t *testing.T) {
	t.Parallel()
	secret := secretFile(t, []byte("s3cret"))
	tkt := strings.TrimSpace(tickets(t, "authtkt", "new", "--secret-file", secret, "bob").want(t, exitOK).stdout)
	usage := [][]string{
		{"authtkt", "new", "--secret-file", secret},
		{"authtkt", "new", "bob"},
		{"authtkt", "new", "--secret-file", secret, "--format", "nope", "bob"},
		{"authtkt", "new", "--secret-file", secret, "--format", "mod_auth_tkt", "bob"},
		{"authtkt", "new", "--secret-file", secret, "--format", "mod_auth_tkt", "--hash", "md5", "--ttl", "1h", "bob"},
		{"authtkt", "new", "--secret-file", secret, "--ttl", "1h", "--valid-until", "1", "bob"},
		{"authtkt", "new", "--secret-file", secret, "--issued-at", "1", "bob"},
		{"authtkt", "new", "--secret-file", secret, "--raw", "bob"},
		{"authtkt", "new", "--secret-file", secret, "--valid-until", "tomorrow", "bob"},
		{"authtkt", "new", "--secret-file", secret, "--ip", "300.1.1.1", "bob"},
		{"authtkt", "validate", "--secret-file", secret, tkt, tkt},
		{"authtkt", "validate", "--secret-file", secret, "--timeout", "1h", tkt},
		{"authtkt", "validate", "--secret-file", secret, "--format", "mod_auth_tkt", "--hash", "md5", "--timeout", "-1ns", tkt},
		{"authtkt", "validate", "--secret-file", secret, "--format", "mod_auth_tkt", "--hash", "md5", "--timeout", "1500ms", tkt},
		{"authtkt"},
	}
	for _, args := range usage {
		tickets(t, args...).want(t, exitUsage)
	}
	failures := []struct {
		args []string
		code int
	}{
		{[]string{"authtkt", "validate", "--secret-file", secret, "short"}, exitMalformed},
		{[]string{"authtkt", "validate", "--secret-file", secret, strings.Replace(tkt, "!", "", 1)}, exitMalformed},
		// The whole sha512 digest uppercased: 128 hex digits hold a letter.
		{[]string{"authtkt", "validate", "--secret-file", secret, strings.ToUpper(tkt[:128]) + tkt[128:]}, exitInvalid},
		{[]string{"authtkt", "validate", "--secret-file", secret, "--hash", "sha256", tkt}, exitInvalid},
		{[]string{"authtkt", "validate", "--secret-file", secret, "--format", "mod_auth_tkt", "--hash", "md5", "bm90IGEgdGlja2V0"}, exitMalformed},
		{[]string{"authtkt", "validate", "--secret-file", secret, "--ip", "192.0.2.1", tkt}, exitInvalid},
		{[]string{"authtkt", "new", "--secret-file", secret, "--format", "mod_auth_tkt", "--hash", "md5", "--ip", "::1", "bob"}, exitError},
		{[]string{"authtkt", "new", "--secret-file", secret, "--format", "mod_auth_tkt", "--hash", "sha1", "bob"}, exitError},
		{[]string{"authtkt", "new", "--secret-file", secretFile(t, nil), "bob"}, exitError},
	}
	for _, f := range failures {
		r := tickets(t, f.args...).want(t, f.code)
		if strings.Contains(r.stderr, "s3cret") {
			t.Errorf("%q: the secret was echoed: %q", f.args, r.stderr)
		}
	}
}
