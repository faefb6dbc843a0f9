package main

import (
	"math"
	"strings"
	"testing"
)

const sampleResults = `goos: linux
BenchmarkValidate/38B/floor-2   	 1000	 700 ns/op	 650 cpu-ns/op	 80 B/op	 1 allocs/op
BenchmarkValidate/38B/ours-2    	 1000	 800 ns/op	 780 cpu-ns/op	 128 B/op	 1 allocs/op
BenchmarkValidate/38B/floor-2   	 1000	 900 ns/op	 700 cpu-ns/op	 80 B/op	 1 allocs/op
BenchmarkValidate/38B/ours-2    	 1000	 950 ns/op	 910 cpu-ns/op	 128 B/op	 1 allocs/op
BenchmarkHandshake/ffdhe2048    	 10	 3000000 ns/op
PASS
`

func TestParseResults(t *testing.T) {
	res, err := parseResults(strings.NewReader(sampleResults))
	if err != nil {
		t.Fatal(err)
	}
	if got := res["BenchmarkValidate/38B/ours"]["cpu-ns/op"]; len(got) != 2 || got[0] != 780 || got[1] != 910 {
		t.Errorf("ours cpu-ns/op = %v", got)
	}
	if _, ok := res["BenchmarkHandshake/ffdhe2048"]; !ok {
		t.Errorf("a name without a -GOMAXPROCS suffix was lost: %v", res)
	}
	if c, _ := res.cost("BenchmarkHandshake/ffdhe2048"); c != 3e6 {
		t.Errorf("cost falls back to ns/op: got %v", c)
	}
}

func TestPaired(t *testing.T) {
	x := paired([]float64{780, 910}, []float64{650, 700})
	if x.lo != 1.2 || x.hi != 1.3 || x.mid != 1.25 {
		t.Errorf("paired = %+v, want 1.25 (1.2-1.3)", x)
	}
	y := paired([]float64{10, 20, 30}, []float64{10})
	if y.mid != 2 || y.lo != 2 || y.hi != 2 {
		t.Errorf("unpaired rounds: %+v, want the ratio of medians, 2", y)
	}
}

func TestRatioRowVerdicts(t *testing.T) {
	if r := ratioRow(row{}, ratio{1.1, 1, 1.2}, 100, 1.15, ""); r.verdict != pass {
		t.Errorf("1.1 <= 1.15 gave %v", r.verdict)
	}
	r := ratioRow(row{}, ratio{1.5, 1.4, 1.6}, 150, 1.2, "")
	if r.verdict != miss || !strings.Contains(r.shortBy, "20.0% faster") {
		t.Errorf("1.5 vs 1.2: %v, %q", r.verdict, r.shortBy)
	}
}

func TestMissNeverPrintsAsItsLimit(t *testing.T) {
	r := ratioRow(row{}, ratio{1.153, 1.153, 1.153}, 100, 1.15, "")
	if r.verdict != miss || r.measured == "1.15×" {
		t.Errorf("1.153 vs 1.15: %v, measured %q", r.verdict, r.measured)
	}
}

func TestPairedSkipsBadRounds(t *testing.T) {
	x := paired([]float64{2, 3, 4}, []float64{1, math.NaN(), 2})
	if x.mid != 2 || x.lo != 2 || x.hi != 2 {
		t.Errorf("paired with a NaN round = %+v, want 2", x)
	}
}

func TestOpenSSLLine(t *testing.T) {
	if m := opensslLine.FindStringSubmatch("2048 bits ffdh   0.0000s      inf"); m == nil {
		t.Error("an inf round must still be matched, to keep the rounds aligned")
	}
	m := opensslLine.FindStringSubmatch("2048 bits ffdh   0.0004s   2225.8")
	if m == nil || m[1] != "2048" || m[2] != "2225.8" {
		t.Fatalf("match = %q", m)
	}
}
