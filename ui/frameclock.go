package ui

import (
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
)

// frameClock runs a view's update on Fyne's draw tick, right before the
// frame is painted, so what the update shows is on screen in that very
// frame. Fyne's driver paints dirty windows only on its 60 Hz tick; an
// update made at any other moment waits for the next tick, on top of its
// own throttle (the two stacked made key to pixel p99 about two frames
// worse). The clock is a Fyne animation that draws nothing itself: it runs
// while there is work and stops after a quiet half second, so a window at
// rest has no clock running.
type frameClock struct {
	anim   *fyne.Animation
	update func(asked bool) bool // UI goroutine; false: nothing new
	every  int                   // ticks per update: 2 caps updates at 30 Hz

	running atomic.Bool
	dirty   atomic.Bool  // work was asked for since the last update
	ticks   atomic.Int64 // ticks seen, for the fallback
	n, last int          // ticks, and the tick of the last update; UI goroutine
}

// clockIdleTicks: ticks without news before the clock stops (half a second).
const clockIdleTicks = 30

func newFrameClock(every int, update func(asked bool) bool) *frameClock {
	c := &frameClock{update: update, every: every}
	c.anim = &fyne.Animation{Duration: time.Second, RepeatCount: fyne.AnimationRepeatForever, Tick: c.tick}
	return c
}

// mark asks for an update on the next tick the cap allows. Any goroutine.
func (c *frameClock) mark() {
	c.dirty.Store(true)
	if c.running.CompareAndSwap(false, true) {
		doUI(func() {
			c.n, c.last = 0, -c.every
			c.anim.Start()
		})
	}
}

// ticked reports how many ticks the clock has seen: a driver that does
// not tick animations (Fyne's test driver ticks once) leaves it still.
func (c *frameClock) ticked() int64 { return c.ticks.Load() }

func (c *frameClock) tick(float32) {
	c.ticks.Add(1)
	c.n++
	if c.n-c.last < c.every {
		return // the cap: at most one update every `every` ticks
	}
	asked := c.dirty.Swap(false)
	if c.update(asked) || asked {
		c.last = c.n
		return
	}
	if c.n-c.last < clockIdleTicks {
		return
	}
	c.anim.Stop()
	c.running.Store(false)
	if c.dirty.Load() { // asked for while stopping
		c.mark()
	}
}
