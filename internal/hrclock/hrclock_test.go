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
	// the test; two of the wall clock's own steps more, one at each end
	// (under a µs on Linux, up to 15.6 ms on Windows, where time.Now moves
	// once per timer interrupt; 0.25–1.5 ms under Wine).
	slack := 2*wallStep() + time.Millisecond
	w0, a, w1 := time.Now(), Now(), time.Now()
	time.Sleep(200 * time.Millisecond) // the wall clock is what this clock is compared with: real time has to pass
	w2, b, w3 := time.Now(), Now(), time.Now()
	got, least, most := b.Sub(a), w2.Sub(w1), w3.Sub(w0)
	if got < least-slack || got > most+slack {
		t.Fatalf("the clock advanced %v while the wall clock advanced %v to %v (allowed ±%v)", got, least, most, slack)
	}
}

// wallStep is the largest step of time.Now over twenty changes (the first
// may be partial: it starts anywhere between two).
func wallStep() time.Duration {
	var step time.Duration
	prev := time.Now()
	for range 20 {
		now := time.Now()
		for !now.After(prev) {
			now = time.Now()
		}
		if d := now.Sub(prev); d > step {
			step = d
		}
		prev = now
	}
	return step
}
