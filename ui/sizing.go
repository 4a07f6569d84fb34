package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// wrapped is a label that wraps at word boundaries: an unwrapped label's
// minimum width is its whole text, and the window cannot be narrower.
func wrapped(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}

// minBox is an invisible object that gives a stack a minimum size.
func minBox(size fyne.Size) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(size)
	return r
}

// heading is a bold label over a group of settings.
func heading(text string) *widget.Label {
	return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// fitSelect gives a select the width of its longest option: its own
// minimum is its placeholder's, and a row sized by minimums cut the
// selected text short ("32 keys (41…").
func fitSelect(s *widget.Select) fyne.CanvasObject {
	th := theme.Current()
	w := float32(0)
	for _, o := range s.Options {
		w = max(w, fyne.MeasureText(o, th.Size(theme.SizeNameText), fyne.TextStyle{}).Width)
	}
	pad := th.Size(theme.SizeNameInnerPadding)
	return container.NewStack(minBox(fyne.NewSize(w+pad*4+th.Size(theme.SizeNameInlineIcon), 0)), s)
}
