package ui

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"gitlab.com/gomidi/midi/v2/drivers"
	"gitlab.com/gomidi/midi/v2/drivers/testdrv"

	"benchtop/devices/midi"
)

func liveWindow(t *testing.T) (*Window, *liveTab, drivers.Driver) {
	drv := testdrv.New("kbd")
	a := test.NewTempApp(t)
	w := Build(a, Options{StartTab: "live", MIDIDriver: func() (drivers.Driver, error) { return drv, nil }})
	t.Cleanup(func() { w.stopAll(); w.Win.Close() })
	w.Win.Resize(fyne.NewSize(1100, 760))
	return w, w.tabState["live"].(*liveTab), drv
}

func TestPianoKeyLightsAndClears(t *testing.T) {
	_, tab, _ := liveWindow(t)
	p := tab.piano
	p.Resize(fyne.NewSize(640, 110))
	// a note-on from the pipeline lights exactly that key
	tab.pipe.Push("test", []byte{0x90, 60, 100})
	if !eventually(t, 2*time.Second, func() bool { return p.Down(60) == 100 }) {
		t.Fatal("note-on did not light C4")
	}
	if p.Down(59) != 0 || p.Down(61) != 0 {
		t.Fatal("a neighbouring key lit up")
	}
	tab.pipe.Push("test", []byte{0x90, 60, 0}) // velocity 0 is note off
	if !eventually(t, 2*time.Second, func() bool { return p.Down(60) == 0 }) {
		t.Fatal("note-off did not clear C4")
	}
	// pressing a key with the mouse plays it into the pipeline
	lo, hi := p.Range()
	if lo != 41 || hi != 72 {
		t.Fatalf("AKM322 layout is %d–%d, want 41–72", lo, hi)
	}
	first := p.layout(p.Size())[41]
	p.MouseDown(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(first[0]+2, first[3]-5)}})
	p.MouseUp(&desktop.MouseEvent{})
	v := tab.pipe.Snapshot(midi.Filter{})
	if len(v.Events) < 2 || v.Events[len(v.Events)-2].Msg.Note != 41 || v.Events[len(v.Events)-2].Msg.Type != midi.TypeNoteOn || v.Events[len(v.Events)-1].Msg.Type != midi.TypeNoteOff {
		t.Fatalf("mouse play: %+v", v.Events)
	}
	// octave shift and the 88-key layout
	tab.octave = 1
	tab.applyLayout()
	if lo, hi := p.Range(); lo != 53 || hi != 84 {
		t.Fatalf("octave up: %d–%d", lo, hi)
	}
	tab.octave = 0
	tab.layout.SetSelected(layout88)
	if lo, hi := p.Range(); lo != 21 || hi != 108 {
		t.Fatalf("88 keys: %d–%d", lo, hi)
	}
	if n := p.NoteAt(fyne.NewPos(1, 100)); n != 21 {
		t.Fatalf("leftmost key is %d, want A0 (21)", n)
	}
}

func TestLiveTabPortLogFiltersExportAndReplay(t *testing.T) {
	_, tab, drv := liveWindow(t)
	tab.rescan()
	if len(tab.portSel.Options) != 1 {
		t.Fatalf("ports %v", tab.portSel.Options)
	}
	tab.portSel.SetSelected([]string{"kbd-in"})
	if !eventually(t, 3*time.Second, func() bool { return strings.Contains(tab.portMsg.Text, "listening") }) {
		t.Fatalf("port state %q", tab.portMsg.Text)
	}
	outs, _ := drv.Outs()
	outs[0].Open()
	for _, m := range [][]byte{{0x90, 64, 90}, {0xb0, 21, 70}, {0xf8}, {0xe0, 0, 0x50}, {0x80, 64, 0}} {
		outs[0].Send(m)
	}
	if !eventually(t, 3*time.Second, func() bool { return len(tab.rows) == 4 }) { // the clock is hidden
		t.Fatalf("log rows %d", len(tab.rows))
	}
	tab.table.Select(widget.TableCellID{Row: 1, Col: 0})
	if tab.autoScr.Checked {
		t.Fatal("selecting a row must stop auto-scroll")
	}
	if tab.cell(2, 3) != midi.TypeCC || tab.cell(2, 2) != "kbd-in" || tab.cell(2, 6) != "B0 15 46" {
		t.Fatalf("row 2: %q %q %q", tab.cell(2, 2), tab.cell(2, 3), tab.cell(2, 6))
	}
	if _, ok := tab.meterMap[1<<8|21]; !ok {
		t.Fatal("no meter for CC21")
	}
	tab.typeSel.SetSelected(midi.TypeNoteOn)
	if !eventually(t, 2*time.Second, func() bool { return len(tab.rows) == 1 }) {
		t.Fatalf("type filter: %d rows", len(tab.rows))
	}
	tab.typeSel.SetSelected("all types")
	// export the log
	dir := t.TempDir()
	if err := tab.exportLog(filepath.Join(dir, "log.csv")); err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(filepath.Join(dir, "log.csv"))
	rows, _ := csv.NewReader(f).ReadAll()
	f.Close()
	if len(rows) != 6 || rows[0][1] != "t_us" || rows[3][4] != midi.TypeClock {
		t.Fatalf("csv rows %v", rows)
	}
	if err := tab.exportLog(filepath.Join(dir, "log.txt")); err == nil {
		t.Fatal("a .txt log must be refused")
	}
	// replay a file, recording it
	var buf bytes.Buffer
	midi.WriteSMF(&buf, []midi.Timed{{At: 0, Raw: []byte{0x90, 50, 80}}, {At: 60 * time.Millisecond, Raw: []byte{0x80, 50, 0}}})
	mid := filepath.Join(dir, "x.mid")
	os.WriteFile(mid, buf.Bytes(), 0o644)
	if err := tab.loadFile(mid); err != nil {
		t.Fatal(err)
	}
	tab.toggleRecord()
	tab.play()
	if !eventually(t, 3*time.Second, func() bool {
		tab.mu.Lock()
		defer tab.mu.Unlock()
		return tab.playCancel == nil && tab.rec != nil && tab.rec.Len() >= 2
	}) {
		t.Fatal("replay did not reach the pipeline")
	}
	v := tab.pipe.Snapshot(midi.Filter{Types: map[string]bool{midi.TypeNoteOn: true}})
	if last := v.Events[len(v.Events)-1]; last.Port != "file" || last.Msg.Note != 50 {
		t.Fatalf("last note-on %+v", last)
	}
}
