package midi

import (
	"context"
	"sync"
	"testing"
	"time"
)

// fakeClock is a Clock that moves only when the test says (Advance). Each
// timer the player arms is announced on armed with its duration: the test
// waits on that, not on the wall clock.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
	armed  chan time.Duration
}

type fakeTimer struct {
	at time.Time
	c  chan time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), armed: make(chan time.Duration, 16)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	c.mu.Lock()
	t := &fakeTimer{at: c.now.Add(d), c: make(chan time.Time, 1)}
	c.timers = append(c.timers, t)
	c.fire()
	c.mu.Unlock()
	c.armed <- d
	return t.c, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		for i, x := range c.timers {
			if x == t {
				c.timers = append(c.timers[:i], c.timers[i+1:]...)
				return true
			}
		}
		return false
	}
}

// Advance moves the clock on by d and fires the timers then due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.fire()
}

func (c *fakeClock) fire() {
	kept := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.now) {
			kept = append(kept, t)
		} else {
			t.c <- c.now
		}
	}
	c.timers = kept
}

// nextWait is the duration of the next timer the player arms.
func (c *fakeClock) nextWait(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-c.armed:
		return d
	case <-time.After(10 * time.Second): // a guard against a hang, not a bound
		t.Fatal("the player armed no timer")
		return 0
	}
}

// stepClock is a Clock whose timers fire at once, moving the clock by
// their duration: a whole replay runs without waiting, at exact times.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch, func() bool { return false }
}

func TestPlayerScheduleIsAFunctionOfTimePlayed(t *testing.T) {
	ms := time.Millisecond
	events := []Timed{{0, nil}, {0, nil}, {200 * ms, nil}, {250 * ms, nil}, {10 * time.Second, nil}}
	for _, c := range []struct {
		next     int
		played   time.Duration
		end      int
		wait     time.Duration
		whatCase string
	}{
		{0, 0, 2, 200 * ms, "the start: both messages at 0 are due"},
		{2, 20 * ms, 2, 180 * ms, "early: nothing due"},
		{2, 200 * ms, 3, 50 * ms, "on time"},
		{2, 300 * ms, 4, 9700 * ms, "late: both overdue at once"},
		{4, 10 * time.Second, 5, 0, "the last: nothing left to wait for"},
		{5, time.Hour, 5, 0, "after the end"},
	} {
		end, wait := playerDue(events, c.next, c.played)
		if end != c.end || wait != c.wait {
			t.Errorf("%s: playerDue(next %d, played %v) = %d, %v; want %d, %v", c.whatCase, c.next, c.played, end, wait, c.end, c.wait)
		}
	}
}

func TestPlayerPauseAndStop(t *testing.T) {
	ms := time.Millisecond
	clk := newFakeClock()
	t0 := clk.Now()
	pl := &Player{Clock: clk, Events: []Timed{{0, []byte{0x90, 1, 1}}, {200 * ms, []byte{0x90, 2, 1}}, {10 * time.Second, []byte{0x90, 3, 1}}}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	var due []time.Time
	done := make(chan error, 1)
	go func() {
		done <- pl.Play(ctx, func(_ []byte, at time.Time) { mu.Lock(); due = append(due, at); mu.Unlock() })
	}()
	played := func() []time.Time {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Time(nil), due...)
	}

	if d := clk.nextWait(t); d != 200*ms || len(played()) != 1 || !played()[0].Equal(t0) {
		t.Fatalf("at the start: waits %v with %v played; want 200ms after the first, due at the start", d, played())
	}
	clk.Advance(20 * ms)
	pl.Pause() // at 20 ms, held 300 ms: the second message moves from 200 to 500 ms
	clk.Advance(300 * ms)
	if len(played()) != 1 || !pl.Paused() {
		t.Fatalf("paused: %d played", len(played()))
	}
	pl.Resume()
	if d := clk.nextWait(t); d != 180*ms {
		t.Fatalf("after the pause waits %v, want the 180 ms left", d)
	}
	clk.Advance(180 * ms)
	if d := clk.nextWait(t); d != 9800*ms {
		t.Fatalf("after the second waits %v, want 9.8 s", d)
	}
	if got := played(); len(got) != 2 || got[1].Sub(t0) != 500*ms || pl.Position() != 2 {
		t.Fatalf("played %v, position %d: want the second due at 500 ms", got, pl.Position())
	}
	cancel()
	if err := <-done; err != context.Canceled {
		t.Fatalf("Play returned %v, want context.Canceled", err)
	}
	if n := len(played()); n != 2 || pl.Position() != 2 {
		t.Fatalf("after stop: %d played, position %d", n, pl.Position())
	}
}
