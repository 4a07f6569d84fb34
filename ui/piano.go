package ui

import (
	"image/color"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/midi"
)

// piano draws a keyboard from Low to High (MIDI notes) and lights the keys
// that are down, coloured by velocity. Pressing a key with the mouse plays
// it: OnNote(note, velocity) with velocity 0 for the release; the velocity
// follows how far down the key was pressed, as on a real key.
type piano struct {
	widget.BaseWidget
	OnNote func(note, velocity int)

	mu        sync.Mutex
	low, high int
	down      map[int]int // note → velocity
	mouseNote int
}

// newPiano makes a keyboard over notes low..high.
func newPiano(low, high int) *piano {
	p := &piano{low: low, high: high, down: map[int]int{}, mouseNote: -1}
	p.ExtendBaseWidget(p)
	return p
}

// setRange changes the keys shown (an octave shift, another device).
func (p *piano) setRange(low, high int) {
	p.mu.Lock()
	p.low, p.high = max(0, low), min(127, high)
	p.mu.Unlock()
	p.Refresh()
}

// keyRange returns the keys shown.
func (p *piano) keyRange() (int, int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.low, p.high
}

// setDown replaces the set of keys that are down (note → velocity).
func (p *piano) setDown(down map[int]int) {
	p.mu.Lock()
	p.down = down
	p.mu.Unlock()
	p.Refresh()
}

// keyDown reports a key's velocity, 0 when up.
func (p *piano) keyDown(note int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.down[note]
}

func isBlack(n int) bool {
	switch n % 12 {
	case 1, 3, 6, 8, 10:
		return true
	}
	return false
}

// layout returns each note's rectangle for a widget of size s.
func (p *piano) layout(s fyne.Size) map[int][4]float32 {
	p.mu.Lock()
	low, high := p.low, p.high
	p.mu.Unlock()
	whites := 0
	for n := low; n <= high; n++ {
		if !isBlack(n) {
			whites++
		}
	}
	if whites == 0 {
		return nil
	}
	w := s.Width / float32(whites)
	rects := map[int][4]float32{}
	x := float32(0)
	for n := low; n <= high; n++ {
		if isBlack(n) {
			rects[n] = [4]float32{x - w*0.3, 0, w * 0.6, s.Height * 0.62}
			continue
		}
		rects[n] = [4]float32{x, 0, w, s.Height}
		x += w
	}
	return rects
}

// noteAt is the key under a point (black keys first: they are on top).
func (p *piano) noteAt(pos fyne.Position) int {
	rects := p.layout(p.Size())
	for pass := 0; pass < 2; pass++ {
		for n, r := range rects {
			if isBlack(n) != (pass == 0) {
				continue
			}
			if pos.X >= r[0] && pos.X < r[0]+r[2] && pos.Y >= r[1] && pos.Y < r[1]+r[3] {
				return n
			}
		}
	}
	return -1
}

func (p *piano) MouseDown(e *desktop.MouseEvent) {
	n := p.noteAt(e.Position)
	if n < 0 {
		return
	}
	// deeper in the key is louder: 40..127
	vel := 40 + int(87*e.Position.Y/max(p.Size().Height, 1))
	p.mu.Lock()
	p.mouseNote = n
	p.mu.Unlock()
	if p.OnNote != nil {
		p.OnNote(n, min(vel, 127))
	}
}

func (p *piano) MouseUp(*desktop.MouseEvent) {
	p.mu.Lock()
	n := p.mouseNote
	p.mouseNote = -1
	p.mu.Unlock()
	if n >= 0 && p.OnNote != nil {
		p.OnNote(n, 0)
	}
}

func (p *piano) MinSize() fyne.Size { return fyne.NewSize(300, 110) }

func (p *piano) CreateRenderer() fyne.WidgetRenderer {
	r := &pianoRenderer{p: p}
	r.Refresh()
	return r
}

// pianoRenderer builds the keys once per range and size, and afterwards
// only recolours the keys whose state changed: a note is one rectangle
// repainted, not a keyboard rebuilt.
type pianoRenderer struct {
	p       *piano
	objects []fyne.CanvasObject
	keys    map[int]*canvas.Rectangle
	shown   map[int]int // the velocity each key is drawn with
	low     int
	high    int
	size    fyne.Size
}

func (r *pianoRenderer) Layout(fyne.Size)             { r.Refresh() }
func (r *pianoRenderer) MinSize() fyne.Size           { return r.p.MinSize() }
func (r *pianoRenderer) Destroy()                     {}
func (r *pianoRenderer) Objects() []fyne.CanvasObject { return r.objects }

// velocityColour goes from blue (soft) to orange (hard).
func velocityColour(v int) color.Color {
	t := float32(v) / 127
	return color.NRGBA{R: uint8(40 + 215*t), G: uint8(120 + 20*t), B: uint8(230 - 200*t), A: 255}
}

func keyColour(n, velocity int) color.Color {
	switch {
	case velocity > 0:
		return velocityColour(velocity)
	case isBlack(n):
		return color.NRGBA{0x1b, 0x1f, 0x27, 0xff}
	}
	return color.NRGBA{0xf4, 0xf4, 0xf0, 0xff}
}

func (r *pianoRenderer) Refresh() {
	p := r.p
	p.mu.Lock()
	low, high := p.low, p.high
	down := p.down
	p.mu.Unlock()
	if r.keys == nil || low != r.low || high != r.high || p.Size() != r.size {
		r.build(low, high, down)
		canvas.Refresh(p)
		return
	}
	for n, key := range r.keys {
		if v := down[n]; v != r.shown[n] {
			r.shown[n] = v
			key.FillColor = keyColour(n, v)
			key.Refresh()
		}
	}
}

func (r *pianoRenderer) build(low, high int, down map[int]int) {
	p := r.p
	r.low, r.high, r.size = low, high, p.Size()
	rects := p.layout(r.size)
	r.keys, r.shown = map[int]*canvas.Rectangle{}, map[int]int{}
	var objs []fyne.CanvasObject
	border := theme.Color(theme.ColorNameShadow)
	for pass := 0; pass < 2; pass++ { // whites, then blacks on top
		for n := low; n <= high; n++ {
			if isBlack(n) != (pass == 1) {
				continue
			}
			rc := rects[n]
			key := canvas.NewRectangle(keyColour(n, down[n]))
			key.StrokeColor = border
			key.StrokeWidth = 1
			key.CornerRadius = 3
			key.Move(fyne.NewPos(rc[0], rc[1]))
			key.Resize(fyne.NewSize(rc[2], rc[3]))
			r.keys[n], r.shown[n] = key, down[n]
			objs = append(objs, key)
			if n%12 == 0 && !isBlack(n) { // label the Cs
				t := canvas.NewText(noteLabel(n), color.NRGBA{0x55, 0x55, 0x55, 0xff})
				t.TextSize = 10
				t.Move(fyne.NewPos(rc[0]+3, rc[3]-16))
				objs = append(objs, t)
			}
		}
	}
	r.objects = objs
}

func noteLabel(n int) string { return midi.NoteName(n) }
