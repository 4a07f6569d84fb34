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
	// heavyGrace: once due, the heavy parts wait up to this long for a
	// tick without new messages, so that their frame (slower to paint)
	// carries no key; in a burst every tick carries some, and they go.
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
// throttle, in a frame without a new key when there is one. All of it only
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
	// the heavy parts, in two ticks: the log, then the side panel; UI goroutine
	pending  bool      // news the log has not shown
	sideNext bool      // the log took it; the side panel's turn
	heavyAt  time.Time // when a heavy part last changed

	shown   atomic.Bool
	catchUp atomic.Bool   // hidden: the next read holds what came meanwhile, not timed
	busy    atomic.Bool   // notes held or messages in the last second
	due     atomic.Bool   // a look again for held-back heavy parts is scheduled
	looks   atomic.Int64  // once-a-second ticks seen (tests wait on them)
	wake    chan struct{} // shown again: draw everything
}

func buildLiveTab(w *window) fyne.CanvasObject {
	t := &liveTab{w: w, pipe: midi.NewPipeline(5000), wake: make(chan struct{}, 1)}
	w.tab.live = t
	t.keys = newLiveKeyboard(t.pipe)
	t.probe = keytopixel.NewProbe()
	t.clock = newFrameClock(1, t.frame)
	t.side = newLiveSide(w, t.probe)
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
// again, the once-a-second look).
func (t *liveTab) frame(asked bool) bool {
	if !t.shown.Load() {
		return false
	}
	catchUp := t.catchUp.Swap(false) // this read holds what came while the tab was hidden
	fresh := t.pipe.ReadKeys(&t.k)
	if fresh {
		t.keys.show(&t.k)
		t.side.showMeters(&t.k)
		if !catchUp {
			t.probe.Expect(t.k.Arrived...)
		}
	}
	t.pending = t.pending || fresh || asked
	if (t.pending || t.sideNext) && t.heavyWait(fresh) == 0 {
		t.heavyAt = time.Now()
		if t.sideNext {
			t.sideNext = false
			t.showSide()
		} else {
			t.pending, t.sideNext = false, true
			t.showLog()
		}
	}
	if (t.pending || t.sideNext) && t.due.CompareAndSwap(false, true) {
		// more to show: look again when it may be, should the clock stop
		time.AfterFunc(t.heavyWait(false), func() { t.due.Store(false); doUI(func() { t.frame(false) }) })
	}
	return fresh
}

// heavyWait is how long until the next heavy part may change (0: now):
// the log at most every heavyInterval, the side panel's text and charts
// on a later tick (their new textures in another frame than the log's),
// and neither in a frame that carries a new key unless it waited
// heavyGrace for one without.
func (t *liveTab) heavyWait(fresh bool) time.Duration {
	since := time.Since(t.heavyAt)
	gap := heavyInterval
	if t.sideNext {
		gap = 0
	}
	switch {
	case since < gap:
		return gap - since
	case fresh && since < gap+heavyGrace:
		return gap + heavyGrace - since
	}
	return 0
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
