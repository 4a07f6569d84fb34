package ui

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/midi"
	"benchtop/internal/files"
)

// liveReplay plays a .mid file through the pipeline in real time (play,
// pause, stop) and records whatever is played into a .mid.
type liveReplay struct {
	w      *window
	pipe   *midi.Pipeline
	label  *widget.Label
	play   *widget.Button
	pause  *widget.Button
	stopB  *widget.Button
	record *widget.Button

	mu     sync.Mutex
	name   string
	player *midi.Player
	cancel context.CancelFunc // the replay in progress
	rec    *midi.Recorder
}

func newLiveReplay(w *window, pipe *midi.Pipeline) *liveReplay {
	r := &liveReplay{w: w, pipe: pipe, label: widget.NewLabel("No file loaded.")}
	r.play = widget.NewButton("Play", r.start)
	r.pause = widget.NewButton("Pause", r.togglePause)
	r.stopB = widget.NewButton("Stop", r.stop)
	r.record = widget.NewButton("● Record", r.toggleRecord)
	r.play.Disable()
	r.pause.Disable()
	r.stopB.Disable()
	return r
}

func (r *liveReplay) view() fyne.CanvasObject {
	open := widget.NewButton("Open .mid…", func() { openDialog(r.w.Win, r.load) })
	// the file's line beside the buttons, cut short if need be: a line of
	// its own made the Live tab taller than the default window lets it be
	r.label.Truncation = fyne.TextTruncateEllipsis
	return container.NewBorder(nil, nil, container.NewHBox(open, r.play, r.pause, r.stopB, r.record), nil, r.label)
}

// load reads a .mid file for replay.
func (r *liveReplay) load(path string) error {
	events, _, err := midi.ReadSMFFile(path)
	if err != nil {
		return err
	}
	r.stop()
	dur := time.Duration(0)
	if len(events) > 0 {
		dur = events[len(events)-1].At
	}
	r.mu.Lock()
	r.player = &midi.Player{Events: events}
	r.name = filepath.Base(path)
	r.mu.Unlock()
	r.label.SetText(fmt.Sprintf("%s: %d messages, %.1f s", r.name, len(events), dur.Seconds()))
	r.play.Enable()
	return nil
}

// start replays the loaded file in the window's runner: closing the window
// stops it, and its last notes are switched off.
func (r *liveReplay) start() {
	r.mu.Lock()
	pl := r.player
	if pl == nil || r.cancel != nil {
		r.mu.Unlock()
		return
	}
	r.mu.Unlock()
	r.play.Disable()
	r.pause.Enable()
	r.stopB.Enable()
	cancel := r.w.run(func(ctx context.Context) {
		// Play fails only with ctx's error: Stop, or the window closing
		_ = pl.Play(ctx, func(raw []byte, due time.Time) { r.pipe.PushAt("file", raw, due) })
		for ch := byte(0); ch < 16; ch++ { // nothing left sounding
			r.pipe.Push("file", []byte{0xb0 | ch, 123, 0})
		}
		r.mu.Lock()
		r.cancel = nil
		r.player = &midi.Player{Events: pl.Events} // rewind
		r.mu.Unlock()
		doUI(func() {
			r.play.Enable()
			r.pause.Disable()
			r.stopB.Disable()
			r.pause.SetText("Pause")
		})
	})
	r.mu.Lock()
	r.cancel = cancel
	r.mu.Unlock()
}

func (r *liveReplay) togglePause() {
	r.mu.Lock()
	pl := r.player
	r.mu.Unlock()
	if pl == nil {
		return
	}
	if pl.Paused() {
		pl.Resume()
		r.pause.SetText("Pause")
	} else {
		pl.Pause()
		r.pause.SetText("Resume")
	}
}

// stop ends a replay in progress.
func (r *liveReplay) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cancel != nil {
		r.cancel()
	}
}

// toggleRecord starts recording, or stops and asks where to save the .mid.
func (r *liveReplay) toggleRecord() {
	r.mu.Lock()
	rec := r.rec
	if rec == nil {
		r.rec = midi.Record(r.pipe)
		r.mu.Unlock()
		r.record.SetText("■ Stop recording")
		return
	}
	r.rec = nil
	r.mu.Unlock()
	events := rec.Stop()
	r.record.SetText("● Record")
	if len(events) == 0 {
		dialog.ShowInformation("Recording", "Nothing was played: there is nothing to save.", r.w.Win)
		return
	}
	saveDialog(r.w.Win, "recording.mid", []string{".mid"}, func(path string) error {
		return files.WriteAtomic(path, func(w io.Writer) error { return midi.WriteSMF(w, events) })
	})
}

// show updates the recording count and the replay position. UI goroutine.
func (r *liveReplay) show() {
	r.mu.Lock()
	rec, pl, name, playing := r.rec, r.player, r.name, r.cancel != nil
	r.mu.Unlock()
	if rec != nil {
		if t := fmt.Sprintf("■ Stop recording (%d)", rec.Len()); r.record.Text != t {
			r.record.SetText(t)
		}
	}
	if pl != nil && playing {
		setText(r.label, fmt.Sprintf("%s: %d of %d messages", name, pl.Position(), len(pl.Events)))
	}
}
