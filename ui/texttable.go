package ui

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"benchtop/ui/textraster"
)

// textTable is a read-only table drawn as one image: the header and the
// visible rows are rendered into a raster (ui/textraster), so Fyne paints
// one texture for all of it. A widget.Table paints a label per cell, each
// a texture drawn on its own in every frame — the Live tab's log, ten rows
// of seven columns, was most of the window's textures (docs/benchmarks.md,
// key to pixel). The wheel
// scrolls it (shift or a sideways wheel: across), the bars on the right
// and at the bottom drag, a click selects a row.
type textTable struct {
	widget.BaseWidget
	header       []string
	widths       []float32 // each column's, in Fyne units
	length       func() int
	cell         func(row, col int) string
	bold         func(row int) bool
	OnSelected   func(row int)
	OnScrolledUp func() // the wheel moved the view back through the rows

	// UI goroutine
	top      float64 // rows scrolled past (a fraction while the wheel turns)
	left     float32 // scrolled across, in Fyne units
	selected int     // -1: none
	dragBar  int     // the bar a drag began on: 0 none, 1 the right one, 2 the bottom one
	raster   *canvas.Raster
	thumb    *canvas.Rectangle // the right bar's: the rows in view
	hthumb   *canvas.Rectangle // the bottom bar's: the columns in view
	textImage
}

// textTablePad is the space before a cell's text, in Fyne units.
const textTablePad = 6

func newTextTable(header []string, widths []float32, length func() int, cell func(row, col int) string, bold func(row int) bool) *textTable {
	t := &textTable{header: header, widths: widths, length: length, cell: cell, bold: bold, selected: -1}
	t.raster = canvas.NewRaster(t.render)
	t.thumb = canvas.NewRectangle(color.Transparent)
	t.hthumb = canvas.NewRectangle(color.Transparent)
	t.ExtendBaseWidget(t)
	return t
}

func (t *textTable) colour(n fyne.ThemeColorName) color.Color { return themeColour(t.Theme(), n) }

// rowHeight is a row's height in Fyne units (the header's too).
func (t *textTable) rowHeight() float32 {
	return float32(math.Ceil(float64(t.Theme().Size(theme.SizeNameText)) * 1.6))
}

// visibleRows is how many whole rows fit under the header.
func (t *textTable) visibleRows() int {
	return max(0, int((t.Size().Height-t.rowHeight())/t.rowHeight()))
}

func (t *textTable) totalWidth() float32 {
	w := float32(0)
	for _, c := range t.widths {
		w += c
	}
	return w
}

// clamp keeps the scroll inside the rows and columns.
func (t *textTable) clamp() {
	t.top = min(max(t.top, 0), float64(max(0, t.length()-t.visibleRows())))
	t.left = min(max(t.left, 0), max(0, t.totalWidth()-t.Size().Width))
}

// ScrollToBottom shows the newest rows.
func (t *textTable) ScrollToBottom() {
	t.top = float64(t.length())
	t.clamp()
	t.Refresh()
}

// Select marks a row (0 is the first under the header) and tells
// OnSelected.
func (t *textTable) Select(row int) {
	if row < 0 || row >= t.length() {
		return
	}
	t.selected = row
	t.Refresh()
	if t.OnSelected != nil {
		t.OnSelected(row)
	}
}

// Scrolled follows the wheel by the distance it turned (and across with
// shift or a sideways wheel).
func (t *textTable) Scrolled(e *fyne.ScrollEvent) {
	rh := float64(t.rowHeight())
	before := t.top
	t.top -= float64(e.Scrolled.DY) / rh
	t.left -= e.Scrolled.DX
	t.clamp()
	t.Refresh()
	if t.top < before && t.OnScrolledUp != nil {
		t.OnScrolledUp()
	}
}

// Tapped selects the row under the pointer.
func (t *textTable) Tapped(e *fyne.PointEvent) {
	rh := t.rowHeight()
	if e.Position.Y < rh || e.Position.X > t.Size().Width-t.barWidth() || t.hthumb.Visible() && e.Position.Y > t.Size().Height-t.barWidth() {
		return
	}
	t.Select(int(t.top) + int((e.Position.Y-rh)/rh))
}

func (t *textTable) barWidth() float32 { return t.Theme().Size(theme.SizeNameScrollBar) }

// Dragged moves a scroll bar when the drag began on it.
func (t *textTable) Dragged(e *fyne.DragEvent) {
	size := t.Size()
	if t.dragBar == 0 {
		at := e.Position.Subtract(e.Dragged)
		switch {
		case at.X >= size.Width-2*t.barWidth():
			t.dragBar = 1
		case t.hthumb.Visible() && at.Y >= size.Height-2*t.barWidth():
			t.dragBar = 2
		default:
			return
		}
	}
	if t.dragBar == 1 {
		if track := size.Height - t.rowHeight(); track > 0 {
			t.top += float64(e.Dragged.DY) * float64(t.length()) / float64(track)
		}
	} else if size.Width > 0 {
		t.left += e.Dragged.DX * t.totalWidth() / size.Width
	}
	t.clamp()
	t.Refresh()
}

// DragEnd ends a drag of a bar.
func (t *textTable) DragEnd() { t.dragBar = 0 }

func (t *textTable) MinSize() fyne.Size {
	return fyne.NewSize(120, 4*t.rowHeight())
}

func (t *textTable) CreateRenderer() fyne.WidgetRenderer {
	return &textTableRenderer{t: t}
}

// placeThumb sizes the scroll bars' thumbs to the share of rows and of
// columns in view; a bar is hidden when all of it is.
func (t *textTable) placeThumb() {
	size, bw := t.Size(), t.barWidth()
	n, vis := t.length(), t.visibleRows()
	rh := t.rowHeight()
	if track := size.Height - rh; n > vis && track > 0 {
		h := max(track*float32(vis)/float32(n), 2*rh)
		t.thumb.FillColor = t.colour(theme.ColorNameScrollBar)
		t.thumb.Move(fyne.NewPos(size.Width-bw, rh+(track-h)*float32(t.top/float64(n-vis))))
		t.thumb.Resize(fyne.NewSize(bw, h))
		t.thumb.Show()
	} else {
		t.thumb.Hide()
	}
	if total := t.totalWidth(); total > size.Width && size.Width > 0 {
		w := max(size.Width*size.Width/total, 2*rh)
		t.hthumb.FillColor = t.colour(theme.ColorNameScrollBar)
		t.hthumb.Move(fyne.NewPos((size.Width-w)*t.left/(total-size.Width), size.Height-bw))
		t.hthumb.Resize(fyne.NewSize(w, bw))
		t.hthumb.Show()
	} else {
		t.hthumb.Hide()
	}
}

// render draws the header and the rows in view into one image of w×h
// pixels: Fyne calls it while painting a frame after Refresh.
func (t *textTable) render(w, h int) image.Image {
	scale, ok := t.begin(t.Theme(), w, h, t.Size().Width, "log text")
	if !ok {
		return t.img
	}
	img := t.img
	px := func(v float32) int { return int(math.Round(float64(v) * scale)) }
	rh := px(t.rowHeight())
	baseline := (rh-t.glyphs.Height())/2 + t.glyphs.Ascent()
	fg, sep := t.colour(theme.ColorNameForeground), t.colour(theme.ColorNameSeparator)
	fill := func(r image.Rectangle, c color.Color) {
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Over)
	}

	fill(image.Rect(0, 0, w, rh), t.colour(theme.ColorNameHeaderBackground))
	first := int(t.top)
	n := t.length()
	for i := 0; ; i++ {
		y := (i + 1) * rh
		row := first + i
		if y >= h || row >= n {
			break
		}
		if row == t.selected {
			fill(image.Rect(0, y, w, y+rh), t.colour(theme.ColorNameSelection))
		}
	}
	x := -px(t.left)
	for col, cw := range t.widths {
		x0, x1 := x, x+px(cw)
		x = x1
		if x1 <= 0 || x0 >= w {
			continue
		}
		clip := image.Rect(x0+px(textTablePad), 0, x1-px(textTablePad/2), h)
		t.glyphs.Draw(img, clip, clip.Min.X, baseline, t.header[col], textraster.Bold, fg)
		for i := 0; ; i++ {
			y := (i + 1) * rh
			row := first + i
			if y >= h || row >= n {
				break
			}
			style := textraster.Regular
			if t.bold != nil && t.bold(row) {
				style = textraster.Bold
			}
			t.glyphs.Draw(img, clip, clip.Min.X, y+baseline, t.cell(row, col), style, fg)
		}
		if col < len(t.widths)-1 {
			fill(image.Rect(x1-1, 0, x1, h), sep)
		}
	}
	return img
}

type textTableRenderer struct{ t *textTable }

func (r *textTableRenderer) Layout(s fyne.Size) {
	r.t.raster.Resize(s)
	r.t.clamp()
	r.t.placeThumb()
}

func (r *textTableRenderer) MinSize() fyne.Size { return r.t.MinSize() }

func (r *textTableRenderer) Refresh() {
	r.t.clamp()
	r.t.placeThumb()
	r.t.raster.Refresh()
	r.t.thumb.Refresh()
	r.t.hthumb.Refresh()
}

func (r *textTableRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.t.raster, r.t.thumb, r.t.hthumb}
}

func (r *textTableRenderer) Destroy() {}
