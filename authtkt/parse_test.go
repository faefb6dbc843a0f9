package authtkt

import "testing"

// The expectations below were produced by the originals' own parsers:
// glibc's sscanf(s, "%8x") through Python ctypes, and CPython 3.11's
// urllib.parse.quote / unquote and int(s, 16).

// unquote is Python's urllib.parse.unquote (encoding utf-8, errors
// 'replace'), which ticket_auth's parse() applies to each field.
func unquote(s string) string { return string(appendUnquote(nil, s)) }

func TestParseScanfHex(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint32
		ok   bool
	}{
		{"6553f100alice!", 0x6553f100, true},
		{"6553F100alice!", 0x6553f100, true},
		{" 6553f10alice!", 0x6553f10a, true}, // reads on into the uid
		{"\t\n12!", 0x12, true},
		{"0x1234ab!", 0x1234ab, true},
		{"0X1234abcdef!", 0x1234ab, true},
		{"-0000001!", 0xffffffff, true},
		{"+fffffff!", 0xfffffff, true},
		{"00000001", 0x1, true},
		{"0x!", 0x0, true},
		{"0xg!", 0x0, true},
		{"  -0x5!", 0xfffffffb, true},
		{"!abc", 0, false},
		{"g", 0, false},
		{"", 0, false},
		{"12345678", 0x12345678, true},
		{"123456789", 0x12345678, true},
		{"+!", 0, false},
		{"-x1", 0, false},
		{"0", 0x0, true},
		{"   ", 0, false},
		{"ffffffff", 0xffffffff, true},
		{"+0xfffff", 0xfffff, true},
		{"\v\f\r 7", 0x7, true},
	} {
		got, ok := parseScanfHex(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseScanfHex(%q) = %#x, %v; want %#x, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestParsePythonHex(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want uint32
		ok   bool
	}{
		{"000001f4", 0x1f4, true},
		{"000001F4", 0x1f4, true},
		{" \t+0x_1_2 ", 0x12, true},
		{"0X1F", 0x1f, true},
		{"0x_f", 0xf, true},
		{"-0", 0, true},
		{"ffffffff", 0xffffffff, true},
		{"-00001f4", 0, false}, // int() gives -500; ticket_auth then fails in struct.pack
		{"0x", 0, false},
		{"1__2", 0, false},
		{"_1", 0, false},
		{"1_", 0, false},
		{"+ 1", 0, false},
		{"\x1c1", 0, false}, // not whitespace for int()
		{"0_x1", 0, false},
		{"", 0, false},
		{"        ", 0, false},
	} {
		got, ok := parsePythonHex(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parsePythonHex(%q) = %#x, %v; want %#x, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestUnquote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"user", "user"},
		{"%75ser", "user"},
		{"%7", "%7"},
		{"%", "%"},
		{"100%", "100%"},
		{"%zz", "%zz"},
		{"%C3%A9", "é"},
		{"%c3%a9", "é"},
		{"é", "é"},
		{"%C3é%A9", "\ufffdé\ufffd"},
		{"%FF%FF", "\ufffd\ufffd"},
		{"%E2%82", "\ufffd"},
		{"%F0%9F%98%80", "😀"},
		{"%ED%A0%80", "\ufffd\ufffd\ufffd"},
		{"%00", "\x00"},
		{"a%2Cb", "a,b"},
		{"%F4%90%80%80", "\ufffd\ufffd\ufffd\ufffd"},
		{"%E0%80%AF", "\ufffd\ufffd\ufffd"},
		{"x%C0%AFy", "x\ufffd\ufffdy"},
	} {
		if got := unquote(tc.in); got != tc.want {
			t.Errorf("unquote(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"user", "user"},
		{"", ""},
		{"a b", "a%20b"},
		{"é/~", "%C3%A9/~"},
		{"!,%&=?@:", "%21%2C%25%26%3D%3F%40%3A"},
		{"AZaz09_.-~/", "AZaz09_.-~/"},
		{"\x00\x7f", "%00%7F"},
		{"😀", "%F0%9F%98%80"},
	} {
		if got := string(appendQuote(nil, tc.in)); got != tc.want {
			t.Errorf("quote(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if n := quotedLen(tc.in); n != len(tc.want) {
			t.Errorf("quotedLen(%q) = %d, want %d", tc.in, n, len(tc.want))
		}
		if !isCanonical(tc.want, unquote(tc.want)) {
			t.Errorf("isCanonical(%q) = false", tc.want)
		}
	}
	for _, field := range []string{"%75ser", "%c3%a9", "é", "%2F", "%7E", "100%", "%FF", "%E2%82", "a%2cb"} {
		if isCanonical(field, unquote(field)) {
			t.Errorf("isCanonical(%q) = true", field)
		}
	}
}
