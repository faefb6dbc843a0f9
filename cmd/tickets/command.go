package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is one node of the command tree: either a leaf with flags and a
// run function, or a group (tickets, tickets authtkt, tickets dh) that
// dispatches to its children.
type command struct {
	name     string // the full name as typed, for example "authtkt new"
	summary  string // one line for the parent's list
	args     string // the positional arguments, for the usage line
	detail   string // paragraphs after the usage line
	example  string // one command line that works
	children []*command

	// flags declares the command's flags on fs and returns the function
	// that runs it once fs is parsed, with the positional arguments.
	flags func(fs *flag.FlagSet) func(ctx context.Context, e *env, args []string) error
}

// execute parses args for c and runs it, or hands the rest to a child.
func (c *command) execute(ctx context.Context, e *env, args []string) error {
	if c.children != nil {
		return c.dispatch(ctx, e, args)
	}
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported by run, in one line
	runFn := c.flags(fs)
	pos, err := parseInterleaved(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		c.printUsage(e.stdout, fs)
		return nil
	}
	if err != nil {
		return c.usageErr("%v", err)
	}
	err = runFn(ctx, e, pos)
	var ee *exitErr
	if errors.As(err, &ee) && ee.code == exitUsage {
		return c.usageErr("%v", err)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", c.fullName(), err)
	}
	return nil
}

func (c *command) dispatch(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return c.usageErr("missing command")
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help", "help":
		if name == "help" && len(args) > 1 {
			if child := c.child(args[1]); child != nil {
				return child.execute(ctx, e, []string{"--help"})
			}
			return c.usageErr("unknown command %q", args[1])
		}
		c.printUsage(e.stdout, nil)
		return nil
	}
	child := c.child(name)
	if child == nil {
		return c.usageErr("unknown command %q", name)
	}
	return child.execute(ctx, e, args[1:])
}

func (c *command) child(name string) *command {
	for _, ch := range c.children {
		if ch.shortName() == name {
			return ch
		}
	}
	return nil
}

// shortName is the last word of the name: "new" for "authtkt new".
func (c *command) shortName() string {
	return c.name[strings.LastIndexByte(c.name, ' ')+1:]
}

// fullName is the name with the program in front, as the user types it.
func (c *command) fullName() string {
	if c.name == "tickets" {
		return c.name
	}
	return "tickets " + c.name
}

func (c *command) usageErr(format string, a ...any) error {
	return &exitErr{
		code: exitUsage,
		err:  fmt.Errorf("%s: %s (run '%s --help')", c.fullName(), fmt.Sprintf(format, a...), c.fullName()),
	}
}

// usagef makes a usage error for a run function; execute puts the command's
// name in front.
func usagef(format string, a ...any) error {
	return &exitErr{code: exitUsage, err: fmt.Errorf(format, a...)}
}

func (c *command) printUsage(w io.Writer, fs *flag.FlagSet) {
	if c.children != nil {
		fmt.Fprintf(w, "usage: %s <command> [flags] [arguments]\n\n%s\n\ncommands:\n", c.fullName(), c.summary)
		for _, ch := range c.children {
			fmt.Fprintf(w, "  %-10s  %s\n", ch.shortName(), ch.summary)
		}
		fmt.Fprintf(w, "\nRun '%s <command> --help' for a command's flags.\n", c.fullName())
		if c.detail != "" {
			fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.detail))
		}
	} else {
		fmt.Fprintf(w, "usage: %s\n\n%s\n", strings.TrimSpace(c.fullName()+" [flags] "+c.args), c.summary)
		if c.detail != "" {
			fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(c.detail))
		}
		if hasFlags(fs) {
			fmt.Fprintln(w, "\nflags:")
			fs.SetOutput(w)
			fs.PrintDefaults()
			fs.SetOutput(io.Discard)
		}
	}
	fmt.Fprintf(w, "\nexample:\n  %s\n", c.example)
}

func hasFlags(fs *flag.FlagSet) bool {
	n := 0
	if fs != nil {
		fs.VisitAll(func(*flag.Flag) { n++ })
	}
	return n > 0
}

// parseInterleaved parses flags wherever they stand among the positional
// arguments, so "tickets create hello --encrypt" works as well as
// "tickets create --encrypt hello". After "--" everything is positional.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// stringList is a repeatable string flag.
type stringList []string

// String implements flag.Value.
func (l *stringList) String() string { return strings.Join(*l, ",") }

// Set implements flag.Value: each use of the flag adds one value.
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }
