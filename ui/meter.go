package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// meter is a value on a bar (pitch bend, a controller). The bar follows
// every value at once — a rectangle moved and resized, cheap enough for
// every frame of a burst — and the text on it changes only when setLabel
// is called: a new string is a new texture to draw, so the Live tab sets
// it with its heavy parts, a few times a second. Square corners: a
// rounded rectangle costs a software renderer a shader per pixel.
type meter struct {
	widget.BaseWidget
	min, max float64
	value    float64 // what the bar shows; UI goroutine
	label    func(v float64) string

	track, fill *canvas.Rectangle
	text        *canvas.Text
}

func newMeter(min, max float64, label func(float64) string) *meter {
	m := &meter{min: min, max: max, label: label}
	m.track = canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	m.fill = canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	m.text = canvas.NewText(label(0), theme.Color(theme.ColorNameForeground))
	m.ExtendBaseWidget(m)
	return m
}

// setValue moves the bar to v (not the text). UI goroutine.
func (m *meter) setValue(v float64) {
	if v == m.value {
		return
	}
	m.value = v
	m.place(m.Size())
	m.fill.Refresh()
}

// setLabel writes the value in the text, when it changed. UI goroutine.
func (m *meter) setLabel() {
	if t := m.label(m.value); t != m.text.Text {
		m.text.Text = t
		m.text.Refresh()
	}
}

// place sizes the bar from the value's zero (or the end nearest it) to
// the value.
func (m *meter) place(s fyne.Size) {
	span := m.max - m.min
	if span <= 0 {
		return
	}
	at := func(v float64) float32 { return s.Width * float32((min(max(v, m.min), m.max)-m.min)/span) }
	x0, x1 := at(0), at(m.value)
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	m.fill.Move(fyne.NewPos(x0, 0))
	m.fill.Resize(fyne.NewSize(x1-x0, s.Height))
}

func (m *meter) CreateRenderer() fyne.WidgetRenderer {
	return &meterRenderer{m: m, objects: []fyne.CanvasObject{m.track, m.fill, m.text}}
}

type meterRenderer struct {
	m       *meter
	objects []fyne.CanvasObject
}

func (r *meterRenderer) Layout(s fyne.Size) {
	m := r.m
	m.track.Resize(s)
	m.place(s)
	ts := m.text.MinSize()
	m.text.Move(fyne.NewPos(theme.InnerPadding(), (s.Height-ts.Height)/2))
}

func (r *meterRenderer) MinSize() fyne.Size {
	ts := r.m.text.MinSize()
	return fyne.NewSize(ts.Width+2*theme.InnerPadding(), ts.Height+2*theme.InnerPadding())
}

// Refresh follows a theme change.
func (r *meterRenderer) Refresh() {
	m := r.m
	m.track.FillColor = theme.Color(theme.ColorNameInputBackground)
	m.fill.FillColor = theme.Color(theme.ColorNamePrimary)
	m.text.Color = theme.Color(theme.ColorNameForeground)
	m.track.Refresh()
	m.fill.Refresh()
	m.text.Refresh()
}

func (r *meterRenderer) Destroy() {}

func (r *meterRenderer) Objects() []fyne.CanvasObject { return r.objects }
