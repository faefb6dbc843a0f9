#!/usr/bin/env bash
# Runs every benchmark of issue 7 (tickets vs floors, peers and OpenSSL) six
# times, interleaved, and writes BENCHMARKS.md, bench/chart.svg and
# bench/results/ from that one run. Takes about 12 minutes on 2 cores.
#
# Usage: bench/run.sh [--worktree | --report-only]   (BENCH_ROUNDS=1 for a quick look)
#
# By default it measures the committed tickets code (HEAD, exported with git
# archive) with the bench module as it is in the work tree, so that
# uncommitted edits elsewhere in the repository cannot leak into the
# figures. --worktree measures the work tree as it is. --report-only rewrites
# BENCHMARKS.md and the chart from the results of the last run (after editing
# bench/notes/ or cmd/report), without measuring anything.
set -euo pipefail

bench_dir=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$bench_dir/.." && pwd)
rounds=${BENCH_ROUNDS:-6} # fewer for a quick look; the report is only meaningful at 6
mode=head
case "${1:-}" in
--worktree) mode=worktree ;;
--report-only) mode=report ;;
"") ;;
*)
	echo "usage: $0 [--worktree | --report-only]" >&2
	exit 2
	;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
results="$bench_dir/results"
commands="$results/commands.txt"

note() { printf '=== %s (%s)\n' "$*" "$(date -u +%T)" >&2; }

report() {
	# shellcheck source=/dev/null
	. "$results/meta.sh"
	note "writing BENCHMARKS.md and chart.svg"
	(cd "$bench_dir" && go run ./cmd/report \
		-results "$results/raw.txt" -openssl "$results/openssl.txt" -limbs "$results/openssl-limbs.txt" \
		-profiles "$results/profiles" -notes "$bench_dir/notes" -commands "$commands" \
		-out "$repo/BENCHMARKS.md" -chart "$bench_dir/chart.svg" \
		-commit "$commit" -started "$started" -duration "$duration")
}

if [ "$mode" = report ]; then
	report
	exit 0
fi

rm -rf "$results"
mkdir -p "$results/profiles"
started=$(date -u '+%Y-%m-%d %H:%M UTC')
t0=$(date +%s)

# benchstat: use the one on PATH, or install it into a temporary GOBIN.
benchstat=$(command -v benchstat || true)
if [ -z "$benchstat" ]; then
	note "installing benchstat into a temporary GOBIN"
	GOBIN="$work/bin" go install golang.org/x/perf/cmd/benchstat@latest
	benchstat="$work/bin/benchstat"
fi

# The tree to measure.
if [ "$mode" = head ]; then
	src="$work/src"
	mkdir -p "$src"
	git -C "$repo" archive HEAD | tar -x -C "$src"
	rm -rf "$src/bench"
	mkdir -p "$src/bench"
	(cd "$bench_dir" && tar -c --exclude=./results .) | tar -x -C "$src/bench"
	commit="$(git -C "$repo" rev-parse --short HEAD) (committed tree)"
else
	src="$repo"
	commit="$(git -C "$repo" rev-parse --short HEAD) + uncommitted work tree"
fi

note "building the benchmark binary ($mode)"
(cd "$src/bench" && go test -c -o "$work/bench.test" .)
if [ "$mode" = head ]; then
	echo "git archive HEAD | tar -x -C \$tree   # tickets at $commit, with this bench/ copied over it" >>"$commands"
	echo "cd \$tree/bench && go test -c -o bench.test ." >>"$commands"
else
	echo "cd bench && go test -c -o bench.test .   # tickets at $commit" >>"$commands"
fi

# The benchmark groups: name regexp and -benchtime, or "openssl" for
# `openssl speed`, right after our DH benchmarks. Every group runs once per
# round, so each ratio's two sides are never more than a round apart.
groups=(
	'^Benchmark(Create|Validate)$ 500ms'
	'^BenchmarkValidateGoroutines$ 2s'
	'^Benchmark(SharedSecret|GenerateKey|NewPublicKey)$ 1s'
	'openssl'
	'^BenchmarkHandshake$ 2s'
	'^BenchmarkAuthtktValidate$ 500ms'
	'^BenchmarkZipBomb$ 5x'
	'^BenchmarkHostileMsgpack$ 2000x'
)
ssl_cmd=(openssl speed -seconds 2 ffdh2048 ffdh3072 ffdh4096)
echo "for round in 1..$rounds:" >>"$commands"
for g in "${groups[@]}"; do
	set -- $g
	if [ "$1" = openssl ]; then
		echo "    ${ssl_cmd[*]} >>results/openssl.txt" >>"$commands"
	else
		echo "    ./bench.test -test.run '^\$' -test.bench '$1' -test.benchtime $2 -test.count 1 >>results/raw.txt" >>"$commands"
	fi
done

for round in $(seq "$rounds"); do
	for g in "${groups[@]}"; do
		set -- $g
		note "round $round/$rounds: $1"
		if [ "$1" = openssl ]; then
			if command -v openssl >/dev/null; then
				"${ssl_cmd[@]}" >>"$results/openssl.txt" 2>/dev/null || note "WARNING: openssl speed failed in round $round"
			fi
			continue
		fi
		(cd "$src/bench" && "$work/bench.test" -test.run '^$' -test.bench "$1" -test.benchtime "$2" -test.count 1) \
			>>"$results/raw.txt" || note "WARNING: $1 failed in round $round (see results/raw.txt)"
	done
done

# What OpenSSL's exponentiation costs per exponent length (the dh section's
# "equal work" rests on it). Needs python3-cryptography; skipped loudly.
if python3 -c 'import cryptography' 2>/dev/null; then
	note "openssl_limbs.py"
	python3 "$bench_dir/openssl_limbs.py" >"$results/openssl-limbs.txt" || note "WARNING: openssl_limbs.py failed"
	echo "python3 openssl_limbs.py >results/openssl-limbs.txt" >>"$commands"
else
	note "SKIPPED openssl_limbs.py: python3 with the cryptography package is not installed (apt-get install python3-cryptography)"
fi

note "benchstat"
"$benchstat" "$results/raw.txt" >"$results/benchstat.txt"
echo "benchstat results/raw.txt >results/benchstat.txt" >>"$commands"

# CPU profiles of our side of every goal, for the misses.
profiles=(
	'validate-38B-ours ^BenchmarkValidate$/^38B$/^ours$'
	'validate-goroutines-ours ^BenchmarkValidateGoroutines$/^ours$/^g=2$'
	'validate-1KiB-ours ^BenchmarkValidate$/^1KiB$/^ours$'
	'create-38B-ours ^BenchmarkCreate$/^38B$/^ours$'
	'create-1KiB-ours ^BenchmarkCreate$/^1KiB$/^ours$'
	'validate-38B-ours-encrypted ^BenchmarkValidate$/^38B$/^ours-encrypted$'
	'create-38B-ours-encrypted ^BenchmarkCreate$/^38B$/^ours-encrypted$'
	'sharedsecret-ffdhe2048 ^BenchmarkSharedSecret$/^ffdhe2048$/^ours$'
	'sharedsecret-ffdhe3072 ^BenchmarkSharedSecret$/^ffdhe3072$/^ours$'
	'sharedsecret-ffdhe4096 ^BenchmarkSharedSecret$/^ffdhe4096$/^ours$'
	'newpublickey-ffdhe2048 ^BenchmarkNewPublicKey$/^ffdhe2048$/^ours$'
	'newpublickey-ffdhe3072 ^BenchmarkNewPublicKey$/^ffdhe3072$/^ours$'
	'newpublickey-ffdhe4096 ^BenchmarkNewPublicKey$/^ffdhe4096$/^ours$'
	'handshake ^BenchmarkHandshake$/^ffdhe2048$'
	'authtkt-sha256 ^BenchmarkAuthtktValidate$/^sha256$/^ours$'
)
for p in "${profiles[@]}"; do
	set -- $p
	note "profile $1"
	(cd "$src/bench" && "$work/bench.test" -test.run '^$' -test.bench "$2" -test.benchtime 3s \
		-test.cpuprofile "$work/$1.prof") >"$work/$1.out" 2>&1 || true
	if grep -q '^Benchmark' "$work/$1.out"; then
		go tool pprof -top -nodecount=25 "$work/bench.test" "$work/$1.prof" >"$results/profiles/$1.txt" 2>/dev/null || true
		go tool pprof -top -cum -nodecount=30 "$work/bench.test" "$work/$1.prof" >"$results/profiles/$1.cum.txt" 2>/dev/null || true
	fi
done
echo "./bench.test -test.run '^\$' -test.bench <one benchmark> -test.benchtime 3s -test.cpuprofile NAME.prof && go tool pprof -top [-cum] bench.test NAME.prof   # one per goal" >>"$commands"

elapsed=$(($(date +%s) - t0))
echo "go run ./cmd/report ...   # writes BENCHMARKS.md and bench/chart.svg from results/" >>"$commands"
printf 'commit=%q\nstarted=%q\nduration=%q\n' "$commit" "$started" "$((elapsed / 60)) min $((elapsed % 60)) s" >"$results/meta.sh"
report
note "done in $((($(date +%s) - t0) / 60)) min: BENCHMARKS.md, bench/chart.svg, bench/results/"
