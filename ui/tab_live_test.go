package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"gitlab.com/gomidi/midi/v2/drivers"
	"gitlab.com/gomidi/midi/v2/drivers/testdrv"

	"benchtop/devices/known"
	"benchtop/devices/midi"
)

func liveWindow(t *testing.T) (*window, *liveTab, drivers.Driver) {
	return liveWindowWith(t, testdrv.New("kbd"))
}

// liveWindowWith is liveWindow on a driver of the test's (its port names
// decide which device card applies).
func liveWindowWith(t *testing.T, drv drivers.Driver) (*window, *liveTab, drivers.Driver) {
	a := test.NewTempApp(t)
	w := build(a, Options{StartTab: TabLive, MIDI: midi.Fixed(drv)})
	t.Cleanup(func() { w.stopAll(); w.Win.Close() })
	w.Win.Resize(fyne.NewSize(1100, 760))
	return w, w.tab.live, drv
}

func TestPianoKeyLightsAndClears(t *testing.T) {
	_, tab, _ := liveWindow(t)
	p := tab.keys.piano
	p.Resize(fyne.NewSize(640, 110))
	// a note-on from the pipeline lights exactly that key
	tab.pipe.Push("test", []byte{0x90, 60, 100})
	if !eventually(t, 2*time.Second, func() bool { return p.keyDown(60) == 100 }) {
		t.Fatal("note-on did not light C4")
	}
	if p.keyDown(59) != 0 || p.keyDown(61) != 0 {
		t.Fatal("a neighbouring key lit up")
	}
	tab.pipe.Push("test", []byte{0x90, 60, 0}) // velocity 0 is note off
	if !eventually(t, 2*time.Second, func() bool { return p.keyDown(60) == 0 }) {
		t.Fatal("note-off did not clear C4")
	}
	// the range is the device card's: the AKM322's until another is connected
	lo, hi := p.keyRange()
	if lo != known.AKM322.LowNote || hi != known.AKM322.HighNote {
		t.Fatalf("AKM322 layout is %d–%d, want %d–%d", lo, hi, known.AKM322.LowNote, known.AKM322.HighNote)
	}
	// pressing a key with the mouse plays it into the pipeline
	first := p.layout(p.Size())[41]
	p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(first[0]+2, first[3]-5)}})
	p.MouseUp(&desktop.MouseEvent{})
	v := tab.pipe.Snapshot(midi.Filter{})
	if len(v.Events) < 2 || v.Events[len(v.Events)-2].Msg.Note != 41 || v.Events[len(v.Events)-2].Msg.Type != midi.TypeNoteOn || v.Events[len(v.Events)-1].Msg.Type != midi.TypeNoteOff {
		t.Fatalf("mouse play: %+v", v.Events)
	}
	// octave shift, the 88-key layout, and the edge of MIDI's range
	tab.keys.shift(+1)
	if lo, hi := p.keyRange(); lo != 53 || hi != 84 {
		t.Fatalf("octave up: %d–%d", lo, hi)
	}
	tab.keys.shift(-1)
	tab.keys.layout.SetSelected(layout88)
	if lo, hi := p.keyRange(); lo != 21 || hi != 108 {
		t.Fatalf("88 keys: %d–%d", lo, hi)
	}
	tab.keys.shift(+2) // 108+24 > 127: refused
	if lo, hi := p.keyRange(); lo != 21 || hi != 108 || tab.keys.octave != 0 {
		t.Fatalf("off-range shift applied: %d–%d octave %d", lo, hi, tab.keys.octave)
	}
	if n := p.noteAt(fyne.NewPos(1, 100)); n != 21 {
		t.Fatalf("leftmost key is %d, want A0 (21)", n)
	}
	// another device's card sets another range
	tab.keys.setCard(&known.Card{Name: "Test 49", Keys: 49, LowNote: 36, HighNote: 84})
	pumpUI()
	if lo, hi := p.keyRange(); lo != 36 || hi != 84 || tab.keys.layout.Selected != "49 keys (36–84) · device" {
		t.Fatalf("card range: %d–%d (%q)", lo, hi, tab.keys.layout.Selected)
	}
}

// MPE on the keys: a voice on a member channel shows its pressure as a bar
// on its key coloured by its timbre, and its bend as a marker where the
// note sounds, between keys for a fraction of a semitone; note off hides
// both. Fed through the pipeline as a keyboard would send it.
func TestPianoShowsMPEVoices(t *testing.T) {
	_, tab, _ := liveWindow(t)
	p := tab.keys.piano
	p.Resize(fyne.NewSize(640, 110))
	for _, m := range [][]byte{
		{0xb0, 101, 0}, {0xb0, 100, 6}, {0xb0, 6, 3}, {0xb0, 38, 0}, // lower zone: members 2–4
		{0x91, 60, 100}, {0xe1, 0x00, 0x48}, {0xd1, 127}, {0xb1, 74, 20}, // C4 on channel 2: +6 of ±48 semitones
		{0x90, 50, 90}, // a plain note on the manager channel: no voice
	} {
		tab.pipe.Push("test", m)
	}
	rects := p.layout(p.Size())
	centre := func(n int) float32 { return rects[n][0] + rects[n][2]/2 }
	mark := func() *voiceMark { return &p.r.marks[0] }
	if !eventually(t, 2*time.Second, func() bool { return mark().used && mark().shown.timbre == 20 }) {
		t.Fatalf("no voice drawn: %+v", mark().shown)
	}
	if p.keyDown(60) != 100 || p.keyDown(50) != 90 || mark().bend.Hidden || mark().bar.Hidden || p.r.marks[1].used {
		t.Fatalf("keys %d %d, marks %+v %+v", p.keyDown(60), p.keyDown(50), *mark(), p.r.marks[1])
	}
	if x := mark().bend.Position().X + 1.5; x != centre(66) {
		t.Errorf("bend marker at %.1f, want F#4's centre %.1f", x, centre(66))
	}
	bar := mark().bar
	if h := bar.Size().Height; h != rects[60][3]*0.55 || bar.Position().X != rects[60][0]+rects[60][2]*0.3 {
		t.Errorf("pressure bar %v at %v, want full (%.1f) on C4", bar.Size(), bar.Position(), rects[60][3]*0.55)
	}
	if bar.FillColor != timbreColours[20] {
		t.Errorf("pressure bar colour %v, want timbre 20's %v", bar.FillColor, timbreColours[20])
	}
	// +1.5 semitones: halfway between C#4 and D4; no pressure: no bar
	tab.pipe.Push("test", []byte{0xe1, 0x00, 0x42})
	tab.pipe.Push("test", []byte{0xd1, 0})
	want := centre(61) + (centre(62)-centre(61))/2
	if !eventually(t, 2*time.Second, func() bool { return mark().bend.Position().X+1.5 == want && mark().bar.Size().Height == 0 }) {
		t.Fatalf("bend marker at %.1f, want %.1f; bar %v", mark().bend.Position().X+1.5, want, mark().bar.Size())
	}
	tab.pipe.Push("test", []byte{0x81, 60, 0})
	if !eventually(t, 2*time.Second, func() bool { return !mark().used && mark().bend.Hidden && mark().bar.Hidden }) {
		t.Fatal("note off: the voice's marks still shown")
	}
}

func TestLiveTabPortLogFiltersExportAndReplay(t *testing.T) {
	_, tab, drv := liveWindow(t)
	tab.ports.rescan()
	if !eventually(t, 2*time.Second, func() bool { return len(tab.ports.sel.Options) == 1 }) {
		t.Fatalf("ports %v", tab.ports.sel.Options)
	}
	tab.ports.sel.SetSelected([]string{"kbd-in"})
	if !eventually(t, 3*time.Second, func() bool { return strings.Contains(tab.ports.msg.Text, "listening") }) {
		t.Fatalf("port state %q", tab.ports.msg.Text)
	}
	outs, _ := drv.Outs()
	outs[0].Open()
	for _, m := range [][]byte{{0x90, 64, 90}, {0xb0, 21, 70}, {0xf8}, {0xe0, 0, 0x50}, {0x80, 64, 0}} {
		outs[0].Send(m)
	}
	if !eventually(t, 3*time.Second, func() bool { return len(tab.log.rows) == 4 }) { // the clock is hidden
		t.Fatalf("log rows %d", len(tab.log.rows))
	}
	tab.log.table.OnScrolledUp()
	if tab.log.auto.Checked {
		t.Fatal("scrolling back must stop auto-scroll")
	}
	tab.log.auto.SetChecked(true)
	tab.log.table.Select(0)
	if tab.log.auto.Checked {
		t.Fatal("selecting a row must stop auto-scroll")
	}
	if tab.log.cell(2, 3) != midi.TypeCC || tab.log.cell(2, 2) != "kbd-in" || tab.log.cell(2, 6) != "B0 15 46" {
		t.Fatalf("row 2: %q %q %q", tab.log.cell(2, 2), tab.log.cell(2, 3), tab.log.cell(2, 6))
	}
	if bar, ok := tab.side.bars[1<<8|21]; !ok || bar.value != 70 || bar.text.Text != "CC21 Knob 1 (ch 1): 70" {
		t.Fatal("no meter for CC21 named from the card")
	}
	tab.log.types.SetSelected(midi.TypeNoteOn)
	if !eventually(t, 2*time.Second, func() bool { return len(tab.log.rows) == 1 }) {
		t.Fatalf("type filter: %d rows", len(tab.log.rows))
	}
	tab.log.types.SetSelected("all types")
	// export the log
	dir := t.TempDir()
	rows := exportedCSV(t, tab.log)
	if len(rows) != 6 || rows[0][1] != "t_us" || rows[3][4] != midi.TypeClock {
		t.Fatalf("csv rows %v", rows)
	}
	if err := tab.log.export(filepath.Join(dir, "log.txt")); err == nil {
		t.Fatal("a .txt log must be refused")
	}
	// replay a file, recording it
	var buf bytes.Buffer
	midi.WriteSMF(&buf, []midi.Timed{{At: 0, Raw: []byte{0x90, 50, 80}}, {At: 60 * time.Millisecond, Raw: []byte{0x80, 50, 0}}})
	mid := filepath.Join(dir, "x.mid")
	os.WriteFile(mid, buf.Bytes(), 0o644)
	if err := tab.replay.load(mid); err != nil {
		t.Fatal(err)
	}
	tab.replay.toggleRecord()
	tab.replay.start()
	if !eventually(t, 3*time.Second, func() bool {
		tab.replay.mu.Lock()
		defer tab.replay.mu.Unlock()
		return tab.replay.cancel == nil && tab.replay.rec != nil && tab.replay.rec.Len() >= 2
	}) {
		t.Fatal("replay did not reach the pipeline")
	}
	v := tab.pipe.Snapshot(midi.Filter{Types: map[string]bool{midi.TypeNoteOn: true}})
	if last := v.Events[len(v.Events)-1]; last.Port != "file" || last.Msg.Note != 50 {
		t.Fatalf("last note-on %+v", last)
	}
}

// At rest the tab draws nothing: no message, no redraw (issue #15: a
// timer that redraws unchanged views burned half a core).
func TestLiveTabRestsWhenNothingHappens(t *testing.T) {
	_, tab, _ := liveWindow(t)
	tab.pipe.Push("test", []byte{0x90, 60, 100})
	tab.pipe.Push("test", []byte{0x80, 60, 0})
	// the once-a-second look redraws until messages/s falls to 0, then
	// the last held-back statistics come, then nothing is due
	idle := regexp.MustCompile(`(?m)^0 messages/s`)
	if !eventually(t, 5*time.Second, func() bool {
		return len(tab.log.rows) == 2 && !tab.busy.Load() && !tab.due.Load() && !tab.pending && !tab.installsWaiting() && idle.MatchString(tab.side.stats.Text())
	}) {
		t.Fatalf("not at rest: %d rows, busy %v, due %v, pending %v, statistics %q", len(tab.log.rows), tab.busy.Load(), tab.due.Load(), tab.pending, tab.side.stats.Text())
	}
	// the gap histogram, rendered off the UI goroutine, reached the screen
	// through the heavy parts' frame (chartView.install)
	if !eventually(t, 5*time.Second, func() bool { return tab.side.gaps.renders.Load() > 0 && tab.side.gaps.raster.Image != nil }) {
		t.Fatalf("the gap chart was rendered %d times, shown: %v", tab.side.gaps.renders.Load(), tab.side.gaps.raster.Image != nil)
	}
	before := tab.log.last
	stats := tab.side.stats.Text()
	// one of the refresh loop's once-a-second looks passes: nothing is queued
	looks := tab.looks.Load()
	if !eventually(t, 5*time.Second, func() bool { return tab.looks.Load() >= looks+1 }) {
		t.Fatal("the refresh loop stopped looking")
	}
	if n := len(uiQueue); n != 0 {
		t.Fatalf("%d UI updates queued while nothing happened", n)
	}
	if tab.log.last != before || tab.side.stats.Text() != stats {
		t.Fatal("the view changed with no message")
	}
	// hidden: messages do not draw; shown again: everything at once
	waiting := tab.probe.Pending() // no paint in this test: the first two wait
	tab.w.selectTab(TabDevices)
	tab.pipe.Push("test", []byte{0x90, 62, 100})
	if !eventually(t, 2*time.Second, func() bool { return len(tab.pipe.Changes()) == 0 }) {
		t.Fatal("the refresh loop did not take the change")
	}
	pumpUI()
	if len(tab.log.rows) != 2 || tab.keys.piano.keyDown(62) != 0 {
		t.Fatal("a hidden tab drew")
	}
	tab.w.selectTab(TabLive)
	if !eventually(t, 2*time.Second, func() bool { return len(tab.log.rows) == 3 && tab.keys.piano.keyDown(62) == 100 }) {
		t.Fatal("shown again: not redrawn")
	}
	if n := tab.probe.Pending(); n != waiting {
		t.Fatalf("%d messages that came while the tab was hidden timed as key to pixel", n-waiting)
	}
}

// Key to pixel: the probe stamps a message when the frame that shows it is
// painted (here Fyne's software painter, on Capture), not when the view is
// prepared; the statistics say so; and a burst's log rows and statistics
// held back by their 5 Hz limit still arrive once the burst ends.
func TestLiveTabMeasuresKeyToPixel(t *testing.T) {
	w, tab, _ := liveWindow(t)
	for i := 0; i < 40; i++ {
		tab.pipe.Push("test", []byte{0x90, byte(50 + i%10), 100})
	}
	pushed := time.Now()
	if !eventually(t, 2*time.Second, func() bool { return tab.probe.Pending() == 40 }) {
		t.Fatalf("%d of the frame's 40 messages handed to the probe", tab.probe.Pending())
	}
	if tab.probe.Line() != "" {
		t.Fatal("stamped before any paint")
	}
	time.Sleep(5 * time.Millisecond) // a gap the stamp must include
	painting := time.Now()
	w.Win.Canvas().Capture() // a paint
	if s := tab.probe.Line(); !strings.Contains(s, "key → pixel") || !strings.Contains(s, "(40 messages)") {
		t.Fatalf("after the paint: %q", s)
	}
	if least := painting.Sub(pushed); tab.probe.Summary().MinUS < float64(least.Microseconds()) {
		t.Fatalf("shortest %.0f µs, under the %v from the last message to the paint: the stamp is not the paint's", tab.probe.Summary().MinUS, least)
	}
	// the burst is over: the held-back log rows and statistics arrive
	if !eventually(t, 2*time.Second, func() bool {
		return len(tab.log.rows) == 40 && strings.Contains(tab.side.stats.Text(), "key → pixel")
	}) {
		t.Fatalf("after the burst: %d rows, statistics %q", len(tab.log.rows), tab.side.stats.Text())
	}
}
