package cipher

import (
	"bytes"
	"crypto/aes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hkdfRef is RFC 5869 written out with crypto/hmac, independent of
// crypto/hkdf.
func hkdfRef(ikm, salt []byte, info string, n int) []byte {
	ext := hmac.New(sha256.New, salt)
	ext.Write(ikm)
	prk := ext.Sum(nil)
	var out, prev []byte
	for i := byte(1); len(out) < n; i++ {
		h := hmac.New(sha256.New, prk)
		h.Write(prev)
		h.Write([]byte(info))
		h.Write([]byte{i})
		prev = h.Sum(nil)
		out = append(out, prev...)
	}
	return out[:n]
}

func TestHKDFReference(t *testing.T) {
	// RFC 5869 appendix A.1 checks the reference itself.
	okm := hkdfRef(unhex(t, "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), unhex(t, "000102030405060708090a0b0c"),
		string(unhex(t, "f0f1f2f3f4f5f6f7f8f9")), 42)
	want := "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"
	if hex.EncodeToString(okm) != want {
		t.Fatalf("reference HKDF = %x", okm)
	}
}

func TestDerive(t *testing.T) {
	for _, master := range [][]byte{{1}, bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{9}, 100)} {
		k, err := Derive(master)
		if err != nil {
			t.Fatal(err)
		}
		mac := hkdfRef(master, []byte(salt), labelMAC, MACSize)
		enc := hkdfRef(master, []byte(salt), labelEnc, 32)
		id := hkdfRef(master, []byte(salt), labelID, IDSize)
		if !bytes.Equal(k.MAC(), mac) {
			t.Errorf("MAC subkey %x, want %x", k.MAC(), mac)
		}
		if got := k.ID(); !bytes.Equal(got[:], id) {
			t.Errorf("key ID %x, want %x", got, id)
		}
		// The AES key is checked through the cipher it keys.
		block, err := aes.NewCipher(enc)
		if err != nil {
			t.Fatal(err)
		}
		var iv [IVSize]byte
		want := make([]byte, 16)
		block.Encrypt(want, iv[:])
		got := make([]byte, 16)
		k.XOR(got, make([]byte, 16), &iv)
		if !bytes.Equal(got, want) {
			t.Errorf("AES subkey: first key stream block %x, want %x", got, want)
		}
		if bytes.Equal(mac, enc[:MACSize]) || bytes.Equal(mac[:IDSize], id) {
			t.Error("subkeys repeat")
		}
	}
	if _, err := Derive(nil); !errors.Is(err, ErrEmptyKey) {
		t.Errorf("Derive(nil) = %v", err)
	}
}

// TestDistinctMasters checks that masters which alias as HMAC keys (a long
// key and its SHA-256) derive different subkeys.
func TestDistinctMasters(t *testing.T) {
	long := bytes.Repeat([]byte{3}, 100)
	sum := sha256.Sum256(long)
	a, _ := Derive(long)
	b, _ := Derive(sum[:])
	if bytes.Equal(a.MAC(), b.MAC()) || a.ID() == b.ID() {
		t.Error("a long key and its hash derive the same subkeys")
	}
}

// TestXORVector is NIST SP 800-38A, F.5.5 CTR-AES256.Encrypt (and, applied
// again, F.5.6 Decrypt).
func TestXORVector(t *testing.T) {
	block, err := aes.NewCipher(unhex(t, "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"))
	if err != nil {
		t.Fatal(err)
	}
	k := &Keys{block: block}
	iv := (*[IVSize]byte)(unhex(t, "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"))
	plain := unhex(t, "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
	want := unhex(t, "601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c52b0930daa23de94ce87017ba2d84988ddfc9c58db67aada613c2dd08457941a6")
	got := make([]byte, len(plain))
	k.XOR(got, plain, iv)
	if !bytes.Equal(got, want) {
		t.Fatalf("CTR-AES256 = %x, want %x", got, want)
	}
	k.XOR(got, got, iv) // in place
	if !bytes.Equal(got, plain) {
		t.Fatalf("decrypt = %x", got)
	}
}
