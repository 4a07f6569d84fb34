package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// The bar shows what fits, in order, and offers the rest in its menu with
// the same actions; wide enough, it shows everything and no menu button.
func TestOverflowBarMovesWhatDoesNotFitIntoItsMenu(t *testing.T) {
	test.NewTempApp(t)
	tapped := ""
	btn := func(s string) *widget.Button { return widget.NewButton(s, func() { tapped = s }) }
	size := widget.NewSelect([]string{"small", "large"}, nil)
	size.SetSelected("small")
	b := newOverflowBar(buttonItem(btn("Open")), buttonItem(btn("Compare")), selectItem("Size", size), buttonItem(btn("Export report…")))
	w := test.NewWindow(b)
	defer w.Close()
	w.SetPadded(false)

	w.Resize(fyne.NewSize(1000, 50))
	if b.shown != 4 || b.more.Visible() {
		t.Fatalf("wide: %d shown, menu button visible %v", b.shown, b.more.Visible())
	}
	w.Resize(fyne.NewSize(b.items[0].obj.MinSize().Width+b.items[1].obj.MinSize().Width+b.more.MinSize().Width+20, 50))
	if b.shown != 2 || !b.more.Visible() || b.items[2].obj.Visible() || b.items[3].obj.Visible() {
		t.Fatalf("narrow: %d shown, menu button %v", b.shown, b.more.Visible())
	}
	if r := b.more.Position().X + b.more.Size().Width; r > b.Size().Width {
		t.Fatalf("the menu button ends at %.0f, past the bar's %.0f", r, b.Size().Width)
	}
	menu := b.hidden()
	if len(menu) != 2 || menu[0].Label != "Size" || menu[1].Label != "Export report…" {
		t.Fatalf("menu %v", menu)
	}
	if sub := menu[0].ChildMenu.Items; len(sub) != 2 || !sub[0].Checked || sub[1].Checked {
		t.Fatalf("size submenu does not check the selected size: %+v", sub)
	}
	menu[0].ChildMenu.Items[1].Action()
	menu[1].Action()
	if size.Selected != "large" || tapped != "Export report…" {
		t.Fatalf("menu actions: size %q, tapped %q", size.Selected, tapped)
	}
	if m := b.MinSize().Width; m > b.more.MinSize().Width+0.5 {
		t.Fatalf("minimum width %.0f: more than the menu button", m)
	}
}
