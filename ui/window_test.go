package ui

import (
	"image"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
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
	if got := loadState(state).get().LastTab; got != 3 {
		t.Fatalf("last tab in %s = %d, want 3", state, got)
	}
	w.Win.Close()

	// A new window on the same state file opens on the last tab...
	w2 := build(a, Options{StatePath: state})
	if got := w2.Tabs.Selected().Text; got != "Sockets" {
		t.Fatalf("reopened on %q, want Sockets", got)
	}
	w2.Win.Close()
	// ...unless --tab says otherwise.
	w3 := build(a, Options{StartTab: "live", StatePath: state})
	if got := w3.Tabs.Selected().Text; got != "Live input" {
		t.Fatalf("--tab live opened %q", got)
	}
	if !w3.selectTab("keepalive") || w3.Tabs.Selected().Text != "Keep-alive" {
		t.Fatal("selectTab(keepalive) did not select Keep-alive")
	}
	if w3.selectTab("nope") {
		t.Fatal("selectTab accepted an unknown key")
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
// Keep-alive tab 1,333 px wide, and the window opened wider than the screen.
func TestEveryTabFitsTheDefaultSize(t *testing.T) {
	a := test.NewTempApp(t)
	w := build(a, Options{Version: "test"})
	defer w.Win.Close()
	for _, it := range w.Tabs.Items {
		if m := it.Content.MinSize(); m.Width > defaultSize.Width || m.Height > defaultSize.Height {
			t.Errorf("tab %s: minimum size %.0f×%.0f, over the default window %.0f×%.0f", it.Text, m.Width, m.Height, defaultSize.Width, defaultSize.Height)
		}
	}
}
