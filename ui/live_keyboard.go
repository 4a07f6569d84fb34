package ui

import (
	"fmt"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"benchtop/devices/known"
	"benchtop/devices/midi"
)

// liveKeyboard is the piano: its range follows the connected device's card
// (the AKM322's 32 keys, notes 41–72, until told otherwise), 61 or 88 keys
// on request, shifted by octaves. Clicking a key plays it.
type liveKeyboard struct {
	piano  *piano
	layout *widget.Select

	mu     sync.Mutex
	card   *known.Card
	octave int
}

const (
	layout61 = "61 keys (36–96)"
	layout88 = "88 keys (21–108)"
)

// deviceLayout names the first layout: the connected device's keys.
func deviceLayout(c *known.Card) string {
	return fmt.Sprintf("%d keys (%d–%d) · device", c.Keys, c.LowNote, c.HighNote)
}

func newLiveKeyboard(pipe *midi.Pipeline) *liveKeyboard {
	k := &liveKeyboard{card: &known.AKM322}
	k.piano = newPiano(known.AKM322.LowNote, known.AKM322.HighNote)
	k.piano.OnNote = func(note, vel int) {
		if vel > 0 {
			pipe.Push("screen keyboard", []byte{0x90, byte(note), byte(vel)})
		} else {
			pipe.Push("screen keyboard", []byte{0x80, byte(note), 0})
		}
	}
	k.layout = widget.NewSelect([]string{deviceLayout(k.card), layout61, layout88}, func(string) { k.apply() })
	k.layout.SetSelected(deviceLayout(k.card))
	return k
}

func (k *liveKeyboard) view() fyne.CanvasObject {
	down := widget.NewButton("Octave −", func() { k.shift(-1) })
	up := widget.NewButton("Octave +", func() { k.shift(+1) })
	return container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewHBox(fitSelect(k.layout), down, up),
			wrapped("Every MIDI message as it is played: click the keys, plug in a keyboard and tick its input, or Open .mid… to replay a file.")),
		k.piano)
}

// setCard takes the range of a device that was connected.
func (k *liveKeyboard) setCard(c *known.Card) {
	if c == nil || c.LowNote == 0 || c.HighNote == 0 {
		return
	}
	k.mu.Lock()
	k.card = c
	k.mu.Unlock()
	doUI(func() {
		k.layout.Options[0] = deviceLayout(c)
		k.layout.SetSelected(k.layout.Options[0])
		k.apply()
	})
}

func (k *liveKeyboard) shift(by int) {
	k.mu.Lock()
	k.octave += by
	k.mu.Unlock()
	if !k.apply() {
		k.mu.Lock()
		k.octave -= by // off the MIDI range: stay
		k.mu.Unlock()
	}
}

// apply sets the keyboard's range from the layout and octave shift; it
// reports false when the shift leaves MIDI's 0–127.
func (k *liveKeyboard) apply() bool {
	k.mu.Lock()
	lo, hi := k.card.LowNote, k.card.HighNote
	oct := k.octave
	k.mu.Unlock()
	switch k.layout.SelectedIndex() {
	case 1:
		lo, hi = 36, 96
	case 2:
		lo, hi = 21, 108
	}
	lo, hi = lo+12*oct, hi+12*oct
	if lo < 0 || hi > 127 {
		return false
	}
	k.piano.setRange(lo, hi)
	return true
}

// show lights the held keys and draws the MPE voices (UI goroutine, at
// every frame with news: the piano touches only the keys that changed).
func (k *liveKeyboard) show(keys *midi.Keys) { k.piano.show(keys) }
