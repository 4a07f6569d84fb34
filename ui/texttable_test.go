package ui

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// tableOf makes a table of n rows ("r<row>c<col>") in a test window of
// w×h, and records the rows render asked for.
func tableOf(t *testing.T, n int, w, h float32) (*textTable, map[int]bool) {
	t.Helper()
	test.NewTempApp(t)
	asked := map[int]bool{}
	tbl := newTextTable([]string{"a", "b", "c"}, []float32{80, 80, 80}, func() int { return n },
		func(row, col int) string { asked[row] = true; return fmt.Sprintf("r%dc%d", row, col) },
		func(row int) bool { return row%10 == 0 })
	win := test.NewWindow(tbl)
	t.Cleanup(win.Close)
	win.Resize(fyne.NewSize(w, h))
	tbl.Resize(fyne.NewSize(w, h))
	return tbl, asked
}

// sameColour compares premultiplied 8-bit channels, within the rounding
// of drawing a translucent colour.
func sameColour(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	near := func(x, y uint32) bool { return max(x>>8, y>>8)-min(x>>8, y>>8) <= 1 }
	return near(r1, r2) && near(g1, g2) && near(b1, b2) && near(a1, a2)
}

// inkRows reports, per row band of rh pixels, whether any pixel in the
// band (away from the column lines) has text on it.
func inkRows(img *image.RGBA, rh int) []bool {
	var rows []bool
	for y0 := 0; y0+rh <= img.Rect.Dy(); y0 += rh {
		found := false
		for y := y0; y < y0+rh && !found; y++ {
			for x := 4; x < 70; x++ {
				if img.RGBAAt(x, y).A > 128 {
					found = true
					break
				}
			}
		}
		rows = append(rows, found)
	}
	return rows
}

func TestTextTableDrawsTheRowsInView(t *testing.T) {
	tbl, asked := tableOf(t, 100, 240, 200)
	rh := tbl.rowHeight()
	vis := tbl.visibleRows()
	if want := int((200 - rh) / rh); vis != want || vis < 3 {
		t.Fatalf("%d rows in view, want %d", vis, want)
	}
	img := tbl.render(240, 200).(*image.RGBA)
	if len(asked) != vis+1 || !asked[0] || !asked[vis] || asked[vis+1] {
		t.Fatalf("asked for rows %v with %d in view (the last one cut)", asked, vis)
	}
	for i, on := range inkRows(img, int(rh)) {
		if !on {
			t.Errorf("row band %d has no text", i)
		}
	}
	// the column lines, the header band
	if c := img.At(79, int(rh)+2); !sameColour(c, tbl.colour(theme.ColorNameSeparator)) {
		t.Errorf("no column line at x=79: %v", c)
	}
	if c := img.At(239, 1); !sameColour(c, tbl.colour(theme.ColorNameHeaderBackground)) {
		t.Errorf("header background %v", c)
	}

	// at twice the scale: the same rows, twice the pixels, bigger glyphs
	clear(asked)
	img2 := tbl.render(480, 400).(*image.RGBA)
	if len(asked) != vis+1 {
		t.Errorf("at scale 2 asked for %d rows, want %d", len(asked), vis+1)
	}
	if img2.Rect.Dx() != 480 || tbl.glyphs.Height() < 2*int(theme.TextSize())-2 {
		t.Errorf("at scale 2: image %v, line height %d", img2.Rect, tbl.glyphs.Height())
	}
}

func TestTextTableScrollsSelectsAndFollows(t *testing.T) {
	tbl, asked := tableOf(t, 100, 240, 200)
	rh := tbl.rowHeight()
	vis := tbl.visibleRows()
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -5*rh)})
	if tbl.top != 5 {
		t.Fatalf("five rows down the wheel: top %v", tbl.top)
	}
	clear(asked)
	tbl.render(240, 200)
	if !asked[5] || asked[4] {
		t.Fatalf("scrolled to 5, drew rows %v", asked)
	}
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -1000*rh)})
	if int(tbl.top) != 100-vis {
		t.Fatalf("past the end: top %v, want %d", tbl.top, 100-vis)
	}
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, 1000*rh)})
	if tbl.top != 0 {
		t.Fatalf("past the start: top %v", tbl.top)
	}
	back := 0
	tbl.OnScrolledUp = func() { back++ }
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, rh)})
	if back != 0 {
		t.Fatal("a wheel back at the first row, which moved nothing, was told as scrolling back")
	}
	tbl.ScrollToBottom()
	if int(tbl.top) != 100-vis {
		t.Fatalf("ScrollToBottom: top %v", tbl.top)
	}
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, -rh)})
	if back != 0 {
		t.Fatal("a wheel on at the last row was told as scrolling back")
	}
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(0, rh)})
	if back != 1 || int(tbl.top) != 100-vis-1 {
		t.Fatalf("a row back from the bottom: told %d times, top %v", back, tbl.top)
	}
	tbl.ScrollToBottom()
	// across: the columns are 240 wide, the table too, so nothing to scroll
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(-50, 0)})
	if tbl.left != 0 || tbl.hthumb.Visible() {
		t.Fatalf("scrolled across %v (bottom bar shown: %v) with nothing hidden", tbl.left, tbl.hthumb.Visible())
	}

	picked := -1
	tbl.OnSelected = func(r int) { picked = r }
	tbl.Tapped(&fyne.PointEvent{Position: fyne.NewPos(20, rh*2.5)}) // the second row in view
	if want := 100 - vis + 1; picked != want || tbl.selected != want {
		t.Fatalf("tapped the second row in view: selected %d (told %d), want %d", tbl.selected, picked, want)
	}
	img := tbl.render(240, 200).(*image.RGBA)
	if c := img.At(75, int(rh*2.5)); !sameColour(c, tbl.colour(theme.ColorNameSelection)) {
		t.Errorf("the selected row is not highlighted: %v, want %v", c, tbl.colour(theme.ColorNameSelection))
	}
	picked = -1
	tbl.Tapped(&fyne.PointEvent{Position: fyne.NewPos(20, rh/2)})
	if picked != -1 {
		t.Errorf("a tap on the header selected row %d", picked)
	}

	// the bar: shown, and a drag on it scrolls; a drag elsewhere does not
	if !tbl.thumb.Visible() || tbl.thumb.Position().X != 240-tbl.barWidth() {
		t.Fatalf("thumb visible %v at %v", tbl.thumb.Visible(), tbl.thumb.Position())
	}
	tbl.top = 0
	tbl.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(100, 60)}, Dragged: fyne.NewDelta(0, 20)})
	tbl.DragEnd()
	if tbl.top != 0 {
		t.Fatalf("a drag off the bar scrolled to %v", tbl.top)
	}
	tbl.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(238, 60)}, Dragged: fyne.NewDelta(0, 20)})
	tbl.DragEnd()
	if want := 20 * 100 / float64(200-rh); tbl.top < want-0.01 || tbl.top > want+0.01 {
		t.Fatalf("a drag of 20 on the bar: top %v, want %.2f", tbl.top, want)
	}
}

func TestTextTableFewRowsAndNone(t *testing.T) {
	tbl, asked := tableOf(t, 2, 240, 200)
	if tbl.thumb.Visible() {
		t.Error("a bar for two rows that fit")
	}
	tbl.ScrollToBottom()
	if tbl.top != 0 {
		t.Errorf("two rows that fit: top %v", tbl.top)
	}
	tbl.render(240, 200)
	if len(asked) != 2 {
		t.Errorf("asked for %v", asked)
	}
	empty, asked0 := tableOf(t, 0, 240, 200)
	img := empty.render(240, 200).(*image.RGBA)
	if len(asked0) != 0 || !inkRows(img, int(empty.rowHeight()))[0] {
		t.Error("an empty table must still draw its header and ask for no rows")
	}
	empty.Tapped(&fyne.PointEvent{Position: fyne.NewPos(20, 100)})
	if empty.selected != -1 {
		t.Error("a tap under no rows selected one")
	}
}

func TestTextTableScrollsAcross(t *testing.T) {
	tbl, _ := tableOf(t, 100, 160, 200) // 240 of columns in 160
	if !tbl.hthumb.Visible() || tbl.hthumb.Size().Width != float32(160*160)/240 {
		t.Fatalf("bottom bar shown %v, %v wide", tbl.hthumb.Visible(), tbl.hthumb.Size().Width)
	}
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(-50, 0)})
	if tbl.left != 50 {
		t.Fatalf("scrolled across to %v, want 50", tbl.left)
	}
	tbl.Scrolled(&fyne.ScrollEvent{Scrolled: fyne.NewDelta(-500, 0)})
	if tbl.left != 80 {
		t.Fatalf("past the last column: %v, want 80", tbl.left)
	}
	// the first column is off screen: column b's text starts the image
	img := tbl.render(160, 200).(*image.RGBA)
	if c := img.At(79, int(tbl.rowHeight())+2); !sameColour(c, tbl.colour(theme.ColorNameSeparator)) {
		t.Errorf("column b's end line not at x=79 after scrolling 80 across: %v", c)
	}
	tbl.left = 0
	tbl.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(50, 198)}, Dragged: fyne.NewDelta(20, 0)})
	tbl.DragEnd()
	if tbl.left != 30 {
		t.Fatalf("a drag of 20 on the bottom bar: left %v, want 30", tbl.left)
	}
	picked := -1
	tbl.OnSelected = func(r int) { picked = r }
	tbl.Tapped(&fyne.PointEvent{Position: fyne.NewPos(50, 198)})
	if picked != -1 {
		t.Errorf("a tap on the bottom bar selected row %d", picked)
	}
}

// The log's 10 rows of 7 columns at scale 1: what a heavy frame pays to
// draw them (go test -bench TextTableRender ./ui).
func BenchmarkTextTableRender(b *testing.B) {
	test.NewTempApp(b)
	tbl := newTextTable(logHeader, []float32{95, 85, 120, 120, 40, 200, 100}, func() int { return 2000 },
		func(row, col int) string {
			return []string{"4574.207", "44.423", "bench", "note off", "1", "G3 (55) vel 0", "80 37 00"}[col]
		}, func(int) bool { return false })
	win := test.NewWindow(tbl)
	defer win.Close()
	tbl.Resize(fyne.NewSize(690, 250))
	tbl.render(690, 250)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tbl.render(690, 250)
	}
}
