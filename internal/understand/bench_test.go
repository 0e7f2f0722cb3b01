//go:build unix

package understand

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time so far. Benchmarks report it
// per operation next to wall time, since a shared machine inflates the latter.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// typical is a 500-character escalation: the founding scenario with a
// signature and a quoted reply.
const typical = `Hi, we're a 14-month customer on Operator and our renewal is in three weeks.
Your outage last Tuesday (6 hours!) killed our product launch. We were charged $290
46 days ago and I know that's outside your 30-day window, but I want a refund. Not a
credit. Seriously considering not renewing.

Best regards,
Dana Whitfield
dana@orbitfreight.com

> On Mon, Mar 16, 2026 at 9:12 AM Support <support@relayhq.com> wrote:
> Refunds are only available within 30 days of the charge.`

func BenchmarkAnalyze(b *testing.B) {
	at := time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC)
	a := New(nil)
	b.SetBytes(int64(len(typical)))
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		a.Analyze(typical, "", at, time.UTC)
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}

func BenchmarkAnalyzeWithData(b *testing.B) {
	at := time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC)
	a := New(nil)
	data := "Customer (Mar 12): Our app was down for 5 hours on March 10 and we'd like the SLA credit.\nAgent (Mar 12): Thanks, passed to billing."
	b.ReportAllocs()
	start := cpuTime(b)
	for b.Loop() {
		a.Analyze(typical, data, at, time.UTC)
	}
	b.ReportMetric(float64(cpuTime(b)-start)/float64(b.N), "cpu-ns/op")
}
