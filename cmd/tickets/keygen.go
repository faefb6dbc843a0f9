package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"

	"github.com/gotickets/tickets/sts"
)

func keygenCommand() *command {
	c := &command{
		name:    "keygen",
		summary: "print a new random 32-byte key (base64url), or write it to a 0600 file",
		detail: `The key is sts.GenerateKey's: 32 bytes from crypto/rand. It serves as an sts key (--key-file,
TICKETS_KEY) and as a handshake pre-shared key (--psk-file). With -o the file
is created with mode 0600 and never overwritten.`,
		example: "tickets keygen -o ticket.key",
	}
	c.flags = func(fset *flag.FlagSet) func(context.Context, *env, []string) error {
		out := fset.String("o", "", "write the key to `FILE` (mode 0600, must not exist) instead of stdout")
		return func(_ context.Context, e *env, args []string) error {
			if len(args) != 0 {
				return usagef("takes no arguments")
			}
			key, err := sts.GenerateKey()
			if err != nil {
				return err
			}
			line := encodeKey(key) + "\n"
			if *out == "" {
				_, err := fmt.Fprint(e.stdout, line)
				return err
			}
			return writeNewFile(*out, []byte(line))
		}
	}
	return c
}

// writeNewFile creates path with mode 0600 and writes b. It refuses to
// replace an existing file: losing a key is worse than an error.
func writeNewFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists; not overwriting a key", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	return f.Close()
}
