package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bin is the tickets binary, built once by TestMain: the tests drive the
// real program, its flag parsing, exit statuses and output streams.
var bin string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "tickets-cli-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	bin = filepath.Join(dir, "tickets")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building tickets: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary did.
type result struct {
	code           int
	stdout, stderr string
}

// invocation describes one run: arguments, standard input, environment.
type invocation struct {
	args  []string
	stdin string
	env   []string // KEY=value, added to a minimal environment
	dir   string
}

func (inv invocation) run(t *testing.T) result {
	t.Helper()
	cmd := exec.Command(bin, inv.args...)
	cmd.Stdin = strings.NewReader(inv.stdin)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, inv.env...)
	cmd.Dir = inv.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running tickets %q: %v", inv.args, err)
	}
	return result{code: code, stdout: stdout.String(), stderr: stderr.String()}
}

// tickets runs the binary with args and no input.
func tickets(t *testing.T, args ...string) result {
	t.Helper()
	return invocation{args: args}.run(t)
}

// want checks the exit status, and that a failure says one line on stderr
// and a success says nothing there.
func (r result) want(t *testing.T, code int) result {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit status %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		t.Fatalf("stderr holds a Go stack trace:\n%s", r.stderr)
	}
	if code != exitOK && code != exitUsage && strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("a failure must be one line on stderr, got:\n%s", r.stderr)
	}
	return r
}

func TestTopLevelUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		r := tickets(t, args...).want(t, exitOK)
		if !strings.Contains(r.stdout, "usage: tickets <command>") || !strings.Contains(r.stdout, "example:") {
			t.Errorf("tickets %s: usage missing:\n%s", args, r.stdout)
		}
	}
	r := tickets(t).want(t, exitUsage)
	if !strings.Contains(r.stderr, "missing command") {
		t.Errorf("no arguments: stderr %q", r.stderr)
	}
	r = tickets(t, "frobnicate").want(t, exitUsage)
	if !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: stderr %q", r.stderr)
	}
	r = tickets(t, "help", "frobnicate").want(t, exitUsage)
	if !strings.Contains(r.stderr, `unknown command "frobnicate"`) {
		t.Errorf("help for an unknown command: stderr %q", r.stderr)
	}
}

// TestHelpEveryCommand walks the command tree: every command answers --help
// (and "help NAME" in its group) on stdout with a usage line and an example,
// and rejects an unknown flag with status 2.
func TestHelpEveryCommand(t *testing.T) {
	t.Parallel()
	var walk func(prefix []string, cs []*command)
	walk = func(prefix []string, cs []*command) {
		for _, c := range cs {
			path := append(append([]string(nil), prefix...), c.shortName())
			t.Run(strings.Join(path, "_"), func(t *testing.T) {
				r := tickets(t, append(path, "--help")...).want(t, exitOK)
				if !strings.HasPrefix(r.stdout, "usage: tickets "+strings.Join(path, " ")) {
					t.Errorf("usage line missing:\n%s", r.stdout)
				}
				if !strings.Contains(r.stdout, "\nexample:\n  tickets "+strings.Join(path, " ")) {
					t.Errorf("example missing or for another command:\n%s", r.stdout)
				}
				viaHelp := tickets(t, append(append(append([]string(nil), prefix...), "help"), c.shortName())...).want(t, exitOK)
				if viaHelp.stdout != r.stdout {
					t.Errorf("help %s differs from %s --help", c.shortName(), c.shortName())
				}
				if c.children == nil {
					bad := tickets(t, append(path, "--no-such-flag")...).want(t, exitUsage)
					if !strings.Contains(bad.stderr, "no-such-flag") {
						t.Errorf("unknown flag: stderr %q", bad.stderr)
					}
				}
			})
			walk(path, c.children)
		}
	}
	walk(nil, commands())
}

func TestParseInterleaved(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args    []string
		pos     []string
		verbose bool
	}{
		{[]string{"a", "-v", "b"}, []string{"a", "b"}, true},
		{[]string{"-v", "a"}, []string{"a"}, true},
		{[]string{"a", "--", "-v"}, []string{"a", "-v"}, false},
		{nil, nil, false},
	}
	for _, tt := range tests {
		fs := newTestFlagSet()
		v := fs.Bool("v", false, "")
		pos, err := parseInterleaved(fs, tt.args)
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if strings.Join(pos, "|") != strings.Join(tt.pos, "|") || *v != tt.verbose {
			t.Errorf("%q: positional %q, -v %v; want %q, %v", tt.args, pos, *v, tt.pos, tt.verbose)
		}
	}
}

func newTestFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}
