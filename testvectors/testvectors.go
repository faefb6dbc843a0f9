// Package testvectors holds the project's golden vectors as JSON files and a
// small loader for tests.
//
// The files are data, shaped like Wycheproof where the project made them
// itself (tcId, comment, result, flags), and kept verbatim where they came
// from an external source (ticket_auth_vectors.json was produced by
// ticket_auth 0.1.4; mod_auth_tkt_vectors.json was accepted by the real
// Apache mod_auth_tkt). Tests check them in both directions: they recreate
// every value byte for byte and validate it.
//
// Files that more than one package's tests read have their Go types here,
// with a loader each (LoadSTS, LoadTicketAuth, LoadModAuthTkt), so that
// every reader agrees on one layout.
package testvectors

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed *.json
var files embed.FS

// Load decodes the named JSON file (for example "sts_v1.json") into v.
// Unknown fields are an error, so a vector file and the struct that reads it
// cannot drift apart silently.
func Load(name string, v any) error {
	b, err := files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("testvectors: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("testvectors: %s: %w", name, err)
	}
	return nil
}

// Raw returns the bytes of the named file, for fuzz seed corpora and for
// tests that regenerate a file and compare it with the stored one.
func Raw(name string) ([]byte, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("testvectors: %w", err)
	}
	return b, nil
}
