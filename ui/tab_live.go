package ui

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"benchtop/devices/known"
	"benchtop/devices/midi"
)

const (
	// liveFrameTicks: the tab updates on every other tick of Fyne's 60 Hz
	// draw clock, so bursts of messages redraw at most 30 times a second.
	liveFrameTicks = 2
	// liveClockFallback: a driver whose clock has not ticked this long
	// after a change (Fyne's test driver never does) gets the update
	// from the refresh loop instead.
	liveClockFallback = 100 * time.Millisecond
)

// liveTab shows what a keyboard plays. Every source (ports, the screen
// keyboard, a file) feeds one pipeline; the parts draw from a snapshot of it
// on the frame clock's tick when it changed, and only while the tab is
// shown. At rest nothing wakes but a once-a-second look while notes are held.
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
	probe  *paintProbe

	clock   *frameClock
	seenSeq uint64 // the last message drawn; UI goroutine

	shown atomic.Bool
	busy  atomic.Bool   // notes held or messages in the last second
	due   atomic.Bool   // a look again for held-back log rows or statistics is scheduled
	wake  chan struct{} // shown again: draw everything
}

func buildLiveTab(w *window) fyne.CanvasObject {
	t := &liveTab{w: w, pipe: midi.NewPipeline(5000), wake: make(chan struct{}, 1)}
	w.tab.live = t
	t.keys = newLiveKeyboard(t.pipe)
	t.probe = newPaintProbe()
	t.clock = newFrameClock(liveFrameTicks, t.frame)
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
	tabs := container.NewAppTabs(container.NewTabItem("Monitor", monitor), container.NewTabItem("Round-trip latency", t.rt.view()),
		container.NewTabItem("Send SysEx", t.send.view()))
	top := container.NewVBox(t.ports.view(), t.replay.view(), t.keys.view())

	ctx, cancel := context.WithCancel(context.Background())
	w.stopOnQuit(cancel)
	w.stopOnQuit(t.ports.stopAll)
	w.stopOnQuit(t.replay.stop)
	w.onShown(TabLive, func(shown bool) {
		t.shown.Store(shown)
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
	return container.NewBorder(top, nil, nil, nil, tabs)
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

// frame updates the tab from the pipeline when a message arrived since the
// last frame (or when asked: a filter, the tab shown again, the once-a-second
// look); it reports whether there were new messages. UI goroutine, on the
// frame clock's tick: what it changes is painted in this frame.
func (t *liveTab) frame(asked bool) bool {
	seq := t.pipe.Seq()
	fresh := seq != t.seenSeq
	if !t.shown.Load() || (!fresh && !asked) {
		return false
	}
	flt := t.log.filter()
	logNow, logWait := t.log.takes()
	if !logNow { // the new messages only (for the probe)
		flt.Last = max(1, min(flt.Last, int(seq-t.seenSeq)))
	}
	t.seenSeq = seq
	v := t.pipe.Snapshot(flt)
	t.busy.Store(len(v.Model.Held) > 0 || v.Rate > 0)
	t.probe.expect(v)
	t.keys.show(v)
	later := t.side.show(v)
	if logNow {
		later = max(later, t.log.show(v))
	} else if fresh {
		later = max(later, logWait)
	}
	if later > 0 && t.due.CompareAndSwap(false, true) {
		// rows or statistics held back: look again when they may be shown
		time.AfterFunc(later, func() { t.due.Store(false); t.pipe.Touch() })
	}
	t.replay.show()
	if gaps := t.side.gapsChanged(v.GapsUS); gaps != nil {
		t.side.gaps.SetChart(gaps)
	}
	if tempo := t.side.tempoChanged(v.TempoPoints, t.pipe.TempoHistory); tempo != nil {
		t.side.tempo.SetChart(tempo)
	}
	return fresh
}

// bench feeds the pipeline "RATE,SECONDS" worth of note messages once the
// tab shows, then prints the key-to-pixel summary and quits (make
// bench-gui).
func (t *liveTab) bench(ctx context.Context, spec string) {
	var rate, secs int
	if _, err := fmt.Sscanf(spec, "%d,%d", &rate, &secs); err != nil || rate < 1 || secs < 1 {
		fmt.Fprintf(os.Stderr, "BENCHTOP_BENCH_MIDI=%q: want RATE,SECONDS\n", spec)
		return
	}
	for !t.shown.Load() {
		select {
		case <-ctx.Done():
			return
		case <-time.After(100 * time.Millisecond):
		}
	}
	time.Sleep(time.Second) // the first frames
	// as many messages as the rate says by now: a ticker that falls behind
	// drops ticks, and the stream would be slower than asked
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	start := time.Now()
	total := rate * secs
	for i := 0; i < total; {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		due := min(total, int(time.Since(start).Seconds()*float64(rate)))
		for ; i < due; i++ {
			note := byte(48 + i/2%24)
			if i%2 == 0 {
				t.pipe.Push("bench", []byte{0x90, note, 100})
			} else {
				t.pipe.Push("bench", []byte{0x80, note, 0})
			}
		}
	}
	time.Sleep(500 * time.Millisecond) // the last frames
	fmt.Fprintln(os.Stderr, "bench:", t.probe.summary())
	doUI(func() { t.w.App.Quit() })
}
