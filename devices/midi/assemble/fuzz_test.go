package assemble

import (
	"math"
	"testing"
)

// FuzzAssemble splits the input into messages by status byte and feeds
// them with times from the input: whatever comes, no panic, every event
// names its kind and its parts, values stay in their ranges.
func FuzzAssemble(f *testing.F) {
	f.Add([]byte{0xb0, 99, 1, 0xb0, 98, 2, 0xb0, 6, 64, 0xb0, 38, 5, 0xf8, 0xf8, 0xfa, 0xf8})
	f.Add([]byte{0xf1, 0x04, 0xf1, 0x10, 0xf1, 0x23, 0xf1, 0x30, 0xf1, 0x42, 0xf1, 0x50, 0xf1, 0x61, 0xf1, 0x72})
	f.Add([]byte{0xf0, 0x7e, 0x7f, 0x06, 0x02, 0x00, 0x20, 0x29, 1, 2, 3, 4, 5, 6, 7, 8, 0xf7})
	f.Add([]byte{0xf0, 0x7f, 0x7f, 0x06, 0x44, 0x06, 0x01, 0x7f, 0x7f, 0x7f, 0x7f, 0x00, 0xf7, 0xf2, 0x7f, 0x7f})
	f.Add([]byte{0xb0, 101, 0, 0xb0, 100, 6, 0xb0, 6, 127, 0xbf, 101, 0, 0xbf, 100, 6, 0xbf, 6, 15, 0xb0, 96, 0})
	// real captures (../testdata/real): AppleMIDI packet 045F's quarter
	// frames, SuperDirt's doubled data MSB
	f.Add([]byte{0xf1, 0x01, 0xf1, 0x11, 0xf1, 0x2f, 0xf1, 0x30, 0xf1, 0x40, 0xf1, 0x50, 0xf1, 0x60, 0xf1, 0x72})
	f.Add([]byte{0xb8, 99, 1, 0xb8, 98, 0, 0xb8, 6, 32, 0xb8, 6, 32, 0xb8, 38, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		a := New()
		tUS := 0.0
		check := func(evs []Event) {
			for _, ev := range evs {
				if ev.Kind == "" || ev.Text == "" || len(ev.Parts) == 0 {
					t.Fatalf("%+v", ev)
				}
				if p := ev.Param; p != nil && (p.Number < 0 || p.Number > 16383 || p.Value != nil && (*p.Value < 0 || *p.Value > 16383)) {
					t.Fatalf("%+v", p)
				}
				if tp := ev.Tempo; tp != nil && (math.IsNaN(tp.BPM) || tp.BPM < 0 || tp.JitterUS < 0) {
					t.Fatalf("%+v", tp)
				}
				if tc := ev.Timecode; tc != nil && (tc.Hours > 31 || tc.Minutes > 63 || tc.Seconds > 63 || tc.Frames > 31) {
					t.Fatalf("%+v", tc)
				}
			}
		}
		for i := 0; i < len(b); {
			j := i + 1
			for j < len(b) && (b[j] < 0x80 || b[i] == 0xf0 && b[j-1] != 0xf7) {
				j++
			}
			tUS += float64(b[i]) * 100
			evs, _ := a.Feed(tUS, b[i:j])
			check(evs)
			i = j
		}
		check(a.FlushAll())
		for _, v := range a.Voices() {
			if v.Channel < 1 || v.Channel > 16 || v.Note < 0 || v.Note > 127 || math.IsNaN(v.Semitones) {
				t.Fatalf("%+v", v)
			}
		}
		for _, z := range a.Zones() {
			if z.Members < 0 || z.Members > 15 || z.Members > 0 && (z.First < 1 || z.Last > 16 || z.First > z.Last) {
				t.Fatalf("%+v", z)
			}
		}
	})
}
