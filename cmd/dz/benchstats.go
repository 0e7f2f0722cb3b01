package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"time"
)

// benchResult is what the load driver measured: latencies of successful
// decisions and a count of each kind of failure.
type benchResult struct {
	ok        int
	latencies []time.Duration
	errors    map[string]int
	elapsed   time.Duration
}

func newBenchResult() *benchResult { return &benchResult{errors: map[string]int{}} }

func (r *benchResult) add(d time.Duration) {
	r.ok++
	r.latencies = append(r.latencies, d)
}

// fail counts a failure; past 20 kinds, new ones count as "other".
func (r *benchResult) fail(kind string) {
	if _, seen := r.errors[kind]; !seen && len(r.errors) >= 20 {
		kind = "other"
	}
	r.errors[kind]++
}

func (r *benchResult) merge(o *benchResult) {
	r.ok += o.ok
	r.latencies = append(r.latencies, o.latencies...)
	for k, n := range o.errors {
		r.errors[k] += n
	}
}

// failed is the number of failed requests of every kind.
func (r *benchResult) failed() int {
	n := 0
	for _, c := range r.errors {
		n += c
	}
	return n
}

// percentile returns the nearest-rank p-th percentile (0 < p ≤ 100) of
// sorted, or 0 when it is empty.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(float64(len(sorted))*p/100+0.999999) - 1
	return sorted[max(0, min(rank, len(sorted)-1))]
}

// print writes the report.
func (r *benchResult) print(w io.Writer) {
	slices.Sort(r.latencies)
	secs := r.elapsed.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(r.ok) / secs
	}
	fmt.Fprintf(w, "decisions   %d ok, %d failed in %.1f s\n", r.ok, r.failed(), secs)
	fmt.Fprintf(w, "throughput  %.0f decisions/s\n", rate)
	fmt.Fprintf(w, "latency     p50 %s  p90 %s  p99 %s  max %s\n", ms(percentile(r.latencies, 50)),
		ms(percentile(r.latencies, 90)), ms(percentile(r.latencies, 99)), ms(percentile(r.latencies, 100)))
	for _, k := range slices.Sorted(maps.Keys(r.errors)) {
		fmt.Fprintf(w, "error       %6d × %s\n", r.errors[k], k)
	}
}

// ms formats a duration in milliseconds with two decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.2fms", float64(d)/float64(time.Millisecond)) }
