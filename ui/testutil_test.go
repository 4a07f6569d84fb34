package ui

import (
	"image/color"
	"os"
	"reflect"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// walk visits every object under o, descending into widgets' renderers.
func walk(o fyne.CanvasObject, f func(fyne.CanvasObject)) {
	if o == nil {
		return
	}
	f(o)
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			walk(c, f)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			walk(c, f)
		}
	}
}

// textOf returns the text a button-like widget shows.
func textOf(o fyne.CanvasObject) string {
	if l, ok := o.(*widget.Label); ok {
		return l.Text
	}
	v := reflect.ValueOf(o)
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		for _, name := range []string{"Text", "text"} { // container's tab buttons keep it unexported
			if f := v.FieldByName(name); f.IsValid() && f.Kind() == reflect.String {
				return f.String()
			}
		}
	}
	return ""
}

func lum(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 65535
}

// uiQueue stands in for Fyne's main loop in tests: background goroutines
// queue UI changes, the test goroutine runs them in pumpUI.
var uiQueue = make(chan func(), 4096)

func TestMain(m *testing.M) {
	doUI = func(f func()) { uiQueue <- f }
	os.Exit(m.Run())
}

// pumpUI runs the queued UI changes on the calling (test) goroutine.
func pumpUI() {
	for {
		select {
		case f := <-uiQueue:
			f()
		default:
			return
		}
	}
}
