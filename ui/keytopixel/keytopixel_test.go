package keytopixel

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
)

func TestParseStream(t *testing.T) {
	for in, want := range map[string]Stream{
		"23,8":        {Rate: 23, Seconds: 8},
		" 1000,10 ":   {Rate: 1000, Seconds: 10},
		"23,8,direct": {Rate: 23, Seconds: 8, Direct: true},
		"20000,600":   {Rate: 20000, Seconds: 600},
		"1,1,direct":  {Rate: 1, Seconds: 1, Direct: true},
	} {
		if got, err := ParseStream(in); err != nil || got != want {
			t.Errorf("%q: %+v, %v; want %+v", in, got, err, want)
		}
	}
	for in, msg := range map[string]string{
		"":             "want RATE,SECONDS",
		"23":           "want RATE,SECONDS",
		"23,8xyz":      "want RATE,SECONDS",
		"23,8,fast":    "want RATE,SECONDS",
		"a,b":          "want RATE,SECONDS",
		"0,8":          `"0,8": the rate must be between 1 and 20,000, got 0`,
		"23,0":         "the duration in seconds must be between 1 and 600, got 0",
		"20001,1":      "the rate must be between 1 and 20,000",
		"23,8,direct,": "want RATE,SECONDS",
	} {
		if _, err := ParseStream(in); err == nil || !strings.Contains(err.Error(), msg) {
			t.Errorf("%q: %v, want %q", in, err, msg)
		}
	}
}

// The stamp is the paint's: an input expected 5 ms before the generator
// runs is recorded as at least 5 ms; nothing is recorded before a paint.
func TestProbeStampsAtPaint(t *testing.T) {
	test.NewTempApp(t)
	p := NewProbe()
	if p.Line() != "" {
		t.Fatal("a line before any input")
	}
	at := time.Now()
	p.Expect(at, at.Add(time.Millisecond))
	p.Expect() // nothing new: no refresh, nothing pending added
	if p.Pending() != 2 || p.Summary().Count != 0 {
		t.Fatalf("pending %d, recorded %d", p.Pending(), p.Summary().Count)
	}
	for time.Since(at) < 5*time.Millisecond { // real time: the probe stamps its paint with the clock
		time.Sleep(time.Millisecond)
	}
	p.paint(1, 1)
	s := p.Summary()
	if s.Count != 2 || s.MinUS < 4000 || s.MaxUS < 5000 || p.Pending() != 0 {
		t.Fatalf("after the paint: %+v, pending %d", s, p.Pending())
	}
	if !regexp.MustCompile(`^key → pixel: p50 [0-9.]+ ms, p99 [0-9.]+ ms, max [0-9.]+ ms \(2 messages\)$`).MatchString(p.Line()) {
		t.Fatalf("line %q", p.Line())
	}
	// Over draws the probe last, 1×1 at the top left
	c := p.Over(canvas.NewRectangle(nil)).(*fyne.Container)
	last := c.Objects[len(c.Objects)-1].(*fyne.Container)
	if last.Objects[0] != p.Raster || p.Raster.Size() != fyne.NewSize(1, 1) {
		t.Fatal("the probe is not the last object drawn")
	}
}

// Bench sends exactly Rate × Seconds messages in order and prints one
// line with the probe's summary and the process's CPU.
func TestBenchSendsTheStream(t *testing.T) {
	test.NewTempApp(t)
	b, a := settleBefore, settleAfter
	settleBefore, settleAfter = 0, 0
	t.Cleanup(func() { settleBefore, settleAfter = b, a })
	p := NewProbe()
	var got []int
	var out bytes.Buffer
	err := Bench(context.Background(), Stream{Rate: 40, Seconds: 1}, p, func(i int) {
		got = append(got, i)
		p.Expect(time.Now())
		p.paint(1, 1)
	}, &out)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 40 || got[0] != 0 || got[39] != 39 {
		t.Fatalf("sent %v", got)
	}
	if !regexp.MustCompile(`^bench: key → pixel: p50 .* \(40 messages\)( · CPU [0-9.]+% of a core)? · stream began [0-9.]+ s after the window showed, at rest\n$`).MatchString(out.String()) {
		t.Fatalf("line %q", out.String())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := Bench(ctx, Stream{Rate: 1, Seconds: 1}, p, func(int) {}, &out); err == nil {
		t.Fatal("a cancelled bench did not say so")
	}
}

// settle waits while the process is busy and ends once it rests.
func TestSettleWaitsForRest(t *testing.T) {
	b, w, m := settleBefore, restWindow, settleMax
	settleBefore, restWindow, settleMax = 0, 50*time.Millisecond, 5*time.Second
	t.Cleanup(func() { settleBefore, restWindow, settleMax = b, w, m })
	if _, ok := cpuTime(); !ok {
		t.Fatal("no CPU time on this system: the bench cannot settle here")
	}
	busyFor := 600 * time.Millisecond
	start := time.Now()
	go func() { // a start-up's work: one core busy
		for time.Since(start) < busyFor {
		}
	}()
	waited, rest, ok := settle(context.Background())
	if !ok || waited < busyFor || rest != "at rest" {
		t.Fatalf("settled (%q) after %v while busy for %v", rest, waited, busyFor)
	}
	if waited >= settleMax {
		t.Fatalf("never came to rest (%v)", waited)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, ok := settle(ctx); ok {
		t.Fatal("a cancelled settle did not say so")
	}
}

// A process busy past settleMax starts the stream anyway, and says so.
func TestSettleGivesUpWhenNeverAtRest(t *testing.T) {
	b, w, m := settleBefore, restWindow, settleMax
	settleBefore, restWindow, settleMax = 0, 50*time.Millisecond, 400*time.Millisecond
	t.Cleanup(func() { settleBefore, restWindow, settleMax = b, w, m })
	var done atomic.Bool
	defer done.Store(true)
	go func() { // busy throughout
		for !done.Load() {
		}
	}()
	waited, rest, ok := settle(context.Background())
	if !ok || rest != "not at rest" || waited < settleMax {
		t.Fatalf("settle: %q after %v (max %v)", rest, waited, settleMax)
	}
}
