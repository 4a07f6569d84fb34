package midi

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

func TestReadMIDIByContent(t *testing.T) {
	smf, _ := os.ReadFile("testdata/real/wtc2p02.mid")
	ev, f, err := ReadMIDI(smf)
	if err != nil || f != FormatSMF || len(ev) != 1373 {
		t.Fatalf("smf: %v %s %d", err, f, len(ev))
	}
	syx := []byte{0xf0, 0x7e, 0x7f, 0x06, 0x01, 0xf7, 0xf0, 0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7f, 0x00, 0x41, 0xf7}
	ev, f, err = ReadMIDI(syx)
	if err != nil || f != FormatSyx || len(ev) != 2 || len(ev[1].Raw) != 11 {
		t.Fatalf("syx: %v %s %+v", err, f, ev)
	}
	log := `{"schema": "benchtop.midi-log/1", "events": [
	  {"t_us": 10, "hex": "B0 63 01", "port": "x"}, {"t_us": 20.5, "hex": "62 02"}, {"t_us": 30, "hex": "f8"}]}`
	ev, f, err = ReadMIDI([]byte(log))
	if err != nil || f != FormatLog || len(ev) != 3 || !bytes.Equal(ev[1].Raw, []byte{0xb0, 0x62, 0x02}) || ev[1].At != 20500 {
		t.Fatalf("log: %v %s %+v", err, f, ev) // running status carries from one event to the next
	}
	for _, c := range []struct{ in, err string }{
		{"hello", "not MIDI: neither a MIDI file (MThd), SysEx (F0 … F7) nor a benchtop.midi-log/1 JSON log"},
		{"", "not MIDI"},
		{`{"events": []}`, "not MIDI: JSON with schema none, want \"benchtop.midi-log/1\""},
		{`{"schema": "benchtop.run/1"}`, `schema "benchtop.run/1"`},
		{`{"schema": "benchtop.midi-log/1", "events": [{"t_us": 1}]}`, "event 1: needs t_us and hex"},
		{`{"schema": "benchtop.midi-log/1", "events": [{"t_us": 5, "hex": "90"}, {"t_us": 1, "hex": "3c 00"}]}`, "event 2: t_us 1: times must not go back"},
		{`{"schema": "benchtop.midi-log/1", "events": [{"t_us": 1, "hex": "9G"}]}`, `event 1: hex "9G"`},
		{"\xf0\x7e\x7f\x06\x01\xf7\x90\x3c\x40", "not a .syx: a 90 message among the SysEx (message 2)"},
		{"\xf0\x7e\x7f\x06\x01", "the last SysEx has no F7"},
		{"MThd\x00\x00\x00\x06", "not a Standard MIDI File"},
	} {
		_, _, err := ReadMIDI([]byte(c.in))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%q: %v, want %q", c.in, err, c.err)
		}
	}
}

func TestAssembleAllOrdersAndFolds(t *testing.T) {
	ev := []Timed{
		{At: 0, Raw: []byte{0xb0, 101, 0}}, {At: 1000, Raw: []byte{0xb0, 100, 0}}, {At: 2000, Raw: []byte{0xb0, 6, 2}},
		{At: 3000, Raw: []byte{0x90, 60, 100}}, // flushes the lone data MSB: the RPN comes first
		{At: 4000, Raw: []byte{0xf8}}, {At: 5000, Raw: []byte{0xfe}},
	}
	d := AssembleAll(FormatLog, ev, AssembleOptions{})
	if len(d.Rows) != 2 || d.Rows[0].Kind != "rpn" || d.Rows[0].Text != "RPN 0 pitch bend range = ±2 semitones 0 cents" || d.Rows[1].Kind != KindMessage || d.Rows[0].TUS != 2 {
		t.Fatalf("%+v", d.Rows)
	}
	kinds := func(opt AssembleOptions) string {
		var kinds []string
		for _, r := range AssembleAll(FormatLog, ev, opt).Rows {
			k := r.Kind
			if r.Folded {
				k = "folded"
			}
			kinds = append(kinds, k)
		}
		return strings.Join(kinds, ",")
	}
	if got := kinds(AssembleOptions{Folded: true, Realtime: true}); got != "folded,folded,folded,rpn,message,folded,message" {
		t.Fatal(got)
	}
	// --realtime alone lists the clock (a part of the tempo) and active sensing
	if got := kinds(AssembleOptions{Realtime: true}); got != "rpn,message,folded,message" {
		t.Fatal(got)
	}
}

func FuzzReadMIDI(f *testing.F) {
	real, _ := os.ReadFile("testdata/real/outsmpte.mid")
	f.Add(real)
	f.Add([]byte(`{"schema": "benchtop.midi-log/1", "events": [{"t_us": 10, "hex": "B0 63 01 62 02 06 40 26 05"}]}`))
	f.Add([]byte{0xf0, 0x7e, 0x7f, 0x06, 0x02, 0x41, 1, 2, 3, 4, 5, 6, 7, 8, 0xf7})
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, format, err := ReadMIDI(b)
		if err != nil {
			return
		}
		d := AssembleAll(format, ev, AssembleOptions{Folded: true, Realtime: true})
		if d.Messages != len(ev) || len(d.Rows) < len(ev) {
			t.Fatalf("%d messages, %d rows", len(ev), len(d.Rows))
		}
	})
}
