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
	// Each reading of this clock is bracketed by two of the wall clock, so
	// a preemption between readings widens the bracket instead of failing
	// the test; 1 ms more for the wall clock's own step.
	w0, a, w1 := time.Now(), Now(), time.Now()
	time.Sleep(50 * time.Millisecond) // the wall clock is what this clock is compared with: real time has to pass
	w2, b, w3 := time.Now(), Now(), time.Now()
	got, least, most := b.Sub(a), w2.Sub(w1), w3.Sub(w0)
	if got < least-time.Millisecond || got > most+time.Millisecond {
		t.Fatalf("the clock advanced %v while the wall clock advanced %v to %v", got, least, most)
	}
}
