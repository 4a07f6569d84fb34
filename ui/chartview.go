package ui

import (
	"sync"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"benchtop/internal/measure/chart"
)

// chartFrameInterval caps live chart redraws at 10 Hz, however often the
// data changes.
const chartFrameInterval = 100 * time.Millisecond

// chartView shows a chart.Chart rendered at the widget's pixel size (times
// the canvas scale, so it is crisp on HiDPI). Rendering happens on a
// background goroutine, at most every chartFrameInterval, so a run that
// updates the chart a thousand times a second never blocks input. The
// goroutine lives only while there is something to render: a new chart, a
// new size, a theme change; a view at rest costs nothing. What it shows is
// what Export writes: the same chart value and renderer.
type chartView struct {
	widget.BaseWidget
	app    fyne.App
	raster *canvas.Image

	mu    sync.Mutex
	chart chart.Chart
	size  fyne.Size
	scale float32

	dirty     bool // something changed since the last render
	rendering bool // the render goroutine runs
	renders   atomic.Int64

	// install puts a rendered chart on screen (apply on the UI goroutine);
	// nil: at once, through fyne.Do. The Live tab gives its own, so a new
	// chart goes into a frame that is painted anyway instead of one of its
	// own.
	install func(apply func())
}

// newChartView makes an empty chart view.
func newChartView(a fyne.App) *chartView {
	v := &chartView{app: a, scale: 1}
	v.raster = canvas.NewImageFromImage(nil)
	v.raster.FillMode = canvas.ImageFillStretch
	// The chart is rendered at the view's pixel size; a pixel of rounding
	// either way made Fyne rescale it on the CPU (CatmullRom, ~10 ms on the
	// UI thread for each new chart: the Live tab's slowest frames). The
	// GPU stretches that pixel instead.
	v.raster.ScaleMode = canvas.ImageScaleFastest
	v.ExtendBaseWidget(v)
	a.Settings().AddListener(func(fyne.Settings) { v.request() }) // theme switch
	return v
}

func (v *chartView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.raster) }

func (v *chartView) MinSize() fyne.Size { return fyne.NewSize(240, 160) }

// Resize re-renders at the new size.
func (v *chartView) Resize(s fyne.Size) {
	v.BaseWidget.Resize(s)
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		scale = c.Scale()
	}
	v.mu.Lock()
	same := v.size == s && v.scale == scale
	v.size, v.scale = s, scale
	v.mu.Unlock()
	if !same {
		v.request()
	}
}

// SetChart replaces the chart; safe from any goroutine.
func (v *chartView) SetChart(c chart.Chart) {
	v.mu.Lock()
	v.chart = c
	v.mu.Unlock()
	v.request()
}

// Chart returns the chart shown (for export).
func (v *chartView) Chart() chart.Chart {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.chart
}

// request marks the view dirty and starts the render goroutine if it is
// not running.
func (v *chartView) request() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.dirty = true
	if !v.rendering {
		v.rendering = true
		go v.render()
	}
}

// render draws until nothing new was asked for, then ends.
func (v *chartView) render() {
	for {
		v.mu.Lock()
		if !v.dirty {
			v.rendering = false
			v.mu.Unlock()
			return
		}
		v.dirty = false
		c, size, scale := v.chart, v.size, v.scale
		v.mu.Unlock()
		if c == nil || size.Width < 10 || size.Height < 10 {
			continue
		}
		img, err := chart.Image(c, chart.Options{Width: int(size.Width), Height: int(size.Height), Scale: scale, Theme: v.theme()})
		if err != nil {
			fyne.LogError("chart", err)
			continue
		}
		apply := func() {
			v.raster.Image = img
			v.raster.Refresh()
			v.renders.Add(1)
		}
		if v.install != nil {
			v.install(apply)
		} else {
			doUI(apply)
		}
		time.Sleep(chartFrameInterval) // what arrives meanwhile is drawn next, once
	}
}

// theme returns the chart theme matching the app's.
func (v *chartView) theme() chart.Theme {
	if isDark(v.app) {
		return chart.Dark
	}
	return chart.Light
}
