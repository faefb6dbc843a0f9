package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/gotickets/tickets/authtkt"
)

const authtktSecretEnv = "TICKETS_AUTHTKT_SECRET"

func authtktCommand() *command {
	return &command{
		name:     "authtkt",
		summary:  "make or check ticket_auth / mod_auth_tkt tickets (new, validate)",
		children: []*command{authtktNewCommand(), authtktValidateCommand()},
		example:  "tickets authtkt new --format mod_auth_tkt --hash sha256 --secret-file tkt.secret alice",
	}
}

// factoryFlags are the flags that choose the authtkt.Factory.
type factoryFlags struct {
	secretFile string
	format     string
	hash       string
}

func (ff *factoryFlags) declare(fs *flag.FlagSet) {
	fs.StringVar(&ff.secretFile, "secret-file", "", "read the secret from `FILE` (its text, one trailing newline removed; default: $"+authtktSecretEnv+")")
	fs.StringVar(&ff.format, "format", "ticket_auth", "ticket `FORMAT`: ticket_auth (Python ticket_auth 0.1.4) or mod_auth_tkt (Apache)")
	fs.StringVar(&ff.hash, "hash", "", "hashlib `NAME` (ticket_auth: any of md5, sha1, sha224, sha256, sha384, sha512, sha3_224..sha3_512, blake2b, blake2s; default sha512. mod_auth_tkt: md5, sha256 or sha512, as the server's TKTAuthDigestType; required)")
}

// config returns the secret and the Config the flags describe, with
// cfg.Timeout left for the caller.
func (ff *factoryFlags) config(e *env) ([]byte, *authtkt.Config, error) {
	cfg := &authtkt.Config{Hash: ff.hash}
	switch ff.format {
	case "ticket_auth":
		cfg.Format = authtkt.TicketAuth
	case "mod_auth_tkt":
		cfg.Format = authtkt.ModAuthTkt
		if ff.hash == "" {
			return nil, nil, usagef("--format mod_auth_tkt needs --hash md5, sha256 or sha512 (the server's TKTAuthDigestType)")
		}
	default:
		return nil, nil, usagef("unknown --format %q (want ticket_auth or mod_auth_tkt)", ff.format)
	}
	secret, err := loadSecret(e, ff.secretFile, authtktSecretEnv)
	if err != nil {
		return nil, nil, err
	}
	if secret == nil {
		return nil, nil, usagef("no secret: use --secret-file FILE or set %s", authtktSecretEnv)
	}
	return secret, cfg, nil
}

// parseIP parses an optional client address; "" is no address.
func parseIP(s string) (netip.Addr, error) {
	if s == "" {
		return netip.Addr{}, nil
	}
	ip, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}, usagef("--ip: %v", err)
	}
	return ip, nil
}

func authtktNewCommand() *command {
	c := &command{
		name:    "authtkt new",
		summary: "make a ticket for USER and print the cookie value",
		args:    "USER",
		detail: `For mod_auth_tkt the cookie value is the standard base64 of the ticket,
as the module and Apache::AuthTkt send it (--raw prints the ticket itself);
for ticket_auth it is the ticket. The ticket binds --ip when given (IPv4 or
IPv6 for ticket_auth, IPv4 only for mod_auth_tkt, whose IPv6 clients need
TKTAuthIgnoreIP on and no --ip).`,
		example: "tickets authtkt new --secret-file tkt.secret --ip 192.0.2.7 --token admin --data 'uid=42' alice",
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var ff factoryFlags
		ff.declare(fs)
		var tokens stringList
		fs.Var(&tokens, "token", "add the `TOKEN` to the ticket (repeatable)")
		ip := fs.String("ip", "", "bind the ticket to the client `ADDRESS`")
		data := fs.String("data", "", "the ticket's user data `TEXT`")
		ttl := fs.Duration("ttl", 0, "ticket_auth: valid for this `duration` from now (default 2m, ticket_auth's); mod_auth_tkt tickets carry their issue time and the server's TKTAuthTimeout decides")
		var validUntil, issuedAt timeFlag
		fs.Var(&validUntil, "valid-until", "ticket_auth: valid until this `TIME` (unix seconds or RFC 3339) instead of --ttl")
		fs.Var(&issuedAt, "issued-at", "mod_auth_tkt: the ticket's issue `TIME` (unix seconds or RFC 3339; default now)")
		raw := fs.Bool("raw", false, "mod_auth_tkt: print the ticket instead of its base64 cookie value")
		return func(_ context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("want one USER argument")
			}
			secret, cfg, err := ff.config(e)
			if err != nil {
				return err
			}
			t := authtkt.Ticket{UserID: args[0], Tokens: tokens, UserData: *data}
			if t.ClientIP, err = parseIP(*ip); err != nil {
				return err
			}
			modAuthTkt := cfg.Format == authtkt.ModAuthTkt
			switch {
			case *ttl < 0:
				return usagef("--ttl must be positive")
			case (*ttl > 0 || validUntil.set) && modAuthTkt:
				return usagef("--ttl and --valid-until apply to ticket_auth only: the server's TKTAuthTimeout decides when a mod_auth_tkt ticket expires")
			case *ttl > 0 && validUntil.set:
				return usagef("give --ttl or --valid-until, not both")
			case issuedAt.set && !modAuthTkt:
				return usagef("--issued-at applies to mod_auth_tkt only: ticket_auth tickets carry their expiry")
			case *raw && !modAuthTkt:
				return usagef("--raw applies to mod_auth_tkt only: a ticket_auth cookie is the ticket")
			case *ttl > 0:
				t.ValidUntil = time.Now().Add(*ttl)
			}
			t.ValidUntil = validUntil.or(t.ValidUntil)
			t.IssuedAt = issuedAt.t
			f, err := authtkt.New(secret, cfg)
			if err != nil {
				return err
			}
			tkt, err := f.NewTicket(t)
			if err != nil {
				return err
			}
			if cfg.Format == authtkt.ModAuthTkt && !*raw {
				tkt = authtkt.EncodeCookie(tkt)
			}
			_, err = fmt.Fprintln(e.stdout, tkt)
			return err
		}
	}
	return c
}

func authtktValidateCommand() *command {
	c := &command{
		name:    "authtkt validate",
		summary: "check a ticket (argument or stdin) and print what it holds",
		args:    "[TICKET]",
		detail: `The ticket is the cookie value: for mod_auth_tkt every form the module
accepts (base64, raw, %21-escaped, quoted). Give --ip when the ticket is bound
to an address. Exit status: 0 valid, 3 invalid digest (wrong secret, IP or a
tampered field), 4 expired, 5 malformed.`,
		example: "tickets authtkt validate --format mod_auth_tkt --hash sha256 --secret-file tkt.secret \"$COOKIE\"",
	}
	c.flags = func(fs *flag.FlagSet) func(context.Context, *env, []string) error {
		var ff factoryFlags
		ff.declare(fs)
		ip := fs.String("ip", "", "the client `ADDRESS` the ticket must be bound to")
		timeout := fs.Duration("timeout", authtkt.DefaultTimeout, "mod_auth_tkt: validity after the issue time, as TKTAuthTimeout (0: never expires)")
		lenient := fs.Bool("lenient", false, "accept the spellings the original accepts, not only the canonical one")
		asJSON := fs.Bool("json", false, "print the contents as a JSON object")
		return func(_ context.Context, e *env, args []string) error {
			secret, cfg, err := ff.config(e)
			if err != nil {
				return err
			}
			clientIP, err := parseIP(*ip)
			if err != nil {
				return err
			}
			cfg.Lenient = *lenient
			timeoutSet := false
			fs.Visit(func(f *flag.Flag) { timeoutSet = timeoutSet || f.Name == "timeout" })
			switch {
			case cfg.Format != authtkt.ModAuthTkt:
				if timeoutSet {
					return usagef("--timeout is for --format mod_auth_tkt; ticket_auth tickets carry their expiry")
				}
			case *timeout == 0:
				cfg.Timeout = authtkt.NoTimeout
			case *timeout < time.Second || *timeout%time.Second != 0:
				return usagef("--timeout %v: want 0 or a whole number of seconds", *timeout)
			default:
				cfg.Timeout = *timeout
			}
			// Every form DecodeCookie reads of a ticket of MaxTicketLen
			// bytes: base64 (4/3 as long), quoted, or with each '!' as
			// "%21" (at most 3 times as long).
			in, err := readInput(e, args, 3*authtkt.MaxTicketLen+2)
			if err != nil {
				return err
			}
			// Only line ends go: a raw mod_auth_tkt ticket may end in a
			// space that belongs to its user data.
			tkt := strings.TrimRight(string(in), "\r\n")
			f, err := authtkt.New(secret, cfg)
			if err != nil {
				return err
			}
			if cfg.Format == authtkt.ModAuthTkt {
				if tkt, err = authtkt.DecodeCookie(tkt); err != nil {
					return err
				}
			}
			info, err := f.Validate(tkt, clientIP)
			if err != nil {
				return err
			}
			return printTicketInfo(e.stdout, info, *asJSON)
		}
	}
	return c
}

// timeFlag is a point in time given as unix seconds or in RFC 3339.
type timeFlag struct {
	t   time.Time
	set bool
}

// String implements flag.Value.
func (f *timeFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

// Set implements flag.Value.
func (f *timeFlag) Set(s string) error {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		f.t, f.set = time.Unix(n, 0), true
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return errors.New("want unix seconds or an RFC 3339 time such as 2030-01-02T15:04:05Z")
	}
	f.t, f.set = t, true
	return nil
}

// or returns the flag's time, or def when the flag was not given.
func (f *timeFlag) or(def time.Time) time.Time {
	if f.set {
		return f.t
	}
	return def
}

// printable returns s as is, or Go-quoted when it holds a character that
// could break the line-per-field output (a newline, a control character).
func printable(s string) string {
	if strings.ContainsFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) || strings.HasPrefix(s, `"`) {
		return strconv.Quote(s)
	}
	return s
}

// printTicketInfo shows a validated ticket's fields, leaving out the digest.
func printTicketInfo(w io.Writer, info *authtkt.TicketInfo, asJSON bool) error {
	if asJSON {
		out := struct {
			UserID     string     `json:"user_id"`
			Tokens     []string   `json:"tokens"`
			UserData   string     `json:"user_data"`
			ValidUntil *time.Time `json:"valid_until,omitempty"`
			IssuedAt   *time.Time `json:"issued_at,omitempty"`
		}{UserID: info.UserID, Tokens: info.Tokens, UserData: info.UserData}
		if out.Tokens == nil {
			out.Tokens = []string{}
		}
		if !info.ValidUntil.IsZero() {
			out.ValidUntil = &info.ValidUntil
		}
		if !info.IssuedAt.IsZero() {
			out.IssuedAt = &info.IssuedAt
		}
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	fmt.Fprintf(w, "user:        %s\n", printable(info.UserID))
	for _, t := range info.Tokens {
		fmt.Fprintf(w, "token:       %s\n", printable(t))
	}
	fmt.Fprintf(w, "data:        %s\n", printable(info.UserData))
	if !info.IssuedAt.IsZero() {
		fmt.Fprintf(w, "issued at:   %s\n", info.IssuedAt.UTC().Format(time.RFC3339))
	}
	if info.ValidUntil.IsZero() {
		_, err := fmt.Fprintln(w, "valid until: forever (no timeout)")
		return err
	}
	_, err := fmt.Fprintf(w, "valid until: %s\n", info.ValidUntil.UTC().Format(time.RFC3339))
	return err
}
