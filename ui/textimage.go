package ui

import (
	"image"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"benchtop/ui/textraster"
)

// textImage is what a widget drawn as one image of text (textTable,
// textBlock) keeps between renders: the glyphs at the canvas's text size
// and the image they go into, reused while the size holds.
type textImage struct {
	glyphs *textraster.Renderer
	px     float64
	img    *image.RGBA
}

// themeFonts is a renderer with the theme's text fonts at px pixels, and
// Fyne's symbol and monospace fonts for the runes they lack (arrows).
func themeFonts(th fyne.Theme, px float64) (*textraster.Renderer, error) {
	return textraster.New(px, th.Font(fyne.TextStyle{}).Content(), th.Font(fyne.TextStyle{Bold: true}).Content(),
		theme.DefaultSymbolFont().Content(), theme.DefaultTextMonospaceFont().Content())
}

// themeColour is a colour of the theme in the app's current variant.
func themeColour(th fyne.Theme, n fyne.ThemeColorName) color.Color {
	return th.Color(n, fyne.CurrentApp().Settings().ThemeVariant())
}

// begin readies a cleared w×h image and the glyphs for a widget width
// Fyne units wide, and returns the canvas scale; false when there is
// nothing to draw (then the image is 1×1 and empty).
func (ti *textImage) begin(th fyne.Theme, w, h int, width float32, what string) (float64, bool) {
	if w <= 0 || h <= 0 || width <= 0 {
		ti.img = image.NewRGBA(image.Rect(0, 0, 1, 1))
		return 0, false
	}
	scale := float64(w) / float64(width)
	if px := float64(th.Size(theme.SizeNameText)) * scale; ti.glyphs == nil || px != ti.px {
		r, err := themeFonts(th, px)
		if err != nil {
			fyne.LogError(what, err)
			ti.img = image.NewRGBA(image.Rect(0, 0, 1, 1))
			return 0, false
		}
		ti.glyphs, ti.px = r, px
	}
	if ti.img == nil || ti.img.Rect.Dx() != w || ti.img.Rect.Dy() != h {
		ti.img = image.NewRGBA(image.Rect(0, 0, w, h))
	} else {
		clear(ti.img.Pix)
	}
	return scale, true
}
