package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
)

// The frame clock updates on the first tick after it is asked, at most
// every `every` ticks during a burst, and stops after a quiet half second;
// asked again, it starts again.
func TestFrameClockCapsUpdatesAndRests(t *testing.T) {
	test.NewTempApp(t)
	fresh := false
	var updates []int
	var c *frameClock
	c = newFrameClock(2, func(asked bool) bool {
		was := fresh
		fresh = false
		if was || asked {
			updates = append(updates, c.n)
		}
		return was
	})
	c.mark()
	pumpUI() // Start: Fyne's test driver ticks a started animation once
	if len(updates) != 1 || !c.running.Load() {
		t.Fatalf("after mark: updates at ticks %v, running %v", updates, c.running.Load())
	}
	// a burst: a new message before every tick
	for range 6 {
		fresh = true
		c.tick(0)
	}
	// ticks 2..7 with news at each: updates at 3, 5, 7 (every other tick)
	if got := updates[1:]; len(got) != 3 || got[0] != 3 || got[1] != 5 || got[2] != 7 {
		t.Fatalf("burst updates at ticks %v, want [3 5 7]", got)
	}
	// quiet: no update, and the clock stops after clockIdleTicks
	for range clockIdleTicks - 1 {
		c.tick(0)
	}
	if !c.running.Load() {
		t.Fatal("stopped before a quiet half second")
	}
	c.tick(0)
	if c.running.Load() {
		t.Fatal("still running after a quiet half second")
	}
	if len(updates) != 4 {
		t.Fatalf("updates while quiet: %v", updates)
	}
	// from rest, the first tick updates at once
	fresh = true
	c.mark()
	pumpUI()
	if len(updates) != 5 || !c.running.Load() {
		t.Fatalf("from rest: updates %v, running %v", updates, c.running.Load())
	}
}
