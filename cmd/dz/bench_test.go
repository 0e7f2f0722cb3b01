package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/delegatezero/dz/internal/wsgen"
)

// BenchmarkOpenEngine measures what `dz decide` and `dz serve` pay at start:
// reading, validating and indexing a workspace folder of 10,000 entities,
// 100,000 precedents, 200 policies and 50 playbooks. peak-RSS-MiB is the
// process's resident high-water mark.
func BenchmarkOpenEngine(b *testing.B) {
	dir := b.TempDir()
	if err := wsgen.Write(dir, wsgen.Size{Entities: 10_000, Precedents: 100_000, Policies: 200, Playbooks: 50}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := openEngine(dir); err != nil {
			b.Fatal(err)
		}
	}
	if hwm, ok := peakRSS(); ok {
		b.ReportMetric(hwm/1024, "peak-RSS-MiB")
	}
}

// peakRSS reads VmHWM (KiB) from /proc/self/status on Linux.
func peakRSS() (float64, bool) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return v, err == nil
		}
	}
	return 0, false
}
