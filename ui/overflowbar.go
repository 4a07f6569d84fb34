package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// barItem is one control of an overflowBar: obj shows in the bar while it
// fits; when it does not, menu (called when the menu opens, so it shows
// the current state) stands for it in the bar's "more" menu.
type barItem struct {
	obj  fyne.CanvasObject
	menu func() *fyne.MenuItem
}

// buttonItem is a bar item for a button: the same label and action in the
// menu.
func buttonItem(b *widget.Button) barItem {
	return barItem{obj: b, menu: func() *fyne.MenuItem {
		it := fyne.NewMenuItem(b.Text, b.OnTapped)
		it.Disabled = b.Disabled()
		return it
	}}
}

// selectItem is a bar item for a select: in the menu, a submenu named
// title with its options, the selected one checked.
func selectItem(title string, s *widget.Select) barItem {
	return barItem{obj: s, menu: func() *fyne.MenuItem {
		var items []*fyne.MenuItem
		for _, o := range s.Options {
			it := fyne.NewMenuItem(o, func() { s.SetSelected(o) })
			it.Checked = o == s.Selected
			items = append(items, it)
		}
		m := fyne.NewMenuItem(title, nil)
		m.ChildMenu = fyne.NewMenu(title, items...)
		return m
	}}
}

// overflowBar is a toolbar that never clips: its items show left to right
// while they fit its width, and the ones that do not are offered in a menu
// behind a "more" button at its end. Its minimum width is that of the
// button alone, so it never sets the window's width either.
type overflowBar struct {
	widget.BaseWidget
	items []barItem
	more  *widget.Button
	shown int // items shown in the bar; the rest are in the menu
}

func newOverflowBar(items ...barItem) *overflowBar {
	b := &overflowBar{items: items, shown: len(items)}
	b.more = widget.NewButtonWithIcon("", theme.MoreHorizontalIcon(), b.openMenu)
	b.more.Hide()
	b.ExtendBaseWidget(b)
	return b
}

// hidden returns the menu entries of the items that did not fit.
func (b *overflowBar) hidden() []*fyne.MenuItem {
	var out []*fyne.MenuItem
	for _, it := range b.items[b.shown:] {
		out = append(out, it.menu())
	}
	return out
}

func (b *overflowBar) openMenu() {
	c := fyne.CurrentApp().Driver().CanvasForObject(b.more)
	if c == nil {
		return
	}
	// under the button, its right edge on the button's: the button ends
	// the bar, often at the window's edge
	m := widget.NewPopUpMenu(fyne.NewMenu("", b.hidden()...), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(b.more)
	x := max(0, pos.X+b.more.Size().Width-m.MinSize().Width)
	m.ShowAtPosition(fyne.NewPos(x, pos.Y+b.more.Size().Height))
}

func (b *overflowBar) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{b.more}
	for _, it := range b.items {
		objs = append(objs, it.obj)
	}
	return &overflowRenderer{b: b, objs: objs}
}

type overflowRenderer struct {
	b    *overflowBar
	objs []fyne.CanvasObject
}

func (r *overflowRenderer) Destroy()                     {}
func (r *overflowRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *overflowRenderer) Refresh()                     { r.Layout(r.b.Size()) }

func (r *overflowRenderer) MinSize() fyne.Size {
	h := r.b.more.MinSize().Height
	for _, it := range r.b.items {
		h = max(h, it.obj.MinSize().Height)
	}
	return fyne.NewSize(r.b.more.MinSize().Width, h)
}

// Layout shows as many items as fit, in order; the rest go to the menu.
func (r *overflowRenderer) Layout(size fyne.Size) {
	pad := theme.Padding()
	items := r.b.items
	fits := func(n int) bool { // do the first n items fit, with the menu button if some are left out?
		w := float32(0)
		for _, it := range items[:n] {
			w += it.obj.MinSize().Width + pad
		}
		if n < len(items) {
			w += r.b.more.MinSize().Width + pad
		}
		return w-pad <= size.Width
	}
	n := len(items)
	for n > 0 && !fits(n) {
		n--
	}
	r.b.shown = n
	x := float32(0)
	place := func(o fyne.CanvasObject) {
		w := o.MinSize().Width
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w + pad
	}
	for i, it := range items {
		if i < n {
			it.obj.Show()
			place(it.obj)
		} else {
			it.obj.Hide()
		}
	}
	if n < len(items) {
		r.b.more.Show()
		place(r.b.more)
	} else {
		r.b.more.Hide()
	}
}
