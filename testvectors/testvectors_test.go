package testvectors

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"
)

func TestEveryFileIsJSON(t *testing.T) {
	names, err := fs.Glob(files, "*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no embedded vector files: %v", err)
	}
	for _, name := range names {
		b, err := Raw(name)
		if err != nil {
			t.Fatal(err)
		}
		if !json.Valid(b) {
			t.Errorf("%s is not valid JSON", name)
		}
	}
}

func TestTypedLoaders(t *testing.T) {
	if f, err := LoadSTS(); err != nil || len(f.Tests) == 0 {
		t.Errorf("LoadSTS: %v, or no tests", err)
	}
	if f, err := LoadTicketAuth(); err != nil || len(f.Vectors) == 0 || len(f.ExpiryBoundary) == 0 {
		t.Errorf("LoadTicketAuth: %v, or no vectors", err)
	}
	if f, err := LoadModAuthTkt(); err != nil || len(f.Vectors) == 0 {
		t.Errorf("LoadModAuthTkt: %v, or no vectors", err)
	}
}

func TestLoadRejects(t *testing.T) {
	if _, err := Raw("missing.json"); err == nil || !strings.HasPrefix(err.Error(), "testvectors: ") {
		t.Errorf("Raw(missing.json) = %v", err)
	}
	// A struct that lacks a field of the file: the file and its reader
	// have drifted apart.
	var partial struct {
		Vectors []json.RawMessage `json:"vectors"`
	}
	if err := Load("mod_auth_tkt_vectors.json", &partial); err == nil {
		t.Error("Load accepted a struct without the file's source field")
	}
}
