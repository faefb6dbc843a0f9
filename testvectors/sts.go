package testvectors

import "encoding/json"

// STSFile is sts_v1.json: tickets of the sts envelope version 1, made with
// fixed keys, clock and IVs by the sts tests' generator (go test ./sts -run
// TestVectors -update rewrites it). Read it with LoadSTS.
type STSFile struct {
	Algorithm string      `json:"algorithm"`
	Notes     []string    `json:"notes"`
	Key       string      `json:"key"`    // hex, the key that makes tickets
	OldKey    string      `json:"oldKey"` // hex, an old key of the ring
	Now       int64       `json:"now"`    // unix seconds, the clock of creation
	Tests     []STSVector `json:"tests"`
}

// STSVector is one ticket and the verdict on it, as the file's notes
// describe: how it was made (MadeWith, Session, Entropy, the options,
// Lifetime, IV and Data, all binary values in hex) and what validating it
// at ValidateAt (0: the file's Now) gives, Result "valid" or "invalid" with
// the name of the sts error.
type STSVector struct {
	TcID       int             `json:"tcId"`
	Comment    string          `json:"comment"`
	Flags      []string        `json:"flags"`
	MadeWith   string          `json:"madeWith"` // key, oldKey or other (in no ring)
	Session    string          `json:"session"`
	Entropy    string          `json:"entropy"`
	Serialize  bool            `json:"serialize"`
	Compress   bool            `json:"compress"`
	Encrypt    bool            `json:"encrypt"`
	Lifetime   int64           `json:"lifetime"` // seconds
	IV         string          `json:"iv"`
	Data       string          `json:"data"`            // the payload, msgpack when Serialize
	Value      json.RawMessage `json:"value,omitempty"` // JSON whose msgpack is Data
	ValidateAt int64           `json:"validateAt"`
	Ticket     string          `json:"ticket"`
	Result     string          `json:"result"`
	Error      string          `json:"error"`
}

// LoadSTS reads sts_v1.json.
func LoadSTS() (*STSFile, error) {
	var f STSFile
	if err := Load("sts_v1.json", &f); err != nil {
		return nil, err
	}
	return &f, nil
}
