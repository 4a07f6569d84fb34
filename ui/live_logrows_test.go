package ui

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gitlab.com/gomidi/midi/v2/drivers/testdrv"

	"benchtop/devices/midi"
	"benchtop/devices/midi/miditest"
	"benchtop/internal/measure/chart"
)

// pushDoneWhen feeds the tab issue #26's done-when stream at its own times.
func pushDoneWhen(tab *liveTab) {
	start := tab.pipe.Snapshot(midi.Filter{}).Start
	for _, m := range miditest.DoneWhen() {
		tab.pipe.PushAt("test", m.Raw, start.Add(m.At))
	}
}

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
	t0 := time.Now()
	for i := 0; i < 30; i++ { // clocks 1 ms apart, stamped so
		tab.pipe.PushAt("test", []byte{0xf8}, t0.Add(time.Duration(i+1)*time.Millisecond))
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
		s := tab.side.stats.Text()
		return strings.Contains(s, "clock: ") && strings.Contains(s, "playing") && strings.Contains(s, "MPE lower zone: manager channel 1, members 2–8")
	}) {
		t.Fatalf("side: %q", tab.side.stats.Text())
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

// After an Identity Request, Send SysEx compares the reply with the one
// the output's device card publishes: the LPD8's own reply (a real
// capture) matches, an LPK25's does not. The replies come back through
// the input as a device's would.
func TestLiveTabComparesIdentityReply(t *testing.T) {
	_, tab, drv := liveWindowWith(t, testdrv.New("LPD8")) // ports LPD8-out and LPD8-in: the LPD8's card by name
	tab.ports.rescan()
	if !eventually(t, 5*time.Second, func() bool { return len(tab.send.out.Options) == 1 && len(tab.ports.sel.Options) == 1 }) {
		t.Fatalf("outputs %v", tab.send.out.Options)
	}
	tab.ports.sel.SetSelected([]string{"LPD8-in"})
	if !eventually(t, 5*time.Second, func() bool { return strings.Contains(tab.ports.msg.Text, "listening") }) {
		t.Fatalf("port state %q", tab.ports.msg.Text)
	}
	tab.send.out.SetSelected("LPD8-out")
	tab.send.send()
	if tab.send.reply.Text != "Waiting for the Akai LPD8's Identity Reply; published: maker 47 (Akai), family 75 00, model 19 00, version 00 00 66 7F." {
		t.Fatalf("%q", tab.send.reply.Text)
	}
	// the request went out (and its port was closed again) before the
	// device's replies are sent on that port
	if !eventually(t, 5*time.Second, func() bool { return strings.HasPrefix(tab.send.result.Text, "Sent 1 message(s)") }) {
		t.Fatalf("%q", tab.send.result.Text)
	}
	outs, _ := drv.Outs()
	if err := outs[0].Open(); err != nil {
		t.Fatal(err)
	}
	reply := func(file string) {
		b, err := os.ReadFile(filepath.Join("..", "devices", "midi", "testdata", "real", file))
		if err != nil {
			t.Fatal(err)
		}
		if err := outs[0].Send(b); err != nil {
			t.Fatal(err)
		}
	}
	reply("akai-lpd8-identity.syx")
	if !eventually(t, 5*time.Second, func() bool {
		return tab.send.reply.Text == "Match: as published for the Akai LPD8 (maker 47 (Akai), family 75 00, model 19 00, version 00 00 66 7F)."
	}) {
		t.Fatalf("%q", tab.send.reply.Text)
	}
	reply("akai-lpk25-identity.syx")
	if !eventually(t, 5*time.Second, func() bool {
		return tab.send.reply.Text == "Mismatch: not as published for the Akai LPD8 (family 76 00, published 75 00)."
	}) {
		t.Fatalf("%q", tab.send.reply.Text)
	}
}

// Issue 26's "done when", in the window: the messages with their times
// pushed as a port would (F8 at 120 BPM ± 150 µs), each read in the log
// and the side panel, and carried by Export log (CSV and JSON).
func TestLiveTabDoneWhen(t *testing.T) {
	_, tab, _ := liveWindow(t)
	pushDoneWhen(tab)
	want := []string{
		"NRPN 130 (1/2) = 8197",
		"RPN 0 pitch bend range = ±12 semitones 0 cents",
		"RPN 6 MPE configuration = MPE lower zone: manager channel 1, 7 member channels (2–8)",
		"01:02:03:04 @ 25 fps",
		"Identity Reply from Yamaha: family 00 41, model 15 03, version 00 01 00 00 (device 7F: all)",
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
	if !eventually(t, 5*time.Second, func() bool { return strings.Contains(tab.side.stats.Text(), "clock: 120.0 BPM") }) {
		t.Fatalf("side: %q", tab.side.stats.Text())
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
	// Export log: the CSV has a row for each assembled event, with its values
	rows := exportedCSV(t, tab.log)
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	got := map[string]bool{}
	for _, r := range rows[1:] {
		if r[col["type"]] != midi.TypeAssembled {
			continue
		}
		var kv []string
		for _, c := range []string{"kind", "param", "value14", "semitones", "mpe_zone", "mpe_members", "timecode", "rate", "manufacturer"} {
			if v := r[col[c]]; v != "" {
				kv = append(kv, c+"="+v)
			}
		}
		got[strings.Join(kv, " ")] = true
	}
	for _, w := range []string{
		"kind=nrpn param=130 value14=8197",
		"kind=rpn param=0 value14=1536 semitones=12",
		"kind=rpn param=6 value14=896 mpe_zone=lower mpe_members=7",
		"kind=timecode timecode=01:02:03:04 rate=25",
		"kind=identity reply manufacturer=Yamaha",
	} {
		if !got[w] {
			t.Errorf("no %q among the CSV's assembled rows %v", w, got)
		}
	}
	// the JSON log too, which decode reads
	dir := t.TempDir()
	if err := tab.log.export(filepath.Join(dir, "log.json")); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "log.json"))
	if !strings.Contains(string(b), `"kind": "identity reply"`) || !strings.Contains(string(b), `"manufacturer": "Yamaha"`) {
		t.Fatalf("JSON log without the identity reply")
	}
	if ev, format, err := midi.ReadMIDI(b); err != nil || format != midi.FormatLog || len(ev) != len(miditest.DoneWhen()) {
		t.Fatalf("%v %s %d", err, format, len(ev))
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
	if !eventually(t, 5*time.Second, func() bool { return strings.Contains(tab.side.stats.Text(), want) }) {
		t.Fatalf("side: %q", tab.side.stats.Text())
	}
}

// exportedCSV is what Export log writes as CSV, read back.
func exportedCSV(t *testing.T, l *liveLog) [][]string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "log.csv")
	if err := l.export(path); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
