package ui

import (
	"image"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

func TestTextBlockWrapsAndDrawsEveryLine(t *testing.T) {
	test.NewTempApp(t)
	b := newTextBlock()
	win := test.NewWindow(b)
	defer win.Close()
	text := "23 messages/s · 184 in all · 0 dropped from history (keeps 5000)\nheld: C4\nnote on 92 · note off 92"
	b.SetText(text)
	b.Resize(fyne.NewSize(1000, 200))
	if got := b.wrap(1000); len(got) != 3 || got[1] != "held: C4" {
		t.Fatalf("wide: lines %q", got)
	}
	wide := b.MinSize().Height
	b.Resize(fyne.NewSize(180, 200))
	lines := b.wrap(180)
	if len(lines) < 5 || strings.Join(lines, " ") != strings.ReplaceAll(text, "\n", " ") {
		t.Fatalf("narrow: lines %q", lines)
	}
	for _, l := range lines {
		if w := b.units.Measure(l, 0); w > int(180-2*b.pad()) && strings.Contains(l, " ") {
			t.Errorf("line %q is %d wide in %v", l, w, 180-2*b.pad())
		}
	}
	if narrow := b.MinSize().Height; narrow <= wide {
		t.Fatalf("narrow needs %v, wide %v", narrow, wide)
	}
	h := int(b.MinSize().Height)
	b.Resize(fyne.NewSize(180, float32(h)))
	img := b.render(180, h).(*image.RGBA)
	lh := int(b.lineHeight())
	for i := range lines {
		y0 := int(b.pad()) + i*lh
		ink := 0
		for y := y0; y < y0+lh; y++ {
			for x := 0; x < 180; x++ {
				if img.RGBAAt(x, y).A > 128 {
					ink++
				}
			}
		}
		if ink < 20 {
			t.Errorf("line %d (%q) drew %d px", i, lines[i], ink)
		}
	}
	b.SetText("")
	if b.MinSize() != (fyne.Size{}) {
		t.Errorf("empty: min size %v", b.MinSize())
	}
}
