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

// ChartView shows a chart.Chart rendered at the widget's pixel size (times
// the canvas scale, so it is crisp on HiDPI). Rendering happens on a
// background goroutine, at most every chartFrameInterval, so a run that
// updates the chart a thousand times a second never blocks input. What it
// shows is what Export writes: the same chart value and renderer.
type ChartView struct {
	widget.BaseWidget
	app    fyne.App
	raster *canvas.Image

	mu    sync.Mutex
	chart chart.Chart
	size  fyne.Size
	scale float32

	kick    chan struct{}
	renders atomic.Int64
}

// NewChartView makes an empty chart view.
func NewChartView(a fyne.App) *ChartView {
	v := &ChartView{app: a, kick: make(chan struct{}, 1), scale: 1}
	v.raster = canvas.NewImageFromImage(nil)
	v.raster.FillMode = canvas.ImageFillStretch
	v.ExtendBaseWidget(v)
	a.Settings().AddListener(func(fyne.Settings) { v.request() }) // theme switch
	go v.loop()
	return v
}

func (v *ChartView) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(v.raster) }

func (v *ChartView) MinSize() fyne.Size { return fyne.NewSize(240, 160) }

// Resize re-renders at the new size.
func (v *ChartView) Resize(s fyne.Size) {
	v.BaseWidget.Resize(s)
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(v); c != nil {
		scale = c.Scale()
	}
	v.mu.Lock()
	v.size, v.scale = s, scale
	v.mu.Unlock()
	v.request()
}

// SetChart replaces the chart; safe from any goroutine.
func (v *ChartView) SetChart(c chart.Chart) {
	v.mu.Lock()
	v.chart = c
	v.mu.Unlock()
	v.request()
}

// Chart returns the chart shown (for export).
func (v *ChartView) Chart() chart.Chart {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.chart
}

func (v *ChartView) request() {
	select {
	case v.kick <- struct{}{}:
	default: // a render is already due; it will see the latest chart
	}
}

func (v *ChartView) loop() {
	for range v.kick {
		v.mu.Lock()
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
		doUI(func() {
			v.raster.Image = img
			v.raster.Refresh()
			v.renders.Add(1)
		})
		time.Sleep(chartFrameInterval)
	}
}

// theme returns the chart theme matching the app's.
func (v *ChartView) theme() chart.Theme {
	if IsDark(v.app) {
		return chart.Dark
	}
	return chart.Light
}
