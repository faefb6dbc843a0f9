package b64

import (
	"encoding/base64"
	"strings"
	"testing"
)

var std = base64.RawURLEncoding.Strict()

// check compares Decode with encoding/base64's strict decoder on s, with
// every amount of slack from none to what the fast path needs, on the
// path in use (see kernels).
func check(t *testing.T, s string) {
	t.Helper()
	want, werr := std.DecodeString(s)
	// The standard decoder skips \r and \n; a ticket has one spelling.
	wantOK := werr == nil && std.EncodeToString(want) == s
	for slack := range Slack + 1 {
		dst := make([]byte, DecodedLen(len(s))+slack)
		n, ok := Decode(dst, s)
		if ok != wantOK {
			t.Fatalf("Decode(%q), slack %d: ok %t, encoding/base64 %t (%v)", s, slack, ok, wantOK, werr)
		}
		if ok && (n != len(want) || string(dst[:n]) != string(want)) {
			t.Fatalf("Decode(%q), slack %d = %x, encoding/base64 %x", s, slack, dst[:n], want)
		}
	}
}

func TestDecodeAgreesWithStdlib(t *testing.T) {
	for _, k := range kernels() {
		t.Run(k, func(t *testing.T) {
			defer useKernel(k)()
			// Every string of up to two characters from a set that covers
			// the alphabet's edges, padding, line breaks and high bytes.
			chars := "@AZ[`az{/09:-_+=\r\n \x00\x7f\x80\xff.QgEB"
			check(t, "")
			for i := range len(chars) {
				check(t, chars[i:i+1])
				for j := range len(chars) {
					check(t, chars[i:i+1]+chars[j:j+1])
				}
			}
			// Every single-character change of encodings of 0 to 100
			// bytes, which puts each position of a 32-character block,
			// and of the tail after it, through every kind of character.
			for n := range 101 {
				b := make([]byte, n)
				for i := range b {
					b[i] = byte(0x5b*i + 0xc3)
				}
				s := []byte(std.EncodeToString(b))
				check(t, string(s))
				for i := range s {
					old := s[i]
					for _, c := range []byte("@AZ[`az{/09:-_+=\n\x00\x7f\x80\xffQg") {
						s[i] = c
						check(t, string(s))
					}
					s[i] = old
				}
			}
		})
	}
}

// TestDecodeAlphabet decodes long runs of every character of the alphabet
// at every position, so that each class's offset is checked in each lane.
func TestDecodeAlphabet(t *testing.T) {
	for _, k := range kernels() {
		t.Run(k, func(t *testing.T) {
			defer useKernel(k)()
			for shift := range 64 {
				s := strings.Repeat(alphabet[shift:]+alphabet[:shift], 4)
				check(t, s)
				check(t, s[:len(s)-2])
			}
		})
	}
}

// TestEncode compares Encode with encoding/base64 on every length up to
// 200, with bytes that put every six-bit value in every position.
func TestEncode(t *testing.T) {
	for _, k := range kernels() {
		t.Run(k, func(t *testing.T) {
			defer useKernel(k)()
			for n := range 201 {
				for seed := range 4 {
					src := make([]byte, n)
					for i := range src {
						src[i] = byte(0x9d*i + 0x47*seed + i*i>>3)
					}
					dst := make([]byte, EncodedLen(n))
					Encode(dst, src)
					if want := std.EncodeToString(src); string(dst) != want {
						t.Fatalf("Encode(%x) = %s, want %s", src, dst, want)
					}
				}
			}
			// Every value in every position: 48 bytes that encode to the
			// alphabet, rotated.
			alpha, _ := std.DecodeString(alphabet)
			for shift := range len(alpha) {
				src := append(append([]byte(nil), alpha[shift:]...), alpha[:shift]...)
				src = append(src, src...)
				dst := make([]byte, EncodedLen(len(src)))
				Encode(dst, src)
				if want := std.EncodeToString(src); string(dst) != want {
					t.Fatalf("Encode(%x) = %s, want %s", src, dst, want)
				}
			}
		})
	}
}

// TestEncodeShortDst checks that a dst too short for the encoding panics
// before anything is written, on every path, as encoding/base64 does.
func TestEncodeShortDst(t *testing.T) {
	for _, k := range kernels() {
		t.Run(k, func(t *testing.T) {
			defer useKernel(k)()
			for _, n := range []int{1, 27, 28, 52, 100} {
				for _, short := range []int{1, 4, 31, EncodedLen(n)} {
					dst := make([]byte, max(EncodedLen(n)-short, 0)+8)[:max(EncodedLen(n)-short, 0)]
					func() {
						defer func() {
							if recover() == nil {
								t.Errorf("Encode into %d bytes of %d: no panic", len(dst), n)
							}
						}()
						Encode(dst, make([]byte, n))
					}()
					if got := dst[:cap(dst)]; string(got) != string(make([]byte, len(got))) {
						t.Errorf("Encode into %d bytes of %d wrote %x", len(dst), n, got)
					}
				}
			}
		})
	}
}

// FuzzKernels runs the comparison of FuzzBase64 (package fuzz) on every
// path this platform has, so that the table path is fuzzed on AVX2
// machines too.
func FuzzKernels(f *testing.F) {
	long := std.EncodeToString(make([]byte, 100))
	for _, s := range []string{"", long, long[:len(long)-1], long[:40] + "+" + long[41:], long[:5] + "\xff" + long[6:]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range kernels() {
			restore := useKernel(k)
			check(t, s)
			enc := make([]byte, EncodedLen(len(s)))
			Encode(enc, []byte(s))
			restore()
			if want := std.EncodeToString([]byte(s)); string(enc) != want {
				t.Fatalf("%s: Encode %s, encoding/base64 %s", k, enc, want)
			}
		}
	})
}

func TestDecodedLen(t *testing.T) {
	for n := range 100 {
		if got, want := DecodedLen(n), base64.RawURLEncoding.DecodedLen(n); got != want {
			t.Errorf("DecodedLen(%d) = %d, want %d", n, got, want)
		}
	}
}

func BenchmarkDecode(b *testing.B) {
	for _, n := range []int{93, 1099} {
		src := std.EncodeToString(make([]byte, n))
		dst := make([]byte, n+Slack)
		for _, k := range kernels() {
			b.Run(k+"/"+itoa(n), func(b *testing.B) {
				defer useKernel(k)()
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, ok := Decode(dst, src); !ok {
						b.Fatal("decode failed")
					}
				}
			})
		}
		b.Run("encoding-base64/"+itoa(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := std.Decode(dst, []byte(src)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncode(b *testing.B) {
	for _, n := range []int{93, 1099} {
		src := make([]byte, n)
		dst := make([]byte, EncodedLen(n))
		for _, k := range kernels() {
			b.Run(k+"/"+itoa(n), func(b *testing.B) {
				defer useKernel(k)()
				b.SetBytes(int64(n))
				for b.Loop() {
					Encode(dst, src)
				}
			})
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
