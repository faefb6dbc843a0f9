package main

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/gotickets/tickets/dh/groups"
)

var stepLine = regexp.MustCompile(`(?m)^(\d+)\. (.+?) +\S+  (ok|FAILED)$`)

func TestDemo(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"demo"}, {"demo", "--group", "ffdhe3072"}} {
		r := tickets(t, args...).want(t, exitOK)
		steps := stepLine.FindAllStringSubmatch(r.stdout, -1)
		if len(steps) != 7 {
			t.Fatalf("%q: %d step lines, want 7:\n%s", args, len(steps), r.stdout)
		}
		for _, s := range steps {
			if s[3] != "ok" {
				t.Errorf("%q: step %s %q: %s", args, s[1], s[2], s[3])
			}
		}
		client := regexp.MustCompile(`client key (\S+)`).FindStringSubmatch(r.stdout)
		server := regexp.MustCompile(`server key (\S+)`).FindStringSubmatch(r.stdout)
		if client == nil || server == nil || client[1] != server[1] {
			t.Errorf("%q: fingerprints %q and %q", args, client, server)
		}
		for _, want := range []string{"sts: invalid ticket", "handshake: authentication failed", "authtkt: invalid digest", "all 7 steps behaved"} {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%q: output lacks %q:\n%s", args, want, r.stdout)
			}
		}
	}
	tickets(t, "demo", "extra").want(t, exitUsage)
	tickets(t, "demo", "--group", "dh1024").want(t, exitUsage)
}

// TestRunDemo runs the demo in the test process, so that -race watches its
// goroutines (the binary the other tests drive is built without -race).
func TestRunDemo(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := runDemo(context.Background(), &out, groups.FFDHE2048); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
}

// TestDemoFailure checks that a step that fails makes the demo fail, and
// that steps needing its result do not run: here the handshake cannot
// happen because the context is already cancelled.
func TestDemoFailure(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	err := runDemo(ctx, &out, groups.FFDHE2048)
	if !errors.Is(err, errMisbehaved) {
		t.Fatalf("runDemo with a cancelled context: %v", err)
	}
	if n := len(stepLine.FindAllString(out.String(), -1)); n != 1 {
		t.Errorf("%d steps ran after the handshake failed:\n%s", n, out.String())
	}
	if !strings.Contains(out.String(), "FAILED") || !strings.Contains(out.String(), "did not run") {
		t.Errorf("output:\n%s", out.String())
	}
}
