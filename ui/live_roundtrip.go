package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/midi"
	"benchtop/internal/measure/chart"
)

// liveRoundTrip sends note-ons to an output and times their return on an
// input (a loopback cable, an echoing device, a virtual port).
type liveRoundTrip struct {
	w       *window
	backend *midi.Backend
	out     *widget.Select
	in      *widget.Select
	n       *widget.Entry
	result  *widget.Label
	chart   *chartView
}

func newLiveRoundTrip(w *window, backend *midi.Backend) *liveRoundTrip {
	r := &liveRoundTrip{w: w, backend: backend, out: widget.NewSelect(nil, nil), in: widget.NewSelect(nil, nil), n: numEntry("100")}
	r.out.PlaceHolder = "send to (output)"
	r.in.PlaceHolder = "back on (input)"
	r.result = widget.NewLabel("Connect an output to an input (a loopback cable, an echoing device or a virtual port) and measure the round trip.")
	r.result.Wrapping = fyne.TextWrapWord
	r.chart = newChartView(w.App)
	r.chart.SetChart(chart.Histogram{Title: "MIDI round trip"}) // its empty state, not a blank pane
	return r
}

func (r *liveRoundTrip) view() fyne.CanvasObject {
	run := widget.NewButton("Measure", r.run)
	export := widget.NewButton("Export chart…", func() {
		saveDialog(r.w.Win, "midi-roundtrip.png", []string{".png", ".svg", ".pdf"}, func(path string) error {
			return exportChart(r.chart, path, 1200, 600)
		})
	})
	form := widget.NewForm(widget.NewFormItem("Output", r.out), widget.NewFormItem("Input", r.in), widget.NewFormItem("Samples", r.n))
	// side by side: stacked, the form over the chart made the Live tab
	// taller than the default window
	split := container.NewHSplit(container.NewVBox(form, container.NewHBox(run, export), r.result), r.chart)
	split.Offset = 0.4
	return split
}

// setPorts offers the ports found by a rescan. UI goroutine.
func (r *liveRoundTrip) setPorts(ins, outs []string) {
	r.out.SetOptions(outs)
	r.in.SetOptions(ins)
}

// run measures in the window's runner: closing the window stops it.
func (r *liveRoundTrip) run() {
	n, err := strconv.Atoi(strings.TrimSpace(r.n.Text))
	if err != nil || n < 1 {
		dialog.ShowError(fmt.Errorf("samples: %q is not a whole number ≥ 1", r.n.Text), r.w.Win)
		return
	}
	if r.out.Selected == "" || r.in.Selected == "" {
		dialog.ShowError(errors.New("pick an output and an input (a loopback cable or an echoing device joins them)"), r.w.Win)
		return
	}
	out, in := r.out.Selected, r.in.Selected
	r.result.SetText("Measuring…")
	r.w.run(func(ctx context.Context) {
		drv, err := r.backend.Driver()
		if err != nil {
			doUI(func() { r.result.SetText("Failed: " + err.Error()) })
			return
		}
		rt, err := midi.MeasureRoundTrip(ctx, drv, out, in, n, time.Second, 10*time.Millisecond)
		if rt == nil {
			doUI(func() { r.result.SetText("Failed: " + err.Error()) })
			return
		}
		s := rt.Summary
		text := fmt.Sprintf("%d sent, %d back, %d lost (1 s timeout)\nmin %.0f µs · mean %.0f µs · p50 %.0f µs · p99 %.0f µs · max %.0f µs · jitter %.0f µs",
			rt.Sent, len(rt.Samples), rt.Lost, s.MinUS, s.MeanUS, s.P50US, s.P99US, s.MaxUS, rt.JitterUS)
		r.chart.SetChart(midi.RoundTripChart(rt))
		doUI(func() { r.result.SetText(text) })
	})
}
