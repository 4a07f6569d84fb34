package ui

import (
	"context"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"benchtop/internal/measure/results"
)

// runControls are an experiment tab's Start and Stop buttons and progress
// bar, and the cancel of the run in flight.
type runControls struct {
	w           *window
	start, stop *widget.Button
	progress    *widget.ProgressBar

	mu     sync.Mutex
	cancel context.CancelFunc
}

func newRunControls(w *window, onStart func()) *runControls {
	c := &runControls{w: w, progress: widget.NewProgressBar()}
	c.start = widget.NewButton("Start", onStart)
	c.start.Importance = widget.HighImportance
	c.stop = widget.NewButton("Stop", c.cancelRun)
	c.stop.Disable()
	return c
}

func (c *runControls) box() fyne.CanvasObject {
	return container.NewVBox(container.NewGridWithColumns(2, c.start, c.stop), c.progress)
}

// pinned lays out an experiment's settings under its Start and Stop and
// progress bar: they stay in view while the settings scroll.
func (c *runControls) pinned(settings fyne.CanvasObject) fyne.CanvasObject {
	return container.NewBorder(container.NewVBox(c.box(), widget.NewSeparator()), nil, nil, nil, container.NewVScroll(settings))
}

// begin starts work as the tab's run in the window's runner: Stop and
// closing the window cancel its context. UI goroutine.
func (c *runControls) begin(work func(ctx context.Context)) {
	c.start.Disable()
	c.stop.Enable()
	c.progress.SetValue(0)
	cancel := c.w.run(work)
	c.mu.Lock()
	c.cancel = cancel
	c.mu.Unlock()
}

func (c *runControls) cancelRun() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cancel != nil {
		c.cancel()
	}
}

// finish ends a run from its goroutine: buttons back, errors shown, the
// result shown with status and saved. A stopped run keeps what it measured.
func (c *runControls) finish(p *runPanel, run *results.Run, err error, status func(*results.Run) string) {
	doUI(func() {
		c.start.Enable()
		c.stop.Disable()
		c.progress.SetValue(1)
	})
	if run == nil {
		doUI(func() { dialog.ShowError(err, c.w.Win) })
		p.show(nil, "Failed: "+err.Error())
		return
	}
	if err != nil && !run.Stopped {
		doUI(func() { dialog.ShowError(err, c.w.Win) })
	}
	s := status(run)
	if run.Stopped {
		s = "Stopped: partial results. " + s
	}
	p.show(run, s)
	p.finished(run)
}
