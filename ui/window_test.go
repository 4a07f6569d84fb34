package ui

import (
	"image"
	"image/color"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

func TestWindowHasFourTabsInOrder(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{Version: "test"})
	defer w.Win.Close()
	var titles []string
	for _, it := range w.Tabs.Items {
		titles = append(titles, it.Text)
		if it.Content == nil {
			t.Errorf("tab %q has no content", it.Text)
		}
	}
	want := []string{"Devices", "Live input", "Keep-alive", "Sockets"}
	if len(titles) != len(want) {
		t.Fatalf("tabs %v, want %v", titles, want)
	}
	for i := range want {
		if titles[i] != want[i] {
			t.Fatalf("tabs %v, want %v", titles, want)
		}
	}
	if w.Win.Title() != "Benchtop" {
		t.Fatalf("title %q", w.Win.Title())
	}
}

func TestSwitchingTabsIsRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	state := filepath.Join(t.TempDir(), "window.json")
	w := build(a, Options{StatePath: state})
	if got := w.Tabs.SelectedIndex(); got != 0 {
		t.Fatalf("first start shows tab %d, want 0", got)
	}
	test.Tap(tabButton(t, w, "Sockets"))
	if got := w.Tabs.Selected().Text; got != "Sockets" {
		t.Fatalf("after tapping Sockets the selected tab is %q", got)
	}
	if got := loadState(state).get().LastTab; got != TabSockets {
		t.Fatalf("last tab in %s = %q, want %q", state, got, TabSockets)
	}
	w.Win.Close()

	// A new window on the same state file opens on the last tab...
	w2 := build(a, Options{StatePath: state})
	if got := w2.Tabs.Selected().Text; got != "Sockets" {
		t.Fatalf("reopened on %q, want Sockets", got)
	}
	w2.Win.Close()
	// ...unless --tab says otherwise.
	w3 := build(a, Options{StartTab: TabLive, StatePath: state})
	if got := w3.Tabs.Selected().Text; got != "Live input" {
		t.Fatalf("--tab live opened %q", got)
	}
	if w3.selectTab(TabKeepAlive); w3.Tabs.Selected().Text != "Keep-alive" || w3.shownTab() != TabKeepAlive {
		t.Fatalf("selectTab(TabKeepAlive) shows %q", w3.Tabs.Selected().Text)
	}
	w3.Win.Close()
}

func TestWindowSizeIsRemembered(t *testing.T) {
	a := test.NewTempApp(t)
	state := filepath.Join(t.TempDir(), "sub", "window.json")
	w := build(a, Options{StatePath: state})
	w.Win.Resize(fyne.NewSize(900, 640))
	w.saveSize()
	w.Win.Close()
	if st := loadState(state).get(); st.Width != 900 || st.Height != 640 {
		t.Fatalf("saved size %vx%v, want 900x640", st.Width, st.Height)
	}
	w2 := build(a, Options{StatePath: state})
	defer w2.Win.Close()
	if s := w2.Win.Canvas().Size(); s.Width != 900 || s.Height != 640 {
		t.Fatalf("reopened at %v, want 900x640", s)
	}
}

func TestThemeChoiceChangesColours(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{})
	defer w.Win.Close()
	w.Win.Resize(fyne.NewSize(600, 400))
	menu := w.Win.MainMenu()
	pick := func(label string) {
		for _, m := range menu.Items {
			for _, it := range m.Items {
				if it.Label == label {
					it.Action()
					return
				}
			}
		}
		t.Fatalf("no menu item %q", label)
	}
	pick("Dark theme")
	if !isDark(a) {
		t.Fatal("dark theme chosen but the app is not dark")
	}
	dark := w.Win.Canvas().Capture()
	pick("Light theme")
	if isDark(a) {
		t.Fatal("light theme chosen but the app is dark")
	}
	light := w.Win.Canvas().Capture()
	if w.state.get().Theme != themeLight {
		t.Fatalf("theme remembered = %q", w.state.get().Theme)
	}
	ld, dd := luminance(light, 300, 380), luminance(dark, 300, 380)
	if ld < 0.8 || dd > 0.3 {
		t.Fatalf("background luminance light=%.2f dark=%.2f: themes do not draw as chosen", ld, dd)
	}
	// Text stays readable: the light theme's foreground is dark.
	lightTheme := variantTheme{theme.DefaultTheme(), theme.VariantLight}
	if c := lightTheme.Color(theme.ColorNameForeground, theme.VariantDark); lum(c) > 0.5 {
		t.Fatal("light theme has a light foreground")
	}
}

func tabButton(t *testing.T, w *window, text string) fyne.Tappable {
	t.Helper()
	// AppTabs has no public tab buttons: find the tab's label on the canvas.
	var found fyne.Tappable
	walk(w.Win.Canvas().Content(), func(o fyne.CanvasObject) {
		if tp, ok := o.(fyne.Tappable); ok && found == nil {
			if textOf(o) == text {
				found = tp
			}
		}
	})
	if found == nil {
		t.Fatalf("no tab button %q", text)
	}
	return found
}

func luminance(img image.Image, x, y int) float64 {
	b := img.Bounds()
	return lum(img.At(b.Min.X+x*b.Dx()/600, b.Min.Y+y*b.Dy()/400))
}

// The window fits a small laptop screen (1280×720 less a panel): no tab's
// content may set a minimum size above the default one. A label that does
// not wrap or a row of buttons sized by its content once made the
// Keep-alive tab 1,333 px wide, and the window opened wider than the screen;
// the Live tab's round-trip form over its chart made it 784 px tall.
//
// At that size — the 1100×720 window (1100×757 with a window manager's
// title bar, as measured on a 1280×800 screen), less the menu bar Fyne
// draws inside it — every tab's primary action shows without scrolling
// (Start was below the Keep-alive form), and no control is cut at an edge:
// not by the window, not sideways by a scroller ("Comp…" in a toolbar that
// scrolled; what does not fit a toolbar now goes into its menu). Only
// settings in a form that scrolls down may be below the fold. The results
// tables show their most telling columns without scrolling.
func TestEveryTabFitsTheDefaultSize(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{Version: "test"})
	defer w.Win.Close()
	for _, it := range w.Tabs.Items {
		if m := it.Content.MinSize(); m.Width > defaultSize.Width || m.Height > defaultSize.Height {
			t.Errorf("tab %s: minimum size %.0f×%.0f, over the default window %.0f×%.0f", it.Text, m.Width, m.Height, defaultSize.Width, defaultSize.Height)
		}
	}
	// Fyne's GLFW driver draws the main menu inside the window (except on
	// macOS): a bar as tall as a menu title plus inner padding. The test
	// driver draws none, so the test window is that much shorter.
	size := defaultSize.SubtractWidthHeight(0, canvas.NewText("File", color.Black).MinSize().Height+theme.InnerPadding())
	if m := w.Tabs.MinSize().AddWidthHeight(2*theme.Padding(), 2*theme.Padding()); m.Width > size.Width || m.Height > size.Height {
		t.Fatalf("the tabs need %.0f×%.0f with the window's padding: the window opens larger than %.0f×%.0f (%.0f×%.0f under its menu bar)",
			m.Width, m.Height, defaultSize.Width, defaultSize.Height, size.Width, size.Height)
	}
	w.Win.Resize(size)
	primary := map[string]string{"Devices": "Import dump…", "Live input": "Open .mid…", "Keep-alive": "Start", "Sockets": "Start"}
	win := box{0, 0, w.Win.Canvas().Size().Width, w.Win.Canvas().Size().Height}
	for i, it := range w.Tabs.Items {
		w.Tabs.SelectIndex(i)
		w.Win.Resize(size)
		var cs []placedControl
		controls(w.Win.Canvas().Content(), fyne.Position{}, win, false, &cs)
		found := false
		for _, c := range cs {
			name := textOf(c.obj)
			if name == "" {
				if s, ok := c.obj.(*widget.Select); ok {
					name = "select " + s.Selected + s.PlaceHolder
				}
			}
			if name == primary[it.Text] {
				found = true
				if !c.at.within(c.view) {
					t.Errorf("tab %s: %q at %v is not in view %v", it.Text, name, c.at, c.view)
				}
			}
			sideways := box{c.view.x0, c.at.y0, c.view.x1, c.at.y1}
			if !c.at.within(win) && !c.scrolled || !c.at.within(sideways) {
				t.Errorf("tab %s: %q at %v is cut (view %v)", it.Text, name, c.at, c.view)
			}
		}
		if !found {
			t.Errorf("tab %s: no %q", it.Text, primary[it.Text])
		}
	}
	// the results tables show their most telling columns without scrolling
	for tab, n := range map[TabID]int{TabKeepAlive: 7, TabSockets: 9} {
		w.selectTab(tab)
		w.Win.Resize(size)
		p := w.panel(tab)
		if need := tableWidth(p.widths[:n]); need > p.table.Size().Width {
			t.Errorf("%s: the first %d columns need %.0f px, the table has %.0f", tab, n, need, p.table.Size().Width)
		}
	}
}

// box is a rectangle on the canvas.
type box struct{ x0, y0, x1, y1 float32 }

func (b box) within(o box) bool {
	const eps = 0.5
	return b.x0 >= o.x0-eps && b.x1 <= o.x1+eps && b.y0 >= o.y0-eps && b.y1 <= o.y1+eps
}

func (b box) cut(o box) box {
	return box{max(b.x0, o.x0), max(b.y0, o.y0), min(b.x1, o.x1), min(b.y1, o.y1)}
}

// placedControl is a visible control with where it is on the canvas and
// what of the canvas shows it: view is the window cut by every scroller
// around it; scrolled is true inside one that scrolls vertically.
type placedControl struct {
	obj      fyne.CanvasObject
	at, view box
	scrolled bool
}

// controls lists the visible buttons, selects and checks under o.
func controls(o fyne.CanvasObject, pos fyne.Position, view box, scrolled bool, out *[]placedControl) {
	if o == nil || !o.Visible() {
		return
	}
	p := pos.Add(o.Position())
	at := box{p.X, p.Y, p.X + o.Size().Width, p.Y + o.Size().Height}
	switch o.(type) {
	case *widget.Button, *widget.Select, *widget.Check:
		*out = append(*out, placedControl{o, at, view, scrolled})
		return
	case *widget.Table, *widget.Tree, *widget.List:
		return // their cells scroll by design
	}
	if s, ok := o.(*container.Scroll); ok {
		view = view.cut(at)
		scrolled = scrolled || s.Direction == container.ScrollBoth || s.Direction == container.ScrollVerticalOnly
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			controls(c, p, view, scrolled, out)
		}
	case fyne.Widget:
		for _, c := range test.WidgetRenderer(v).Objects() {
			controls(c, p, view, scrolled, out)
		}
	}
}
