// Command tickets makes, checks and inspects tickets from the shell, runs
// the Diffie-Hellman handshake over TCP, and shows the whole library at work
// with one command:
//
//	go run ./cmd/tickets demo
//
// Usage:
//
//	tickets <command> [flags] [arguments]
//
// The commands are:
//
//	demo        run every part of the library once, in one process, and time it
//	keygen      print a new random key (base64url), or write it to a 0600 file
//	create      make an sts ticket from an argument or stdin
//	validate    check an sts ticket and print its data
//	inspect     show an sts ticket's version, flags, key ID and times; validate it with a key
//	authtkt     make (new) or check (validate) ticket_auth / mod_auth_tkt tickets
//	dh          run the handshake over TCP: dh serve, dh dial
//
// Every command takes --help, which prints its flags and an example.
//
// Keys and secrets never come from a flag, where they would show in the
// process list and the shell history: the sts key comes from --key-file or
// the TICKETS_KEY environment variable, the auth_tkt secret from
// --secret-file or TICKETS_AUTHTKT_SECRET, and the handshake's pre-shared key
// from --psk-file. The dh commands print a fingerprint of the negotiated key,
// never the key.
//
// Errors are one line on stderr. The exit status tells what happened:
//
//	0  success; for validate: the ticket is valid
//	1  an error that is not about the ticket (I/O, network, a bad key file)
//	2  a usage error (unknown command or flag, missing argument)
//	3  invalid: the MAC or digest does not verify (wrong key, session,
//	   entropy, IP, or a tampered ticket), or for dh dial the handshake
//	   failed to authenticate
//	4  expired
//	5  malformed: not a ticket of this format (or too large, or of an
//	   unsupported version)
//	6  not yet valid: issued too far in the future
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &env{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
	})
	stop()
	os.Exit(code)
}

// env is what a command may touch of the outside world. Tests drive the real
// binary; env keeps the commands honest about their inputs all the same.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
}

// commands lists the top-level commands in the order the usage shows them.
func commands() []*command {
	return []*command{
		demoCommand(),
		keygenCommand(),
		createCommand(),
		validateCommand(),
		inspectCommand(),
		authtktCommand(),
		dhCommand(),
	}
}

// run executes one command line and returns the process exit status.
func run(ctx context.Context, args []string, e *env) (code int) {
	defer func() {
		// The libraries promise not to panic; should one break that
		// promise, the user still gets one line and a non-zero status.
		if r := recover(); r != nil {
			fmt.Fprintf(e.stderr, "tickets: internal error (please report it): %v\n", r)
			code = exitError
		}
	}()
	root := &command{
		name:     "tickets",
		summary:  "make, check and inspect tickets; run the DH handshake; show the library at work",
		children: commands(),
		detail: `Keys and secrets come from files or the environment, never from flags:
--key-file or TICKETS_KEY (sts), --secret-file or TICKETS_AUTHTKT_SECRET
(authtkt), --psk-file (dh).

Exit status: 0 success or valid, 1 error, 2 usage, 3 invalid, 4 expired,
5 malformed, 6 not yet valid.`,
		example: "tickets demo",
	}
	err := root.execute(ctx, e, args)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(e.stderr, oneLine(err.Error()))
	return exitCode(err)
}

// oneLine keeps an error message on a single line, whatever its source.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
