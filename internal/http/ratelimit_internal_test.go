package http

import (
	"fmt"
	"testing"
	"time"
)

// TestLimiterForgetsQuietKeys: buckets of keys that went quiet are dropped,
// so a flood of made-up keys costs memory for a minute at most.
func TestLimiterForgetsQuietKeys(t *testing.T) {
	now := time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)
	l := newLimiter(RateLimit{PerSecond: 10, Burst: 5, Clock: func() time.Time { return now }})
	for i := range 1000 {
		l.allow(fmt.Sprintf("key-%d", i))
	}
	for range 5 {
		l.allow("busy")
	}
	if len(l.buckets) != 1001 {
		t.Fatalf("%d buckets, want 1001", len(l.buckets))
	}
	now = now.Add(30 * time.Second) // every bucket refilled, but no sweep yet
	l.allow("busy")
	if len(l.buckets) != 1001 {
		t.Fatalf("swept after 30 s: %d buckets", len(l.buckets))
	}
	now = now.Add(31 * time.Second)
	if ok, _ := l.allow("busy"); !ok {
		t.Fatal("a refilled key was refused")
	}
	if len(l.buckets) != 1 {
		t.Errorf("%d buckets after a minute, want only the key in use", len(l.buckets))
	}
}

func TestLimiterClockStepsBack(t *testing.T) {
	now := time.Date(2026, 11, 16, 15, 0, 0, 0, time.UTC)
	l := newLimiter(RateLimit{PerSecond: 1, Burst: 1, Clock: func() time.Time { return now }})
	l.allow("k")
	now = now.Add(-time.Hour)
	if ok, wait := l.allow("k"); ok || wait <= 0 {
		t.Errorf("a clock stepping back refilled the bucket: ok=%v wait=%v", ok, wait)
	}
}
