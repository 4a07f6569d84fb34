package ui

import (
	"context"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"

	"benchtop/devices/known"
	"benchtop/devices/midi"
)

// liveFrameInterval: bursts of messages redraw at most 30 times a second.
const liveFrameInterval = time.Second / 30

// liveTab shows what a keyboard plays. Every source (ports, the screen
// keyboard, a file) feeds one pipeline; the parts draw from a snapshot of it
// when it changed, at most every liveFrameInterval, and only while the tab
// is shown. At rest nothing wakes but a once-a-second look at held notes.
type liveTab struct {
	w      *window
	pipe   *midi.Pipeline
	keys   *liveKeyboard
	ports  *livePorts
	log    *liveLog
	side   *liveSide
	replay *liveReplay
	rt     *liveRoundTrip

	shown atomic.Bool
	wake  chan struct{} // shown again: draw everything
}

func buildLiveTab(w *window) fyne.CanvasObject {
	t := &liveTab{w: w, pipe: midi.NewPipeline(5000), wake: make(chan struct{}, 1)}
	w.tabState["live"] = t
	t.keys = newLiveKeyboard(t.pipe)
	t.side = newLiveSide(w)
	t.log = newLiveLog(w, t.pipe)
	t.replay = newLiveReplay(w, t.pipe)
	t.rt = newLiveRoundTrip(w, w.opts.MIDI)
	t.ports = newLivePorts(w, w.opts.MIDI, t.pipe, func(c *known.Card) {
		t.keys.setCard(c)
		t.side.setCard(c)
	}, t.rt.setPorts)
	t.ports.rescan()

	monitor := container.NewHSplit(t.log.view(), t.side.view())
	monitor.Offset = 0.62
	tabs := container.NewAppTabs(container.NewTabItem("Monitor", monitor), container.NewTabItem("Round-trip latency", t.rt.view()))
	top := container.NewVBox(t.ports.view(), t.replay.view(), t.keys.view())

	ctx, cancel := context.WithCancel(context.Background())
	w.stopOnQuit(cancel)
	w.stopOnQuit(t.ports.stopAll)
	w.stopOnQuit(t.replay.stop)
	w.onShown("live", func(shown bool) {
		t.shown.Store(shown)
		if shown {
			select {
			case t.wake <- struct{}{}:
			default:
			}
		}
	})
	go t.refreshLoop(ctx)
	return container.NewBorder(top, nil, nil, nil, tabs)
}

// refreshLoop redraws when the pipeline changed (a burst costs one frame
// per liveFrameInterval), when the tab is shown again, and once a second
// while notes are held or messages are arriving (messages/s, stuck notes).
func (t *liveTab) refreshLoop(ctx context.Context) {
	second := time.NewTicker(time.Second)
	defer second.Stop()
	frame := time.NewTimer(0)
	<-frame.C
	busy := false // notes held or messages in the last second
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.pipe.Changes():
		case <-t.wake:
		case <-second.C:
			if !busy {
				continue
			}
		}
		if !t.shown.Load() {
			continue // drawn in full when shown again
		}
		v := t.pipe.Snapshot(t.log.filter())
		busy = len(v.Model.Held) > 0 || v.Rate > 0
		gaps := t.side.gapsChanged(v.GapsUS)
		doUI(func() {
			t.keys.show(v)
			t.side.show(v)
			t.log.show(v)
			t.replay.show()
		})
		if gaps != nil {
			t.side.gaps.SetChart(gaps)
		}
		// throttle: what arrives meanwhile is drawn in the next frame
		frame.Reset(liveFrameInterval)
		select {
		case <-ctx.Done():
			return
		case <-frame.C:
		}
	}
}
