package hrclock

import (
	"testing"
	"time"
)

// The smallest step between two readings is well under a millisecond
// (Windows' time.Now: 0.5–15.6 ms), and the clock keeps pace with the
// wall clock over a sleep.
func TestResolutionAndPace(t *testing.T) {
	smallest := time.Hour
	prev := Now()
	for i := 0; i < 200000 && smallest > time.Microsecond; i++ {
		now := Now()
		if d := now.Sub(prev); d > 0 && d < smallest {
			smallest = d
		}
		if now.Before(prev) {
			t.Fatalf("went back: %v then %v", prev, now)
		}
		prev = now
	}
	if smallest > 100*time.Microsecond {
		t.Fatalf("smallest step %v: not a microsecond clock", smallest)
	}
	a, w := Now(), time.Now()
	time.Sleep(50 * time.Millisecond) // a real interval to compare the two clocks over
	got, want := Now().Sub(a), time.Since(w)
	if diff := got - want; diff < -20*time.Millisecond || diff > 20*time.Millisecond {
		t.Fatalf("over %v of wall time the clock advanced %v", want, got)
	}
}
