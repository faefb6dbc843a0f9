package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
)

type verdict int

const (
	notRun verdict = iota
	pass
	miss
	reference // a figure shown for context, with no goal of its own
)

func (v verdict) String() string {
	switch v {
	case pass:
		return "PASS"
	case miss:
		return "**MISS**"
	case reference:
		return "ref."
	}
	return "NOT RUN"
}

// A row is one goal (or one reference figure) of issue 7, evaluated on one
// run.
type row struct {
	id       string // key for notes/<id>.md
	goal     string
	limit    string
	measured string
	evidence string
	verdict  verdict
	shortBy  string // on a miss: how far from the goal, in words
	profile  string // on a miss: the profile that explains it
}

type section struct {
	title, intro string
	rows         []row
}

// bench names
const (
	validate = "BenchmarkValidate/"
	create   = "BenchmarkCreate/"
)

// fmtNS prints a duration given in ns with a readable unit.
func fmtNS(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.3g ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.3g µs", ns/1e3)
	}
	return fmt.Sprintf("%.3g ns", ns)
}

func fmtX(x float64) string {
	if x >= 10 {
		return fmt.Sprintf("%.1f×", x)
	}
	return fmt.Sprintf("%.2f×", x)
}

func fmtBytes(b float64) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.2f MiB", b/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.1f KiB", b/(1<<10))
	}
	return fmt.Sprintf("%.0f B", b)
}

// short strips the common prefix for evidence text.
func short(name string) string {
	return strings.TrimPrefix(name, "Benchmark")
}

// missing reports a row whose benchmarks are absent from the run.
func missing(r row, names ...string) row {
	r.verdict = notRun
	r.measured = "-"
	r.evidence = "not in this run: " + strings.Join(names, ", ") + " (its package has not landed, or the benchmark failed)"
	if len(names) == 0 {
		r.evidence = "not measured in this run (an older bench/ made these results)"
	}
	return r
}

// atMost evaluates num/den <= limit, where num is ours and den the baseline.
func (e *evaluator) atMost(r row, num, den string, limit float64) row {
	r.limit = "≤ " + fmtX(limit)
	ns, ok1 := e.res.costSeries(num)
	ds, ok2 := e.res.costSeries(den)
	if !ok1 || !ok2 {
		return missing(r, absent(e.res, num, den)...)
	}
	n, d := mustMedian(ns), mustMedian(ds)
	return ratioRow(r, paired(ns, ds), n, limit, fmt.Sprintf("%s %s (±%.0f%%) vs %s %s (±%.0f%%)",
		short(num), fmtNS(n), 100*e.res.costSpread(num), short(den), fmtNS(d), 100*e.res.costSpread(den)))
}

// A ratio is the median of the per-round ratios of two benchmarks (each
// round measured both sides minutes apart at most), with their range.
type ratio struct{ mid, lo, hi float64 }

func (x ratio) String() string {
	mid := fmtX(x.mid)
	if x.mid < 10 {
		// three decimals, so that a ratio just past its limit never
		// prints as the limit itself
		mid = fmt.Sprintf("%.3f×", x.mid)
	}
	if x.lo == x.hi {
		return mid
	}
	return fmt.Sprintf("%s (%s–%s)", mid, fmtX(x.lo), fmtX(x.hi))
}

// paired divides num by den round by round when both have one sample per
// round, and falls back to the ratio of the medians otherwise.
func paired(num, den []float64) ratio {
	if len(num) == 0 || len(num) != len(den) {
		x := mustMedian(num) / mustMedian(den)
		return ratio{x, x, x}
	}
	var q []float64
	for i := range num {
		if x := num[i] / den[i]; !math.IsNaN(x) && !math.IsInf(x, 0) {
			q = append(q, x)
		}
	}
	if len(q) == 0 {
		return ratio{math.NaN(), math.NaN(), math.NaN()}
	}
	return ratio{mustMedian(q), slices.Min(q), slices.Max(q)}
}

func mustMedian(v []float64) float64 {
	m, _ := median(v)
	return m
}

// ratioRow fills a row for the goal ours/baseline <= limit; n is ours'
// median cost, for saying what it must come down to.
func ratioRow(r row, x ratio, n, limit float64, evidence string) row {
	r.limit = "≤ " + fmtX(limit)
	r.measured = x.String()
	r.evidence = evidence
	if x.mid <= limit {
		r.verdict = pass
		return r
	}
	r.verdict = miss
	r.shortBy = fmt.Sprintf("%.3f× against a goal of %s: %.1f%% over, so it must get %.1f%% faster (%s → %s)",
		x.mid, r.limit, 100*(x.mid/limit-1), 100*(1-limit/x.mid), fmtNS(n), fmtNS(n*limit/x.mid))
	return r
}

// atLeastFaster evaluates peer/ours >= limit for the fastest peer (by
// median).
func (e *evaluator) atLeastFaster(r row, ours string, peers []string, limit float64) row {
	r.limit = "≥ " + fmtX(limit)
	os, ok := e.res.costSeries(ours)
	if !ok {
		return missing(r, ours)
	}
	best, bestName := math.Inf(1), ""
	for _, p := range peers {
		if v, ok := e.res.cost(p); ok && v < best {
			best, bestName = v, p
		}
	}
	if bestName == "" {
		return missing(r, peers...)
	}
	bs, _ := e.res.costSeries(bestName)
	o := mustMedian(os)
	x := paired(bs, os)
	r.measured = x.String()
	r.evidence = fmt.Sprintf("%s %s vs %s %s", short(bestName), fmtNS(best), short(ours), fmtNS(o))
	if x.mid >= limit {
		r.verdict = pass
		return r
	}
	r.verdict = miss
	r.shortBy = fmt.Sprintf("%.3f× against a goal of %s: ours must get %.1f%% faster (%s → %s)",
		x.mid, r.limit, 100*(1-x.mid/limit), fmtNS(o), fmtNS(o*x.mid/limit))
	return r
}

// valueAtMost evaluates the median of one unit against a limit.
func (e *evaluator) valueAtMost(r row, name, unit string, limit float64, format func(float64) string) row {
	r.limit = "≤ " + format(limit)
	v, ok := e.res.get(name, unit)
	if !ok {
		return missing(r, name)
	}
	r.limit = "≤ " + format(limit)
	r.measured = format(v)
	r.evidence = fmt.Sprintf("%s: median %s %s over %d runs", short(name), format(v), unit, len(e.res[name][unit]))
	if v <= limit {
		r.verdict = pass
	} else {
		r.verdict = miss
		r.shortBy = fmt.Sprintf("%s against a goal of %s", format(v), r.limit)
	}
	return r
}

// cost is the CPU time per operation when the benchmark reported it
// (cpu-ns/op), else its wall time (ns/op).
func (r results) cost(name string) (float64, bool) {
	if v, ok := r.get(name, "cpu-ns/op"); ok {
		return v, true
	}
	return r.get(name, "ns/op")
}

// costSeries is the per-round cost of a benchmark, in run order.
func (r results) costSeries(name string) ([]float64, bool) {
	s, ok := r[name]
	if !ok {
		return nil, false
	}
	if v := s["cpu-ns/op"]; len(v) > 0 {
		return v, true
	}
	v := s["ns/op"]
	return v, len(v) > 0
}

// costSpread is the spread of the unit cost reads.
func (r results) costSpread(name string) float64 {
	if _, ok := r.get(name, "cpu-ns/op"); ok {
		return r.spread(name, "cpu-ns/op")
	}
	return r.spread(name, "ns/op")
}

func absent(res results, names ...string) []string {
	var out []string
	for _, n := range names {
		if _, ok := res[n]; !ok {
			out = append(out, n)
		}
	}
	return out
}

type evaluator struct {
	res         results
	ssl         opensslRun
	opensslBits map[int]int // modulus bits -> the exponent length OpenSSL draws
	limbs       string      // output of openssl_limbs.py, or empty
}

// opensslWork is the exponent length whose cost OpenSSL pays for an
// exponent of the given length: BN_mod_exp_mont_consttime processes every
// bit of the exponent's 64-bit words (see bench/dh_test.go).
func opensslWork(bits int) int { return (bits + 63) / 64 * 64 }

func fmtCount(v float64) string { return fmt.Sprintf("%.0f", v) }

// ticketPeers are the peers a signed or encrypted ticket competes with.
var ticketPeers = []string{
	"securecookie-gob", "securecookie-json", "securecookie-nop",
	"securecookie-gob-aes", "securecookie-json-aes", "securecookie-nop-aes",
	"fernet", "paseto-v4-local", "jwt-hs256",
}

func names(prefix string, impls []string) []string {
	out := make([]string, len(impls))
	for i, s := range impls {
		out[i] = prefix + s
	}
	return out
}

func (e *evaluator) sections() []section {
	v, c := validate+"38B/", create+"38B/"
	vl, cl := validate+"1KiB/", create+"1KiB/"
	signed := section{
		title: "sts, signed only",
		intro: "`ours` is `sts.Service` with a nil Config (signed only, no serialization), created and validated with nil entropy. `floor` is the HMAC-SHA256 floor described below.",
		rows: []row{
			e.atMost(row{id: "sts-validate-38B", goal: "ValidateTicket, 38 B, vs floor", profile: "validate-38B-ours"}, v+"ours", v+"floor", 1.15),
			e.valueAtMost(row{id: "sts-validate-allocs", goal: "ValidateTicket, 38 B, allocations"}, v+"ours", "allocs/op", 1, fmtCount),
			e.atLeastFaster(row{id: "sts-validate-peers", goal: "ValidateTicket, 38 B: fastest peer ÷ ours", profile: "validate-38B-ours"}, v+"ours", names(v, ticketPeers), 3),
			e.atMost(row{id: "sts-create-38B", goal: "CreateTicket, 38 B, vs floor", profile: "create-38B-ours"}, c+"ours", c+"floor", 1.2),
			e.valueAtMost(row{id: "sts-create-allocs", goal: "CreateTicket, 38 B, allocations"}, c+"ours", "allocs/op", 2, fmtCount),
			e.atMost(row{id: "sts-validate-1KiB", goal: "ValidateTicket, 1 KiB, vs floor", profile: "validate-1KiB-ours"}, vl+"ours", vl+"floor", 1.1),
			e.atMost(row{id: "sts-create-1KiB", goal: "CreateTicket, 1 KiB, vs floor", profile: "create-1KiB-ours"}, cl+"ours", cl+"floor", 1.1),
		},
	}
	encrypted := section{
		title: "sts, encrypted",
		intro: "`ours-encrypted` is `sts.Service` with `Encrypt: true`; `floor-aes` is the AES-256-CTR + HMAC-SHA256 floor; fernet-go is AES-128-CBC + HMAC-SHA256.",
		rows: []row{
			e.atMost(row{id: "enc-validate-38B", goal: "ValidateTicket, 38 B, vs AES floor", profile: "validate-38B-ours-encrypted"}, v+"ours-encrypted", v+"floor-aes", 1.3),
			e.atMost(row{id: "enc-create-38B", goal: "CreateTicket, 38 B, vs AES floor", profile: "create-38B-ours-encrypted"}, c+"ours-encrypted", c+"floor-aes", 1.3),
			e.atMost(row{id: "enc-validate-1KiB", goal: "ValidateTicket, 1 KiB, vs AES floor"}, vl+"ours-encrypted", vl+"floor-aes", 1.3),
			e.atMost(row{id: "enc-create-1KiB", goal: "CreateTicket, 1 KiB, vs AES floor"}, cl+"ours-encrypted", cl+"floor-aes", 1.3),
			e.atLeastFaster(row{id: "enc-validate-fernet", goal: "ValidateTicket, 38 B: fernet ÷ ours", profile: "validate-38B-ours-encrypted"}, v+"ours-encrypted", []string{v + "fernet"}, 1.5),
			e.atLeastFaster(row{id: "enc-create-fernet", goal: "CreateTicket, 38 B: fernet ÷ ours", profile: "create-38B-ours-encrypted"}, c+"ours-encrypted", []string{c + "fernet"}, 1.5),
			e.atLeastFaster(row{id: "enc-validate-fernet-1KiB", goal: "ValidateTicket, 1 KiB: fernet ÷ ours"}, vl+"ours-encrypted", []string{vl + "fernet"}, 1.5),
			e.atLeastFaster(row{id: "enc-create-fernet-1KiB", goal: "CreateTicket, 1 KiB: fernet ÷ ours"}, cl+"ours-encrypted", []string{cl + "fernet"}, 1.5),
		},
	}
	return []section{signed, encrypted, e.concurrency(), e.dh(), e.handshake(), e.authtkt(), e.memory()}
}

const goroutines = "BenchmarkValidateGoroutines/"

// scaling is throughput with two goroutines over throughput with one: each
// benchmark's ns/op is wall time per validation, all goroutines together.
func (e *evaluator) scaling(r row, impl string, limit float64) row {
	one, two := goroutines+impl+"/g=1", goroutines+impl+"/g=2"
	r.limit = "-"
	if limit > 0 {
		r.limit = "≥ " + fmtX(limit)
	}
	s1, s2 := e.res[one]["ns/op"], e.res[two]["ns/op"]
	if len(s1) == 0 || len(s2) == 0 {
		return missing(r, absent(e.res, one, two)...)
	}
	x := paired(s1, s2)
	r.measured = x.String()
	r.evidence = fmt.Sprintf("%s %s per validation, %s %s per validation (wall time)", short(one), fmtNS(mustMedian(s1)), short(two), fmtNS(mustMedian(s2)))
	if limit == 0 {
		r.verdict = reference
		return r
	}
	if x.mid >= limit {
		r.verdict = pass
	} else {
		r.verdict = miss
		r.shortBy = fmt.Sprintf("%s against a goal of %s (%.0f%% short)", fmtX(x.mid), r.limit, 100*(1-x.mid/limit))
	}
	return r
}

// contention is the CPU time per validation with two goroutines over that
// with one: shared locks or cache lines bouncing between the cores show up
// as a ratio above one, whatever else runs on the machine.
func (e *evaluator) contention(r row, impl string) row {
	one, two := goroutines+impl+"/g=1", goroutines+impl+"/g=2"
	r.limit, r.verdict = "-", reference
	s1, s2 := e.res[one]["cpu-ns/op"], e.res[two]["cpu-ns/op"]
	if len(s1) == 0 || len(s2) == 0 {
		return missing(r, absent(e.res, one, two)...)
	}
	r.measured = paired(s2, s1).String()
	r.evidence = fmt.Sprintf("%s %s CPU per validation, %s %s", short(one), fmtNS(mustMedian(s1)), short(two), fmtNS(mustMedian(s2)))
	return r
}

func (e *evaluator) concurrency() section {
	return section{
		title: "Validate on 2 goroutines",
		intro: "Throughput with two goroutines sharing one `sts.Service` over throughput with one, on this 2-core machine. The floor row (each goroutine with its own floor, nothing shared) shows what this machine allows: a ratio under 2 there is the machine, not the code. The CPU-time rows tell the two apart: CPU time per validation that does not grow with the second goroutine means nothing is contended.",
		rows: []row{
			e.scaling(row{id: "parallel", goal: "ValidateTicket throughput, 2 goroutines ÷ 1", profile: "validate-goroutines-ours"}, "ours", 1.8),
			e.scaling(row{id: "parallel-floor", goal: "the same for the floor (no shared state)"}, "floor", 0),
			e.contention(row{id: "parallel-cpu", goal: "CPU time per validation, 2 goroutines ÷ 1 (1.00× = no contention)"}, "ours"),
			e.contention(row{id: "parallel-cpu-floor", goal: "the same for the floor"}, "floor"),
		},
	}
}

// dhGroups are the groups of the DH goals with their limits vs OpenSSL.
var dhGroups = []struct {
	name  string
	bits  int
	limit float64
}{
	{"ffdhe2048", 2048, 1.3},
	{"ffdhe3072", 3072, 1.5},
	{"ffdhe4096", 4096, 1.5},
}

func (e *evaluator) dh() section {
	intro := "OpenSSL's figure is `openssl speed ffdhN`: one `EVP_PKEY_derive` with a fixed peer key, i.e. a range check of the peer value and one constant-time modular exponentiation (`BN_mod_exp_mont_consttime`) with OpenSSL's own private key, of the length OpenSSL draws for the group (RFC 7919's short exponents; the bit counts measured below). That function processes every bit of the exponent's 64-bit words (`bits = p->top * BN_BITS2`, so that the time does not tell how many top bits are zero): a 225-, 275- or 325-bit exponent costs OpenSSL what a 256-, 320- or 384-bit one does. Ours is `(*dh.PrivateKey).SharedSecret` with a peer key already validated by `dh.NewPublicKey` (its full check is measured separately), whose cost follows the exponent's length in bytes. The \"equal work\" row gives ours a key made with `dh.GenerateKeyBits` at the length OpenSSL pays for; the \"as shipped\" row uses `dh.GenerateKey`'s default (max(256, 2 × strength) bits), which is the same work for ffdhe2048 and less for ffdhe3072 and ffdhe4096."
	if e.limbs != "" {
		intro += "\n\nOpenSSL's cost per exponent length, measured in this run with `python3 bench/openssl_limbs.py` (`EVP_PKEY_derive` through Python's `cryptography`, CPU time):\n\n```\n" + e.limbs + "\n```"
	}
	s := section{title: "dh", intro: intro}
	for _, g := range dhGroups {
		base := "BenchmarkSharedSecret/" + g.name + "/"
		_, ok := e.ssl.nsPerOp(g.bits)
		eqRow := row{id: "dh-" + g.name, goal: fmt.Sprintf("SharedSecret %s vs OpenSSL, equal work", g.name), profile: "sharedsecret-" + g.name}
		shipRow := row{id: "dh-" + g.name + "-default", goal: fmt.Sprintf("SharedSecret %s vs OpenSSL, as shipped (GenerateKey default)", g.name), profile: "sharedsecret-" + g.name}
		eqRow.limit, shipRow.limit = "≤ "+fmtX(g.limit), "≤ "+fmtX(g.limit)
		if !ok {
			s.rows = append(s.rows, missing(eqRow, fmt.Sprintf("openssl speed ffdh%d", g.bits)), missing(shipRow, fmt.Sprintf("openssl speed ffdh%d", g.bits)))
		} else {
			s.rows = append(s.rows, e.vsOpenSSL(eqRow, base+"ours-openssl-work", g.bits, g.limit), e.vsOpenSSL(shipRow, base+"ours", g.bits, g.limit))
		}
		check := "BenchmarkNewPublicKey/" + g.name + "/ours"
		s.rows = append(s.rows, e.atMost(row{id: "dh-check-" + g.name, goal: fmt.Sprintf("NewPublicKey %s (full check) ÷ one SharedSecret", g.name), profile: "newpublickey-" + g.name}, check, base+"ours", 0.10))
	}
	return s
}

func (e *evaluator) vsOpenSSL(r row, name string, bits int, limit float64) row {
	r.limit = "≤ " + fmtX(limit)
	ns, ok := e.res.costSeries(name)
	if !ok {
		return missing(r, name)
	}
	ssl := e.ssl.series(bits)
	n, s := mustMedian(ns), mustMedian(ssl)
	exp, _ := e.res.get(name, "exp-bits")
	theirs := ""
	if b := e.opensslBits[bits]; b > 0 {
		theirs = fmt.Sprintf(" (%d-bit exponent, paid as %d)", b, opensslWork(b))
	}
	return ratioRow(r, paired(ns, ssl), n, limit, fmt.Sprintf("%s %s (%.0f-bit exponent) vs OpenSSL derive %s%s", short(name), fmtNS(n), exp, fmtNS(s), theirs))
}

func (e *evaluator) handshake() section {
	const hs = "BenchmarkHandshake/ffdhe2048"
	gen, ss, check := "BenchmarkGenerateKey/ffdhe2048/ours", "BenchmarkSharedSecret/ffdhe2048/ours", "BenchmarkNewPublicKey/ffdhe2048/ours"
	r := row{id: "handshake", goal: "ffdhe2048 handshake over net.Pipe ÷ (2 GenerateKey + 2 SharedSecret)", profile: "handshake", limit: "≤ " + fmtX(1.15)}
	hS, ok1 := e.res.costSeries(hs)
	gS, ok2 := e.res.costSeries(gen)
	xS, ok3 := e.res.costSeries(ss)
	if !ok1 || !ok2 || !ok3 {
		return section{title: "dh/handshake", rows: []row{missing(r, absent(e.res, hs, gen, ss)...)}}
	}
	h, g, x := mustMedian(hS), mustMedian(gS), mustMedian(xS)
	separate := fmt.Sprintf("handshake %s vs 2×%s + 2×%s = %s", fmtNS(h), fmtNS(g), fmtNS(x), fmtNS(2*g+2*x))
	var rows []row
	// The goal is judged on the interleaved benchmark when the run has it:
	// both sides in the same iterations, so a slow minute hits both.
	const inter = hs + "-vs-dh"
	if q := e.res[inter]["handshake/dh"]; len(q) > 0 {
		hI, dI := mustMedian(e.res[inter]["hs-cpu-ns/op"]), mustMedian(e.res[inter]["dh-cpu-ns/op"])
		rows = append(rows,
			ratioRow(r, ratio{mustMedian(q), slices.Min(q), slices.Max(q)}, hI, 1.15,
				fmt.Sprintf("interleaved, one handshake then its DH work in each iteration: handshake %s vs %s", fmtNS(hI), fmtNS(dI))),
			row{id: "handshake-separate", goal: "the same from the separate benchmarks", verdict: reference,
				limit: "-", measured: paired(hS, sumSeries(2, gS, xS)).String(), evidence: separate})
		const msgs = hs + "-messages-vs-dh"
		if q := e.res[msgs]["handshake/dh"]; len(q) > 0 {
			rows = append(rows, row{id: "handshake-messages", goal: "the protocol alone, interleaved: the four message calls on one goroutine, no net.Pipe", verdict: reference,
				limit: "-", measured: ratio{mustMedian(q), slices.Min(q), slices.Max(q)}.String(),
				evidence: fmt.Sprintf("messages %s vs %s", fmtNS(mustMedian(e.res[msgs]["hs-cpu-ns/op"])), fmtNS(mustMedian(e.res[msgs]["dh-cpu-ns/op"])))})
		}
	} else {
		rows = append(rows, ratioRow(r, paired(hS, sumSeries(2, gS, xS)), h, 1.15, separate))
	}
	// The two public-key checks are DH work too: the ratio with them, for
	// reference.
	if pS, ok := e.res.costSeries(check); ok {
		p := mustMedian(pS)
		rows = append(rows, row{id: "handshake-with-checks", goal: "the same, with the two NewPublicKey checks in the sum", verdict: reference,
			limit: "-", measured: paired(hS, sumSeries(2, gS, xS, pS)).String(), evidence: fmt.Sprintf("handshake %s vs %s", fmtNS(h), fmtNS(2*(g+x+p)))})
	}
	return section{
		title: "dh/handshake",
		intro: "A full client/server handshake (`Client.Handshake` and `Server.Handshake` with nil Configs, so ffdhe2048, each side on its own goroutine) over `net.Pipe`, against the DH work it cannot avoid: two key generations and two agreements. The goal row interleaves the two (`BenchmarkHandshake/ffdhe2048-vs-dh`: each iteration one handshake and one set of DH operations, in alternating order, each timed in CPU time), so that both sides see the same machine; the rows after it use the separate benchmarks of the same run. CPU time adds up both sides' work, whether or not they overlapped on the two cores.",
		rows:  rows,
	}
}

// sumSeries is k × (a[i] + b[i] + ...) round by round, or the medians'
// when the rounds do not line up.
func sumSeries(k float64, series ...[]float64) []float64 {
	n := len(series[0])
	for _, s := range series {
		if len(s) != n {
			n = 0
		}
	}
	if n == 0 {
		t := 0.0
		for _, s := range series {
			t += mustMedian(s)
		}
		return []float64{k * t}
	}
	out := make([]float64, n)
	for _, s := range series {
		for i, v := range s {
			out[i] += k * v
		}
	}
	return out
}

func (e *evaluator) authtkt() section {
	return section{
		title: "authtkt",
		intro: "`ours` is `(*authtkt.Factory).Validate` on a ticket_auth-format ticket (IPv4-bound, two tokens, user data). The floor does the two bare SHA-256 hashes of the same bytes (`inner = H(data0 || secret || data1)`, `digest = H(inner || secret)`), hex, a constant-time compare, the parse (time field, the two `!`, tokens split) and allocates one result.",
		rows: []row{
			e.atMost(row{id: "authtkt", goal: "Validate (sha256) vs two bare hashes + parse", profile: "authtkt-sha256"}, "BenchmarkAuthtktValidate/sha256/ours", "BenchmarkAuthtktValidate/sha256/floor", 1.3),
			e.ref(row{id: "authtkt-sha512", goal: "Validate (sha512, the default) vs its floor"}, "BenchmarkAuthtktValidate/sha512/ours", "BenchmarkAuthtktValidate/sha512/floor"),
		},
	}
}

// ref shows num/den with no goal.
func (e *evaluator) ref(r row, num, den string) row {
	r.limit = "-"
	ns, ok1 := e.res.costSeries(num)
	ds, ok2 := e.res.costSeries(den)
	if !ok1 || !ok2 {
		return missing(r, absent(e.res, num, den)...)
	}
	r.verdict, r.measured = reference, paired(ns, ds).String()
	r.evidence = fmt.Sprintf("%s %s vs %s %s", short(num), fmtNS(mustMedian(ns)), short(den), fmtNS(mustMedian(ds)))
	return r
}

func (e *evaluator) memory() section {
	const bomb = "BenchmarkZipBomb/"
	var rows []row
	for _, cfg := range []struct{ name, what string }{
		{"default", "default Config (Compress on)"},
		{"ticket-cap-raised", "MaxTicketSize raised so the bomb reaches the inflater"},
	} {
		rows = append(rows,
			e.valueAtMost(row{id: "bomb-peak-" + cfg.name, goal: "zip bomb refused, peak heap growth, " + cfg.what, profile: ""}, bomb+cfg.name, "peak-heap-B", 4<<20, fmtBytes),
			e.valueAtMost(row{id: "bomb-alloc-" + cfg.name, goal: "bytes allocated by one refused validation, " + cfg.what}, bomb+cfg.name, "B/op", 4<<20, fmtBytes),
		)
	}
	for _, h := range []string{"str32", "bin32", "array32", "map32"} {
		rows = append(rows, e.valueAtMost(row{id: "msgpack-" + h, goal: "bytes allocated by Data on a serialized ticket whose msgpack " + h + " claims 4 GiB"},
			"BenchmarkHostileMsgpack/"+h, "B/op", 64<<10, fmtBytes))
	}
	return section{
		title: "Memory: a zip bomb and hostile msgpack sizes, made with the service's own key",
		intro: "100 MB of zeros, compressed by an `sts.Service` with `Compress: true` and caps raised far enough to create it, then validated by a service with the same key. Peak heap growth is sampled with runtime/metrics (`/memory/classes/heap/objects:bytes`) every 20 µs from another goroutine during each validation, over a baseline taken after a GC just before it (the benchmark fails unless every validation ends in `sts.ErrTooLarge`); bytes allocated per validation (B/op) is an upper bound on the heap any one validation can add, so \"nothing proportional to the claimed size\" means this stays far below 100 MB. The msgpack rows decode (`Service.Data` into an `any`) serialized tickets whose payload is only a msgpack str32, bin32, array32 or map32 header claiming 2^32-1 bytes or elements; each must be refused, and issue 7 gives no number for them, so we hold them to 64 KiB, nothing like the claim.",
		rows:  rows,
	}
}
