package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"benchtop/devices/midi"
	"benchtop/internal/measure/chart"
)

// Assembled events in the window: an NRPN is one bold row (its four CCs
// folded, shown with "parts"), RPN 6 an MPE zone, and the clock's tempo
// and the zone in the side panel.
func TestLiveTabShowsAssembledEvents(t *testing.T) {
	_, tab, _ := liveWindow(t)
	tab.pipe.Push("test", []byte{0x90, 60, 100})
	for _, m := range [][]byte{{0xb2, 99, 1}, {0xb2, 98, 2}, {0xb2, 6, 64}, {0xb2, 38, 5},
		{0xb0, 101, 0}, {0xb0, 100, 6}, {0xb0, 6, 7}, {0xb0, 38, 0}, {0xfa}} {
		tab.pipe.Push("test", m)
	}
	for i := 0; i < 30; i++ {
		tab.pipe.Push("test", []byte{0xf8})
		time.Sleep(time.Millisecond)
	}
	row := func(text string) int {
		for i, r := range tab.log.rows {
			if r.cell(5) == text {
				return i + 1
			}
		}
		return -1
	}
	if !eventually(t, 5*time.Second, func() bool { return row("NRPN 130 (1/2) = 8197") > 0 }) {
		t.Fatalf("no NRPN row in %d rows", len(tab.log.rows))
	}
	r := row("NRPN 130 (1/2) = 8197")
	if tab.log.cell(r, 3) != "nrpn" || tab.log.cell(r, 4) != "3" || tab.log.cell(r, 6) != "B2 63 01 | B2 62 02 | B2 06 40 | B2 26 05" {
		t.Fatalf("row %d: %q %q %q", r, tab.log.cell(r, 3), tab.log.cell(r, 4), tab.log.cell(r, 6))
	}
	mpe := "RPN 6 MPE configuration = MPE lower zone: manager channel 1, 7 member channels (2–8)"
	if row(mpe) < 0 || row("start at MIDI beat 0 (bar 1.1.1 in 4/4)") < 0 {
		t.Fatalf("rows: %d", len(tab.log.rows))
	}
	// note on, NRPN, RPN 6, start: the CCs are folded, the clocks hidden
	if len(tab.log.rows) != 4 {
		t.Fatalf("%d rows", len(tab.log.rows))
	}
	if !eventually(t, 5*time.Second, func() bool {
		s := tab.side.stats.Text
		return strings.Contains(s, "clock: ") && strings.Contains(s, "playing") && strings.Contains(s, "MPE lower zone: manager channel 1, members 2–8")
	}) {
		t.Fatalf("side: %q", tab.side.stats.Text)
	}
	// "parts" lists the folded messages too
	tab.log.parts = true
	tab.log.last = logKey{}
	tab.pipe.Touch()
	if !eventually(t, 5*time.Second, func() bool { return len(tab.log.rows) == 4+8+1 }) { // 8 CCs, FA
		t.Fatalf("with parts: %d rows", len(tab.log.rows))
	}
	if tab.log.cell(3, 3) != "⤷ "+midi.TypeCC {
		t.Fatalf("%q", tab.log.cell(3, 3))
	}
	// the type "assembled" shows only them, with a tempo line a beat
	// (a type filter shows realtime: 24 clocks came)
	tab.log.types.SetSelected(midi.TypeAssembled)
	if !eventually(t, 5*time.Second, func() bool { return len(tab.log.rows) == 4 && tab.log.rows[3].cell(3) == "tempo" }) {
		t.Fatalf("assembled only: %d rows", len(tab.log.rows))
	}
}

// Send SysEx: an Identity Request to the output comes back on the
// loopback input and reads as one in the log; a bad hex is refused.
func TestLiveTabSendsIdentityRequest(t *testing.T) {
	_, tab, _ := liveWindow(t)
	tab.ports.rescan()
	if !eventually(t, 5*time.Second, func() bool { return len(tab.send.out.Options) == 1 && len(tab.ports.sel.Options) == 1 }) {
		t.Fatalf("outputs %v, inputs %v", tab.send.out.Options, tab.ports.sel.Options)
	}
	tab.ports.sel.SetSelected([]string{"kbd-in"})
	if !eventually(t, 5*time.Second, func() bool { return strings.Contains(tab.ports.msg.Text, "listening") }) {
		t.Fatalf("port state %q", tab.ports.msg.Text)
	}
	tab.send.out.SetSelected(tab.send.out.Options[0])
	if tab.send.hex.Text != "F0 7E 7F 06 01 F7" {
		t.Fatalf("entry %q", tab.send.hex.Text)
	}
	tab.send.send()
	if !eventually(t, 5*time.Second, func() bool {
		for _, r := range tab.log.rows {
			if r.cell(3) == "identity request" && r.cell(5) == "Identity Request (device 7F: all)" {
				return true
			}
		}
		return false
	}) {
		t.Fatalf("no identity request in the log (%d rows); %q", len(tab.log.rows), tab.send.result.Text)
	}
	if !eventually(t, 5*time.Second, func() bool { return strings.HasPrefix(tab.send.result.Text, "Sent 1 message(s), 6 bytes") }) {
		t.Fatalf("%q", tab.send.result.Text)
	}
	dir := t.TempDir()
	syx := filepath.Join(dir, "x.syx")
	os.WriteFile(syx, []byte{0xf0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7f, 0x00, 0x41, 0xf7, 0xf0, 0x7e, 0x7f, 0x09, 0x01, 0xf7}, 0o600)
	if err := tab.send.load(syx); err != nil || tab.send.hex.Text != "F0 41 10 42 12 40 00 7F 00 41 F7\nF0 7E 7F 09 01 F7" {
		t.Fatalf("%v %q", err, tab.send.hex.Text)
	}
	if err := tab.send.load(filepath.Join("..", "devices", "midi", "testdata", "real", "wtc2p02.mid")); err == nil {
		t.Fatal("a .mid loaded as SysEx")
	}
}

// Issue 26's "done when", in the window: the messages with their times
// pushed as a port would (F8 at 120 BPM ± 150 µs), each read in the log
// and the side panel.
func TestLiveTabDoneWhen(t *testing.T) {
	_, tab, _ := liveWindow(t)
	start := tab.pipe.Snapshot(midi.Filter{}).Start
	at := time.Duration(0)
	push := func(b ...byte) {
		at += time.Millisecond
		tab.pipe.PushAt("test", b, start.Add(at))
	}
	push(0xb2, 99, 1)
	push(0xb2, 98, 2)
	push(0xb2, 6, 64)
	push(0xb2, 38, 5)
	push(0xb0, 101, 0)
	push(0xb0, 100, 0)
	push(0xb0, 6, 12)
	push(0xb0, 38, 0)
	push(0xb0, 100, 6)
	push(0xb0, 6, 7)
	push(0xb0, 38, 0)
	for _, q := range []byte{0x04, 0x10, 0x23, 0x30, 0x42, 0x50, 0x61, 0x72} {
		push(0xf1, q)
	}
	push(0xf0, 0x7e, 0x7f, 0x06, 0x02, 0x00, 0x20, 0x29, 0x13, 0x01, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0xf7)
	push(0xfa)
	base := at
	seed := uint64(26)
	for i := 1; i <= 24*8; i++ {
		seed = seed*6364136223846793005 + 1442695040888963407 // a fixed sequence, ±150 µs
		jitter := time.Duration(int64(seed>>33)%301-150) * time.Microsecond
		at = base + time.Duration(i)*(time.Minute/120/24) + jitter
		tab.pipe.PushAt("test", []byte{0xf8}, start.Add(at))
	}
	want := []string{
		"NRPN 130 (1/2) = 8197",
		"RPN 0 pitch bend range = ±12 semitones 0 cents",
		"RPN 6 MPE configuration = MPE lower zone: manager channel 1, 7 member channels (2–8)",
		"01:02:03:04 @ 25 fps",
		"Identity Reply from Focusrite/Novation: family 13 01, model 00 00, version 01 02 03 04 (device 7F: all)",
	}
	if !eventually(t, 5*time.Second, func() bool {
		n := 0
		for _, w := range want {
			for _, r := range tab.log.rows {
				if r.cell(5) == w {
					n++
					break
				}
			}
		}
		return n == len(want)
	}) {
		var got []string
		for _, r := range tab.log.rows {
			got = append(got, r.cell(5))
		}
		t.Fatalf("log:\n%s", strings.Join(got, "\n"))
	}
	if !eventually(t, 5*time.Second, func() bool { return strings.Contains(tab.side.stats.Text, "clock: 120.0 BPM") }) {
		t.Fatalf("side: %q", tab.side.stats.Text)
	}
	tp := tab.pipe.Snapshot(midi.Filter{}).Tempo
	if tp.BPM < 119.5 || tp.BPM > 120.5 || tp.JitterUS < 50 || tp.JitterUS > 150 {
		t.Fatalf("%+v", tp)
	}
	// and charted: a point a beat (8 beats)
	if !eventually(t, 5*time.Second, func() bool { return tab.side.tempoN == 8 }) {
		t.Fatalf("tempo chart drew %d points", tab.side.tempoN)
	}
	points, _ := tab.pipe.TempoHistory()
	c := tempoChart(points).(chart.Lines)
	if len(c.Series[0].Y) != 8 || c.Series[0].Y[7] < 119.5 || c.Series[0].Y[7] > 120.5 {
		t.Fatalf("%+v", c.Series[0])
	}
}

// MPE voices in the side panel: a note per member channel with its bend
// (±48 semitones on members), pressure and timbre.
func TestLiveTabShowsMPEVoices(t *testing.T) {
	_, tab, _ := liveWindow(t)
	for _, m := range [][]byte{{0xb0, 101, 0}, {0xb0, 100, 6}, {0xb0, 6, 15}, {0xb0, 38, 0},
		{0xe1, 0x00, 0x50}, {0xd1, 40}, {0xb1, 74, 90}, {0x91, 60, 100}} {
		tab.pipe.Push("test", m)
	}
	want := "voice C4 (ch 2): bend +12.00 st · pressure 40 · timbre 90"
	if !eventually(t, 5*time.Second, func() bool { return strings.Contains(tab.side.stats.Text, want) }) {
		t.Fatalf("side: %q", tab.side.stats.Text)
	}
}
