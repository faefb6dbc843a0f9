package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A sample set holds every value one benchmark reported, by unit
// ("ns/op", "B/op", "allocs/op" and custom metrics), one per run.
type samples map[string][]float64

// results maps a benchmark name without its -GOMAXPROCS suffix
// ("BenchmarkValidate/38B/ours") to its samples.
type results map[string]samples

var procSuffix = regexp.MustCompile(`-\d+$`)

// parseResults reads `go test -bench` output. Lines that are not benchmark
// results are skipped.
func parseResults(r io.Reader) (results, error) {
	res := results{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue
		}
		name := procSuffix.ReplaceAllString(f[0], "")
		s := res[name]
		if s == nil {
			s = samples{}
			res[name] = s
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("report: bad value %q in %q", f[i], sc.Text())
			}
			s[f[i+1]] = append(s[f[i+1]], v)
		}
	}
	return res, sc.Err()
}

func parseResultsFile(path string) (results, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseResults(f)
}

// median returns the median of v, ignoring NaNs, and false when nothing
// is left.
func median(v []float64) (float64, bool) {
	s := slices.DeleteFunc(slices.Clone(v), math.IsNaN)
	if len(s) == 0 {
		return 0, false
	}
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2], true
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2, true
}

// get returns the median of one benchmark's unit.
func (r results) get(name, unit string) (float64, bool) {
	s, ok := r[name]
	if !ok {
		return 0, false
	}
	return median(s[unit])
}

// spread returns the largest distance of a sample from the median, as a
// fraction of the median: the noise a reader should allow for.
func (r results) spread(name, unit string) float64 {
	m, ok := r.get(name, unit)
	if !ok || m == 0 {
		return 0
	}
	worst := 0.0
	for _, v := range slices.DeleteFunc(slices.Clone(r[name][unit]), math.IsNaN) {
		d := (v - m) / m
		if d < 0 {
			d = -d
		}
		worst = max(worst, d)
	}
	return worst
}

// opensslRun holds `openssl speed ffdhN` results: ops per second by modulus
// size in bits, one value per run.
type opensslRun map[int][]float64

var opensslLine = regexp.MustCompile(`^\s*(\d+) bits ffdh\s+[\d.]+s\s+([\d.]+|inf)\s*$`)

func parseOpenSSL(path string) (opensslRun, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	run := opensslRun{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := opensslLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		bits, _ := strconv.Atoi(m[1])
		ops, err := strconv.ParseFloat(m[2], 64)
		if err != nil || ops <= 0 || math.IsInf(ops, 0) {
			// openssl speed divides by user CPU time in clock ticks; on
			// a busy machine a round can read zero ticks ("inf"). The
			// round is kept as NaN so that the rounds stay aligned.
			ops = math.NaN()
		}
		run[bits] = append(run[bits], ops)
	}
	return run, sc.Err()
}

// series returns OpenSSL's cost of one derive in ns, per round.
func (o opensslRun) series(bits int) []float64 {
	out := make([]float64, len(o[bits]))
	for i, ops := range o[bits] {
		out[i] = 1e9 / ops
	}
	return out
}

// nsPerOp returns OpenSSL's median cost of one derive in ns.
func (o opensslRun) nsPerOp(bits int) (float64, bool) {
	m, ok := median(o[bits])
	if !ok {
		return 0, false
	}
	return 1e9 / m, true
}
