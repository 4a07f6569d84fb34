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
// that are down, coloured by velocity. An MPE voice (a note on a member
// channel) also shows its own expression on its key: a bar rising from the
// bottom of the key with the pressure, coloured by the timbre (CC 74), and
// a marker where the note sounds with its bend (over the key a bend of a
// whole tone reaches). Pressing a key with the mouse plays it: OnNote(note,
// velocity) with velocity 0 for the release; the velocity follows how far
// down the key was pressed, as on a real key.
type piano struct {
	widget.BaseWidget
	OnNote func(note, velocity int)

	mu        sync.Mutex
	low, high int
	vel       [128]uint8 // the velocity each key is down with, 0: up
	voices    [maxVoices]pianoVoice
	nVoices   int
	mouseNote int
	r         *pianoRenderer // once Fyne made it
}

// pianoVoice is an MPE voice as the piano shows it.
type pianoVoice struct {
	note             int
	semitones        float64
	pressure, timbre int
}

// maxVoices: MPE has at most 15 member channels, one voice each.
const maxVoices = 16

// newPiano makes a keyboard over notes low..high.
func newPiano(low, high int) *piano {
	p := &piano{low: low, high: high, mouseNote: -1}
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

// show lights the keys held in k and draws its MPE voices, recolouring,
// moving and resizing only what changed: a message is a rectangle or two
// repainted, in the frame that reads it, with no allocation. UI goroutine.
func (p *piano) show(k *midi.Keys) {
	p.mu.Lock()
	p.vel = [128]uint8{}
	for _, h := range k.Held {
		if h.Note >= 0 && h.Note < 128 {
			p.vel[h.Note] = max(p.vel[h.Note], uint8(h.Velocity))
		}
	}
	p.nVoices = 0
	for _, v := range k.Voices {
		if p.nVoices == maxVoices {
			break
		}
		p.voices[p.nVoices] = pianoVoice{note: v.Note, semitones: v.Semitones, pressure: v.Pressure, timbre: v.Timbre}
		p.nVoices++
	}
	r := p.r
	p.mu.Unlock()
	if r != nil {
		r.apply()
	}
}

// setKey lights one key (velocity 0: up), bypassing the pipeline (the
// window's floor in make bench-gui). UI goroutine.
func (p *piano) setKey(note, velocity int) {
	p.mu.Lock()
	p.vel[note] = uint8(velocity)
	r := p.r
	p.mu.Unlock()
	if r != nil {
		r.apply()
	}
}

// keyDown reports a key's velocity, 0 when up.
func (p *piano) keyDown(note int) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if note < 0 || note > 127 {
		return 0
	}
	return int(p.vel[note])
}

func isBlack(n int) bool {
	switch n % 12 {
	case 1, 3, 6, 8, 10:
		return true
	}
	return false
}

// layout returns each note's rectangle (x, y, width, height) for a widget
// of size s.
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
	p.mu.Lock()
	p.r = r
	p.mu.Unlock()
	return r
}

// pianoRenderer builds the keys once per range and size, and afterwards
// only recolours the keys whose state changed and moves the voices' marks.
type pianoRenderer struct {
	p       *piano
	objects []fyne.CanvasObject
	keys    [128]*canvas.Rectangle // nil: not shown
	rects   [128][4]float32
	shown   [128]uint8 // the velocity each key is drawn with
	marks   [maxVoices]voiceMark
	low     int
	high    int
	size    fyne.Size
}

// voiceMark is an MPE voice on the keys: the pressure bar and the bend
// marker, hidden while unused.
type voiceMark struct {
	bar, bend *canvas.Rectangle
	shown     pianoVoice
	used      bool
}

func (r *pianoRenderer) Layout(fyne.Size)             { r.Refresh() }
func (r *pianoRenderer) MinSize() fyne.Size           { return r.p.MinSize() }
func (r *pianoRenderer) Destroy()                     {}
func (r *pianoRenderer) Objects() []fyne.CanvasObject { return r.objects }

// Colours are made once: a colour boxed in an interface is an allocation.
var (
	whiteKey, blackKey = color.Color(color.NRGBA{0xf4, 0xf4, 0xf0, 0xff}), color.Color(color.NRGBA{0x1b, 0x1f, 0x27, 0xff})
	bendColour         = color.Color(color.NRGBA{0xe0, 0x1e, 0x5a, 0xff})
	velocityColours    = palette(func(t float32) color.NRGBA { // blue (soft) to orange (hard)
		return color.NRGBA{R: uint8(40 + 215*t), G: uint8(120 + 20*t), B: uint8(230 - 200*t), A: 255}
	})
	timbreColours = palette(func(t float32) color.NRGBA { // teal (dark) to violet (bright)
		return color.NRGBA{R: uint8(20 + 200*t), G: uint8(170 - 130*t), B: uint8(150 + 90*t), A: 230}
	})
)

func palette(f func(t float32) color.NRGBA) (p [128]color.Color) {
	for i := range p {
		p[i] = f(float32(i) / 127)
	}
	return p
}

func keyColour(n, velocity int) color.Color {
	switch {
	case velocity > 0:
		return velocityColours[min(velocity, 127)]
	case isBlack(n):
		return blackKey
	}
	return whiteKey
}

func (r *pianoRenderer) Refresh() {
	p := r.p
	p.mu.Lock()
	low, high := p.low, p.high
	p.mu.Unlock()
	if r.objects == nil || low != r.low || high != r.high || p.Size() != r.size {
		r.build(low, high)
		canvas.Refresh(p)
	}
	r.apply()
}

// apply brings the keys and marks to the piano's state, touching only
// what changed. UI goroutine.
func (r *pianoRenderer) apply() {
	p := r.p
	p.mu.Lock()
	defer p.mu.Unlock()
	for n := r.low; n <= r.high; n++ {
		if v := p.vel[n]; v != r.shown[n] {
			r.shown[n] = v
			r.keys[n].FillColor = keyColour(n, int(v))
			r.keys[n].Refresh()
		}
	}
	for i := range r.marks {
		m := &r.marks[i]
		if i >= p.nVoices || p.voices[i].note < r.low || p.voices[i].note > r.high {
			if m.used {
				m.used = false
				m.bar.Hide()
				m.bend.Hide()
			}
			continue
		}
		v := p.voices[i]
		if m.used && m.shown == v {
			continue
		}
		r.place(m, v)
	}
}

// place draws voice v with mark m: the pressure bar on its key, the bend
// marker where the note sounds.
func (r *pianoRenderer) place(m *voiceMark, v pianoVoice) {
	k := r.rects[v.note]
	h := k[3] * 0.55 * float32(v.pressure) / 127
	m.bar.FillColor = timbreColours[min(max(v.timbre, 0), 127)]
	m.bar.Move(fyne.NewPos(k[0]+k[2]*0.3, k[3]-4-h))
	m.bar.Resize(fyne.NewSize(k[2]*0.4, h))
	m.bend.Move(fyne.NewPos(r.pitchX(float64(v.note)+v.semitones)-1.5, r.size.Height*0.66))
	m.bend.Resize(fyne.NewSize(3, r.size.Height*0.34-2))
	if !m.used {
		m.bar.Show()
		m.bend.Show()
	}
	m.bar.Refresh()
	m.bend.Refresh()
	m.shown, m.used = v, true
}

// pitchX is where a pitch (a note and a fraction) lies along the keys:
// between the centres of the two keys around it, held to the keys shown.
func (r *pianoRenderer) pitchX(pitch float64) float32 {
	pitch = min(max(pitch, float64(r.low)), float64(r.high))
	n := int(pitch)
	centre := func(n int) float32 { return r.rects[n][0] + r.rects[n][2]/2 }
	if n >= r.high {
		return centre(r.high)
	}
	f := float32(pitch - float64(n))
	return centre(n) + f*(centre(n+1)-centre(n))
}

func (r *pianoRenderer) build(low, high int) {
	p := r.p
	r.low, r.high, r.size = low, high, p.Size()
	rects := p.layout(r.size)
	r.keys, r.shown, r.rects = [128]*canvas.Rectangle{}, [128]uint8{}, [128][4]float32{}
	var objs []fyne.CanvasObject
	border := theme.Color(theme.ColorNameShadow)
	for pass := 0; pass < 2; pass++ { // whites, then blacks on top
		for n := low; n <= high; n++ {
			if isBlack(n) != (pass == 1) {
				continue
			}
			rc := rects[n]
			key := canvas.NewRectangle(keyColour(n, 0))
			key.StrokeColor = border
			key.StrokeWidth = 1 // square corners: a rounded rectangle costs a software renderer a shader per pixel
			key.Move(fyne.NewPos(rc[0], rc[1]))
			key.Resize(fyne.NewSize(rc[2], rc[3]))
			r.keys[n], r.rects[n] = key, rc
			objs = append(objs, key)
			if n%12 == 0 && !isBlack(n) { // label the Cs
				t := canvas.NewText(noteLabel(n), color.NRGBA{0x55, 0x55, 0x55, 0xff})
				t.TextSize = 10
				t.Move(fyne.NewPos(rc[0]+3, rc[3]-16))
				objs = append(objs, t)
			}
		}
	}
	for i := range r.marks { // the voices on top of the keys
		bar, bend := canvas.NewRectangle(timbreColours[64]), canvas.NewRectangle(bendColour)
		bar.Hide()
		bend.Hide()
		r.marks[i] = voiceMark{bar: bar, bend: bend}
		objs = append(objs, bar, bend)
	}
	r.objects = objs
}

func noteLabel(n int) string { return midi.NoteName(n) }
