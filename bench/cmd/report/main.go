// Command report turns one run of the bench module's benchmarks (and of
// `openssl speed`) into BENCHMARKS.md and an SVG chart: every goal of issue 7
// as a ratio from that run, with PASS or MISS, the peers' standings as
// multiples of the floor, and, for each missed goal, by how much, a CPU
// profile, and the analysis in bench/notes/<goal>.md.
//
// It is run by bench/run.sh; see there for the flags it is given.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

func main() {
	var (
		resultsPath = flag.String("results", "", "go test -bench output of the run")
		sslPath     = flag.String("openssl", "", "openssl speed ffdh output of the run")
		limbsPath   = flag.String("limbs", "", "output of openssl_limbs.py (optional)")
		profiles    = flag.String("profiles", "", "directory of pprof -top text files, one per profiled benchmark")
		notes       = flag.String("notes", "", "directory of <goal id>.md analysis notes")
		commands    = flag.String("commands", "", "file holding the exact commands of the run")
		out         = flag.String("out", "BENCHMARKS.md", "markdown file to write")
		chart       = flag.String("chart", "chart.svg", "SVG file to write")
		chartLink   = flag.String("chart-link", "bench/chart.svg", "the chart's path as BENCHMARKS.md links it")
		rawLink     = flag.String("raw-link", "bench/results/raw.txt", "the raw results' path as BENCHMARKS.md links it")
		statLink    = flag.String("benchstat-link", "bench/results/benchstat.txt", "benchstat's output path as BENCHMARKS.md links it")
		commit      = flag.String("commit", "", "the tickets commit measured")
		started     = flag.String("started", "", "when the run started (UTC)")
		duration    = flag.String("duration", "", "how long the run took")
	)
	flag.Parse()
	if err := run(*resultsPath, *sslPath, *limbsPath, *profiles, *notes, *commands, *out, *chart, *chartLink, *rawLink, *statLink,
		env{commit: *commit, started: *started, duration: *duration}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(resultsPath, sslPath, limbsPath, profiles, notes, commands, out, chart, chartLink, rawLink, statLink string, e env) error {
	res, err := parseResultsFile(resultsPath)
	if err != nil {
		return err
	}
	if len(res) == 0 {
		return fmt.Errorf("report: no benchmark results in %s", resultsPath)
	}
	ssl := opensslRun{}
	if sslPath != "" {
		if ssl, err = parseOpenSSL(sslPath); err != nil {
			return err
		}
	}
	cmds, err := os.ReadFile(commands)
	if err != nil {
		return err
	}
	var limbs []byte
	if limbsPath != "" {
		// Missing when the run had no python3-cryptography: run.sh says so.
		if limbs, err = os.ReadFile(limbsPath); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	fillEnv(&e)
	ev := &evaluator{res: res, ssl: ssl, opensslBits: e.opensslBits, limbs: strings.TrimSpace(string(limbs))}
	r := &report{env: e, res: res, ssl: ssl, sections: ev.sections(), commands: string(cmds),
		profiles: profiles, notes: notes, chart: chartLink, rawPath: rawLink, statPath: statLink}

	var md bytes.Buffer
	if err := r.write(&md); err != nil {
		return err
	}
	if err := os.WriteFile(out, md.Bytes(), 0o644); err != nil {
		return err
	}
	var svg bytes.Buffer
	writeChart(&svg, r.chartPanels())
	return os.WriteFile(chart, svg.Bytes(), 0o644)
}

// fillEnv describes the machine; anything it cannot find reads "unknown".
func fillEnv(e *env) {
	e.cpu = "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		info := map[string]string{}
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok {
				if k = strings.TrimSpace(k); info[k] == "" {
					info[k] = strings.TrimSpace(v)
				}
			}
		}
		var flags []string
		for _, f := range strings.Fields(info["flags"]) {
			switch f {
			case "aes", "sha_ni", "avx2", "avx512f", "bmi2", "adx", "hypervisor":
				flags = append(flags, f)
			}
		}
		e.cpu = fmt.Sprintf("%s (family %s, model %s; %s)", info["model name"], info["cpu family"], info["model"], strings.Join(flags, " "))
	}
	e.cores = fmt.Sprintf("%d (GOMAXPROCS %d)", runtime.NumCPU(), runtime.GOMAXPROCS(0))
	e.kernel = "unknown"
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		e.kernel = "Linux " + strings.TrimSpace(string(b))
	}
	e.goVersion = runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
	e.openssl = strings.TrimSpace(output("openssl", "version"))
	if e.openssl == "" {
		e.openssl = "not installed"
	}
	for _, m := range strings.Split(strings.TrimSpace(output("go", "list", "-m", "-f", "{{.Path}} {{.Version}}{{with .Replace}} => {{.Path}}{{end}}", "all")), "\n") {
		for _, want := range []string{"github.com/gotickets/tickets ", "securecookie", "fernet-go", "go-paseto", "golang-jwt/jwt/v5", "filippo.io/bigmod", "klauspost/compress", "msgpack/v5", "golang.org/x/crypto"} {
			if strings.Contains(m, want) {
				e.modules = append(e.modules, m)
				break
			}
		}
	}
	e.opensslBits = map[int]int{}
	for _, g := range dhGroups {
		// The longest of a few keys: a random exponent's top bits may be
		// zero.
		for range 5 {
			e.opensslBits[g.bits] = max(e.opensslBits[g.bits], opensslExponentBits(g.name))
		}
	}
}

func output(name string, args ...string) string {
	b, err := exec.Command(name, args...).Output()
	if err != nil {
		return ""
	}
	return string(b)
}

// opensslExponentBits makes a key the way `openssl speed` does (OpenSSL's
// defaults for the named group) and returns the bit length of its private
// exponent, or 0 when that fails.
func opensslExponentBits(group string) int {
	gen := exec.Command("openssl", "genpkey", "-algorithm", "DH", "-pkeyopt", "group:"+group)
	pem, err := gen.Output()
	if err != nil {
		return 0
	}
	text := exec.Command("openssl", "pkey", "-text", "-noout")
	text.Stdin = bytes.NewReader(pem)
	b, err := text.Output()
	if err != nil {
		return 0
	}
	var hex strings.Builder
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "private-key:"):
			in = true
		case in && strings.HasPrefix(line, " "):
			hex.WriteString(strings.NewReplacer(":", "", " ", "").Replace(line))
		case in:
			in = false
		}
	}
	x, ok := new(big.Int).SetString(hex.String(), 16)
	if !ok {
		return 0
	}
	return x.BitLen()
}
