package dh_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os/exec"
	"strings"
	"testing"

	"github.com/gotickets/tickets/dh"
	"github.com/gotickets/tickets/dh/groups"
)

// pythonCrossCheck runs in Python's cryptography package (OpenSSL
// underneath). For each request it generates a key pair of its own, loads
// ours from our exponent and public value, and computes ZZ from both sides.
const pythonCrossCheck = `
import json, sys
from cryptography.hazmat.primitives.asymmetric import dh

out = []
for req in json.load(sys.stdin):
    p, g = int(req["p"], 16), int(req["g"], 16)
    pn = dh.DHParameterNumbers(p, g)
    theirs = pn.parameters().generate_private_key()
    ours = dh.DHPrivateNumbers(int(req["x"], 16),
                               dh.DHPublicNumbers(int(req["y"], 16), pn)).private_key()
    out.append({
        "x": format(theirs.private_numbers().x, "x"),
        "y": format(theirs.public_key().public_numbers().y, "x"),
        "zz_theirs": theirs.exchange(ours.public_key()).hex(),
        "zz_ours": ours.exchange(theirs.public_key()).hex(),
        "y_ours_pow": format(pow(g, int(req["x"], 16), p), "x"),
    })
json.dump(out, sys.stdout)
`

// findPython returns the first python3 (PATH, then /usr/bin/python3) that
// can import cryptography.
func findPython() (string, error) {
	var errs []string
	for _, py := range []string{"python3", "/usr/bin/python3"} {
		path, err := exec.LookPath(py)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		out, err := exec.Command(path, "-c", "import cryptography; print(cryptography.__version__)").CombinedOutput()
		if err == nil {
			return path, nil
		}
		errs = append(errs, fmt.Sprintf("%s: %v: %s", path, err, bytes.TrimSpace(out)))
	}
	return "", fmt.Errorf("%s", strings.Join(errs, "; "))
}

// TestPythonCryptography checks our arithmetic against Python's
// cryptography package for ffdhe2048 and MODP 2048, in both directions:
// its key's public value and ZZ from its exponent, and ZZ from ours.
func TestPythonCryptography(t *testing.T) {
	py, err := findPython()
	if err != nil {
		t.Skipf("SKIPPING the Python cross-check: no python3 with the cryptography package "+
			"(install python3-cryptography): %v", err)
	}
	type request struct{ P, G, X, Y string }
	type response struct {
		X, Y     string
		ZZTheirs string `json:"zz_theirs"`
		ZZOurs   string `json:"zz_ours"`
		YOursPow string `json:"y_ours_pow"`
	}
	gs := []*groups.Group{groups.FFDHE2048, groups.MODP2048}
	var keys []*dh.PrivateKey
	var reqs []map[string]string
	for i, g := range gs {
		k, err := dh.GenerateKey(g, testRand(byte(40+i)))
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
		reqs = append(reqs, map[string]string{
			"p": g.P().Text(16), "g": g.G().Text(16),
			"x": fmt.Sprintf("%x", k.Bytes()), "y": fmt.Sprintf("%x", k.PublicKey().Bytes()),
		})
	}
	in, _ := json.Marshal(reqs)
	cmd := exec.Command(py, "-c", pythonCrossCheck)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v\n%s", py, err, stderr.Bytes())
	}
	var resps []response
	if err := json.Unmarshal(out, &resps); err != nil || len(resps) != len(gs) {
		t.Fatalf("python output %q: %v", out, err)
	}
	for i, g := range gs {
		t.Run(g.Name(), func(t *testing.T) {
			r, n := resps[i], size(g)
			pad := func(h string) []byte {
				v, ok := new(big.Int).SetString(h, 16)
				if !ok || (v.BitLen()+7)/8 > n {
					t.Fatalf("python value %q does not fit %d bytes", h, n)
				}
				return v.FillBytes(make([]byte, n))
			}
			// Direction 1: their exponent, our arithmetic.
			x, _ := new(big.Int).SetString(r.X, 16)
			theirs, err := dh.NewPrivateKey(g, x.Bytes())
			if err != nil {
				t.Fatalf("their private key: %v", err)
			}
			if !bytes.Equal(theirs.PublicKey().Bytes(), pad(r.Y)) {
				t.Fatal("our public key for their exponent differs from theirs")
			}
			theirPub, err := dh.NewPublicKey(g, pad(r.Y))
			if err != nil {
				t.Fatalf("their public key rejected: %v", err)
			}
			zz, err := keys[i].SharedSecret(theirPub)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(zz, pad(r.ZZOurs)) || !bytes.Equal(zz, pad(r.ZZTheirs)) {
				t.Fatalf("ZZ differs:\n ours %x\n python (our key) %s\n python (their key) %s", zz, r.ZZOurs, r.ZZTheirs)
			}
			// Direction 2: our exponent, their arithmetic.
			zz2, err := theirs.SharedSecret(keys[i].PublicKey())
			if err != nil || !bytes.Equal(zz2, zz) {
				t.Fatalf("ZZ from their exponent on our side differs: %v", err)
			}
			if !bytes.Equal(keys[i].PublicKey().Bytes(), pad(r.YOursPow)) {
				t.Fatal("our public key differs from Python's pow(g, x, p)")
			}
		})
	}
}
