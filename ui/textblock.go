package ui

import (
	"image"
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"benchtop/ui/textraster"
)

// textBlock is lines of text, wrapped at spaces to its width, drawn as one
// image (ui/textraster) — for text that changes a few times a second, like
// the Live tab's statistics. A widget.Label paints a texture per line in
// every frame and shapes the whole text again on every change; this paints
// one, and a change is a few microseconds a glyph.
type textBlock struct {
	widget.BaseWidget
	text   string
	raster *canvas.Raster

	// UI goroutine
	units     *textraster.Renderer // at the text size in Fyne units: wrapping and MinSize
	lines     []string             // wrapped at width
	width     float32
	unitErr   error
	textImage // at the canvas scale
}

func newTextBlock() *textBlock {
	b := &textBlock{}
	b.raster = canvas.NewRaster(b.render)
	b.ExtendBaseWidget(b)
	return b
}

// SetText shows s (lines split at "\n"); the same text again is no change.
func (b *textBlock) SetText(s string) {
	if s == b.text {
		return
	}
	b.text = s
	b.width = -1 // wrap again
	b.Refresh()
}

// Text is what it shows.
func (b *textBlock) Text() string { return b.text }

func (b *textBlock) pad() float32 { return b.Theme().Size(theme.SizeNameInnerPadding) }

func (b *textBlock) lineHeight() float32 {
	return float32(math.Ceil(float64(b.Theme().Size(theme.SizeNameText)) * 1.4))
}

// wrap splits the text into lines no wider than width (Fyne units).
func (b *textBlock) wrap(width float32) []string {
	if b.units == nil && b.unitErr == nil {
		b.units, b.unitErr = themeFonts(b.Theme(), float64(b.Theme().Size(theme.SizeNameText)))
	}
	if b.width == width && b.lines != nil {
		return b.lines
	}
	b.width = width
	b.lines = b.lines[:0]
	avail := int(width - 2*b.pad())
	for _, para := range strings.Split(strings.TrimRight(b.text, "\n"), "\n") {
		if b.units == nil || avail <= 0 {
			b.lines = append(b.lines, para)
			continue
		}
		line := ""
		for _, word := range strings.Split(para, " ") {
			next := word
			if line != "" {
				next = line + " " + word
			}
			if line != "" && b.units.Measure(next, textraster.Regular) > avail {
				b.lines = append(b.lines, line)
				next = word
			}
			line = next
		}
		b.lines = append(b.lines, line)
	}
	return b.lines
}

func (b *textBlock) MinSize() fyne.Size {
	if b.text == "" {
		return fyne.NewSize(0, 0)
	}
	n := len(b.wrap(b.Size().Width))
	return fyne.NewSize(4*b.pad(), float32(n)*b.lineHeight()+2*b.pad())
}

func (b *textBlock) CreateRenderer() fyne.WidgetRenderer { return &textBlockRenderer{b: b} }

// render draws the wrapped lines into w×h pixels (Fyne calls it while
// painting the frame after a change).
func (b *textBlock) render(w, h int) image.Image {
	size := b.Size()
	scale, ok := b.begin(b.Theme(), w, h, size.Width, "statistics text")
	if !ok || b.text == "" {
		return b.img
	}
	fg := themeColour(b.Theme(), theme.ColorNameForeground)
	lh, pad := float64(b.lineHeight())*scale, float64(b.pad())*scale
	top := int(pad) + (int(lh)-b.glyphs.Height())/2 + b.glyphs.Ascent()
	clip := image.Rect(int(pad), 0, w-int(pad/2), h)
	for i, line := range b.wrap(size.Width) {
		b.glyphs.Draw(b.img, clip, clip.Min.X, top+int(float64(i)*lh), line, textraster.Regular, fg)
	}
	return b.img
}

type textBlockRenderer struct{ b *textBlock }

func (r *textBlockRenderer) Layout(s fyne.Size)           { r.b.raster.Resize(s) }
func (r *textBlockRenderer) MinSize() fyne.Size           { return r.b.MinSize() }
func (r *textBlockRenderer) Refresh()                     { r.b.raster.Refresh() }
func (r *textBlockRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.b.raster} }
func (r *textBlockRenderer) Destroy()                     {}

// Resize wraps again at a new width (the height it needs may change).
func (b *textBlock) Resize(s fyne.Size) {
	old := b.Size()
	b.BaseWidget.Resize(s)
	if s.Width != old.Width && b.text != "" {
		b.width = -1
		b.Refresh()
	}
}
