package bench

import (
	"testing"

	"golang.org/x/sys/unix"
)

// cpuNow is the CPU time the process has used, in ns, from
// CLOCK_PROCESS_CPUTIME_ID: all threads, so the garbage collector's work
// for a benchmark's allocations counts too.
func cpuNow(tb testing.TB) int64 {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts); err != nil {
		tb.Fatal(err)
	}
	return ts.Nano()
}

// withCPU runs a benchmark's timed loop and reports the CPU time per
// operation next to ns/op (wall time). On a shared machine wall time also
// counts the time a benchmark waits for a core; CPU time does not, which is
// what makes ratios between benchmarks run minutes apart comparable, and
// comparable with `openssl speed`, which reports user CPU time too.
func withCPU(b *testing.B, loop func()) {
	start := cpuNow(b)
	loop()
	if b.N > 0 {
		b.ReportMetric(float64(cpuNow(b)-start)/float64(b.N), "cpu-ns/op")
	}
}
