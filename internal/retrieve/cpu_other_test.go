//go:build !linux

package retrieve

import "time"

// threadCPU is not measured off Linux; benchmarks then report 0 cpu-ns/op.
func threadCPU() time.Duration { return 0 }
