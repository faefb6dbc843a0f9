package main

import (
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEQuickStart checks that the README opens with the two set-up
// commands, which CI runs and the other tests here exercise.
func TestREADMEQuickStart(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "## Quick start\n\n```sh\ngo run ./cmd/tickets demo   # the whole library at work, in one process\ngo test ./...               # the test suite\n```\n"
	if !strings.Contains(string(readme), want) {
		t.Errorf("the README's quick start is not\n%s", want)
	}
}

// TestREADMEGoExamples compiles and vets every Go program in the README,
// so that the quick start cannot drift from the API it shows.
func TestREADMEGoExamples(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// Each program follows a heading "### package: what it shows".
	blocks := regexp.MustCompile("(?s)\n### ([a-z/]+): [^\n]*\n\n```go\n(.*?)```").FindAllSubmatch(readme, -1)
	var pkgs []string
	for _, b := range blocks {
		pkgs = append(pkgs, string(b[1]))
	}
	if want := "sts dh dh/handshake authtkt httpauth"; strings.Join(pkgs, " ") != want {
		t.Fatalf("the README's Go quick starts are for %q, want one for each of %q", pkgs, want)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range blocks {
		src := b[2]
		t.Run(string(b[1]), func(t *testing.T) {
			t.Parallel()
			if formatted, err := format.Source(src); err != nil || string(formatted) != string(src) {
				t.Errorf("the program is not gofmt-clean (%v)", err)
			}
			file := filepath.Join(t.TempDir(), "main.go")
			if err := os.WriteFile(file, src, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, args := range [][]string{{"build", "-o", os.DevNull, file}, {"vet", file}} {
				cmd := exec.Command("go", args...)
				cmd.Dir = root // resolve imports in this module
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("go %s: %v\n%s\n%s", args[0], err, out, src)
				}
			}
		})
	}
}
