package ui

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"benchtop/devices/known"
	"benchtop/devices/midi"
	"benchtop/ui/keytopixel"
)

const (
	// heavyInterval: the heavy parts — log rows, statistics, the meters'
	// text, the charts: new strings, new textures — change at most 5
	// times a second.
	heavyInterval = 200 * time.Millisecond
	// heavyGrace: once due while messages are arriving, the heavy parts
	// wait up to this long for a frame that carries a key, and ride in it.
	// Under a software renderer a frame's fixed cost (rasterising and
	// presenting the whole window: 12-15 ms here, where the changes cost
	// 1-3) dwarfs what changed; a frame of their own kept the UI thread
	// busy for another whole frame, and a key arriving meanwhile waited for
	// it: measured, the Live tab painted 30-40 frames a second for 23
	// messages, and its key-to-pixel p99 was that of the missed ticks.
	heavyGrace = 100 * time.Millisecond
	// liveClockFallback: a driver whose clock has not ticked this long
	// after a change (Fyne's test driver never does) gets the update
	// from the refresh loop instead.
	liveClockFallback = 100 * time.Millisecond
)

// liveTab shows what a keyboard plays. Every source (ports, the screen
// keyboard, a file) feeds one pipeline. On Fyne's draw tick after a
// message, the keys and the meters' bars take it (a cheap read, a few
// rectangles recoloured or resized): they are painted in that very frame,
// the first the toolkit paints. The heavy parts follow on their own
// throttle, in a frame that carries a key when keys are coming (see
// heavyGrace), so that a stream costs one frame per tick it lands in and
// no more. All of it only
// while the tab is shown; at rest nothing wakes but a once-a-second look
// while notes are held.
type liveTab struct {
	w      *window
	pipe   *midi.Pipeline
	keys   *liveKeyboard
	ports  *livePorts
	log    *liveLog
	side   *liveSide
	replay *liveReplay
	rt     *liveRoundTrip
	send   *liveSend
	probe  *keytopixel.Probe

	clock *frameClock
	k     midi.Keys // the last read; UI goroutine
	// the heavy parts (log, side panel, charts), together; UI goroutine
	pending   bool      // news they have not shown
	heavyAt   time.Time // when they last changed
	lastFresh time.Time // when a frame last carried a key

	installMu sync.Mutex
	installs  []func() // rendered charts waiting for the heavy parts' frame

	shown   atomic.Bool
	catchUp atomic.Bool   // hidden: the next read holds what came meanwhile, not timed
	busy    atomic.Bool   // notes held or messages in the last second
	due     atomic.Bool   // a look again for held-back heavy parts is scheduled
	looks   atomic.Int64  // once-a-second ticks seen (tests wait on them)
	wake    chan struct{} // shown again, or a chart rendered: draw it
}

func buildLiveTab(w *window) fyne.CanvasObject {
	t := &liveTab{w: w, pipe: midi.NewPipeline(5000), wake: make(chan struct{}, 1)}
	w.tab.live = t
	t.keys = newLiveKeyboard(t.pipe)
	t.probe = keytopixel.NewProbe()
	t.clock = newFrameClock(1, t.frame)
	t.side = newLiveSide(w, t.probe)
	t.side.gaps.install, t.side.tempo.install = t.queueInstall, t.queueInstall
	t.log = newLiveLog(w, t.pipe)
	t.replay = newLiveReplay(w, t.pipe)
	t.rt = newLiveRoundTrip(w, w.opts.MIDI)
	t.send = newLiveSend(w, w.opts.MIDI, t.pipe)
	t.ports = newLivePorts(w, w.opts.MIDI, t.pipe, func(c *known.Card) {
		t.keys.setCard(c)
		t.side.setCard(c)
	}, func(ins, outs []string) { t.rt.setPorts(ins, outs); t.send.setOutputs(outs) })
	t.ports.rescan()

	monitor := container.NewHSplit(t.log.view(), t.side.view())
	monitor.Offset = 0.62
	tabs := container.NewAppTabs(newTabItem("Monitor", monitor), newTabItem("Round-trip latency", t.rt.view()),
		newTabItem("Send SysEx", t.send.view()))
	top := container.NewVBox(t.ports.view(), t.replay.view(), t.keys.view())

	ctx, cancel := context.WithCancel(context.Background())
	w.stopOnQuit(cancel)
	w.stopOnQuit(t.ports.stopAll)
	w.stopOnQuit(t.replay.stop)
	w.onShown(TabLive, func(shown bool) {
		t.shown.Store(shown)
		if !shown {
			t.catchUp.Store(true)
		}
		if shown {
			select {
			case t.wake <- struct{}{}:
			default:
			}
		}
	})
	go t.refreshLoop(ctx)
	if w.opts.BenchMIDI != "" {
		go t.bench(ctx, w.opts.BenchMIDI)
	}
	return t.probe.Over(container.NewBorder(top, nil, nil, nil, tabs))
}

// refreshLoop asks for a frame when the pipeline changed, when the tab is
// shown again, and once a second while notes are held or messages are
// arriving (messages/s, stuck notes); the frame clock makes the update.
func (t *liveTab) refreshLoop(ctx context.Context) {
	second := time.NewTicker(time.Second)
	defer second.Stop()
	fallback := time.NewTimer(0)
	<-fallback.C
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.pipe.Changes():
		case <-t.wake:
		case <-second.C:
			t.looks.Add(1)
			if !t.busy.Load() {
				continue
			}
		}
		if !t.shown.Load() {
			continue // drawn in full when shown again
		}
		ticks := t.clock.ticked()
		t.clock.mark()
		// while the clock runs it picks up new messages by itself: this
		// loop only has to see that it does
		fallback.Reset(liveClockFallback)
		select {
		case <-ctx.Done():
			return
		case <-fallback.C:
		}
		if t.clock.ticked() == ticks {
			doUI(func() { t.frame(true) })
		}
	}
}

// frame runs on every tick of the frame clock (UI goroutine): what it
// changes is painted in this frame. It reports whether a message came.
// asked: something changed besides messages (a filter, the tab shown
// again, the once-a-second look, a rendered chart).
func (t *liveTab) frame(asked bool) bool {
	if !t.shown.Load() {
		return false
	}
	catchUp := t.catchUp.Swap(false) // this read holds what came while the tab was hidden
	fresh := t.pipe.ReadKeys(&t.k)
	if fresh {
		t.lastFresh = time.Now()
		t.keys.show(&t.k)
		t.side.showMeters(&t.k)
		if !catchUp {
			t.probe.Expect(t.k.Arrived...)
		}
	}
	t.pending = t.pending || fresh || asked || t.installsWaiting()
	if t.pending && t.heavyWait(fresh) == 0 {
		t.heavyAt = time.Now()
		t.pending = false
		t.showLog()
		t.showSide()
		t.runInstalls()
	}
	if t.pending && t.due.CompareAndSwap(false, true) {
		// more to show: look again when it may be, should no key come
		time.AfterFunc(t.heavyWait(false), func() { t.due.Store(false); doUI(func() { t.frame(false) }) })
	}
	return fresh
}

// heavyWait is how long until the heavy parts may change (0: now): at
// most every heavyInterval; then at once in a frame that carries a key,
// or, while keys are coming, after up to heavyGrace more for one; at once
// when none are.
func (t *liveTab) heavyWait(fresh bool) time.Duration {
	since := time.Since(t.heavyAt)
	switch {
	case since < heavyInterval:
		return heavyInterval - since
	case fresh:
		return 0
	case time.Since(t.lastFresh) < heavyGrace && since < heavyInterval+heavyGrace:
		return heavyInterval + heavyGrace - since
	}
	return 0
}

// queueInstall holds a rendered chart for the heavy parts' next frame
// (chartView.install). Any goroutine.
func (t *liveTab) queueInstall(apply func()) {
	t.installMu.Lock()
	t.installs = append(t.installs, apply)
	t.installMu.Unlock()
	select { // the refresh loop asks for a frame (the clock's, or its own)
	case t.wake <- struct{}{}:
	default:
	}
}

func (t *liveTab) installsWaiting() bool {
	t.installMu.Lock()
	defer t.installMu.Unlock()
	return len(t.installs) > 0
}

// runInstalls puts the rendered charts on screen. UI goroutine.
func (t *liveTab) runInstalls() {
	t.installMu.Lock()
	todo := t.installs
	t.installs = nil
	t.installMu.Unlock()
	for _, apply := range todo {
		apply()
	}
}

// showLog takes the log's new rows (the heaviest part: every visible cell
// a new text when it scrolls). UI goroutine.
func (t *liveTab) showLog() {
	if t.log.takes() {
		t.log.show(t.pipe.Snapshot(t.log.filter()))
	}
}

// showSide updates the statistics, the meters' text, the charts and the
// replay's position. UI goroutine.
func (t *liveTab) showSide() {
	v := t.pipe.Snapshot(midi.Filter{Last: 1})
	t.busy.Store(len(v.Model.Held) > 0 || v.Rate > 0)
	t.side.show(v)
	t.replay.show()
	if gaps := t.side.gapsChanged(v.GapsUS); gaps != nil {
		t.side.gaps.SetChart(gaps)
	}
	if tempo := t.side.tempoChanged(v.TempoPoints, t.pipe.TempoHistory); tempo != nil {
		t.side.tempo.SetChart(tempo)
	}
}

// bench feeds the pipeline a stream of note messages ("RATE,SECONDS",
// BENCHTOP_BENCH_MIDI) once the tab shows, prints the key-to-pixel line
// and quits (make bench-gui). ",direct" bypasses the pipeline and every
// other part: each message only recolours its key, on the draw tick as the
// tab does — the floor of this window, what Fyne's repaint of its content
// costs apart from Benchtop's work.
func (t *liveTab) bench(ctx context.Context, spec string) {
	s, err := keytopixel.ParseStream(spec)
	if err != nil {
		fmt.Fprintln(os.Stderr, "BENCHTOP_BENCH_MIDI:", err)
		return
	}
	for !t.shown.Load() {
		select {
		case <-ctx.Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
	send := func(i int) {
		note := byte(48 + i/2%24)
		if i%2 == 0 {
			t.pipe.Push("bench", []byte{0x90, note, 100})
		} else {
			t.pipe.Push("bench", []byte{0x80, note, 0})
		}
	}
	if s.Direct {
		send = t.directKeys()
	}
	if keytopixel.Bench(ctx, s, t.probe, send, os.Stderr) != nil {
		return // cancelled: the window is closing
	}
	doUI(func() { t.w.App.Quit() })
}

// directKeys is the bench's send for ",direct": the i-th message lights or
// clears one key on the next draw tick (a clock of its own), nothing else.
func (t *liveTab) directKeys() func(i int) {
	type msg struct {
		i  int
		at time.Time
	}
	var mu sync.Mutex
	var queue, taken []msg
	clock := newFrameClock(1, func(bool) bool {
		mu.Lock()
		queue, taken = taken[:0], queue
		mu.Unlock()
		for _, m := range taken {
			t.keys.piano.setKey(48+m.i/2%24, 100*(1-m.i%2))
			t.probe.Expect(m.at)
		}
		return len(taken) > 0
	})
	return func(i int) {
		mu.Lock()
		queue = append(queue, msg{i, time.Now()})
		mu.Unlock()
		clock.mark()
	}
}
