package midi

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

// A real SMPTE file (testdata/real/SOURCES): 30 fps × 120 ticks per frame,
// so tick t is at t/3600 s. Deltas read off the bytes by hand: the second
// message at tick 1969, the third at 3830, the last (24th) at 43243.
func TestRealSMPTEFile(t *testing.T) {
	ev, info, err := ReadSMFFile("testdata/real/outsmpte.mid")
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != 1 || info.Tracks != 3 || info.Division != "30 fps × 120 ticks per frame" {
		t.Fatalf("info %+v", info)
	}
	if len(ev) != 24 {
		t.Fatalf("%d messages, want 24", len(ev))
	}
	want := []struct {
		i   int
		at  time.Duration
		raw []byte
	}{
		{0, 0, []byte{0x90, 30, 100}},
		{1, 1969 * time.Second / 3600, []byte{0x80, 50, 100}},
		{2, 3830 * time.Second / 3600, []byte{0x90, 31, 100}},
		{23, 43243 * time.Second / 3600, []byte{0x80, 61, 100}},
	}
	for _, w := range want {
		if ev[w.i].At != w.at || !bytes.Equal(ev[w.i].Raw, w.raw) {
			t.Errorf("message %d: %v % x, want %v % x", w.i, ev[w.i].At, ev[w.i].Raw, w.at, w.raw)
		}
	}
}

// A real file with quirks (testdata/real/SOURCES): a delta time written in
// two bytes for 0, a track of text events only, no tempo event, and a last
// note on at velocity 0 of note 0. Counts from midicsv, not from this
// reader.
func TestRealHumdrumFile(t *testing.T) {
	ev, info, err := ReadSMFFile("testdata/real/wtc2p02.mid")
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != 1 || info.Tracks != 2 || info.Division != "120 ticks per quarter note" {
		t.Fatalf("info %+v", info)
	}
	at := func(tick int64) time.Duration { return time.Duration(tick) * 500 * time.Millisecond / 120 } // 120 bpm, the default
	on, off := 0, 0
	for _, e := range ev {
		switch Decode(e.Raw).Type {
		case TypeNoteOn:
			on++
		case TypeNoteOff:
			off++
		}
	}
	if len(ev) != 1373 || on != 686 || off != 687 {
		t.Fatalf("%d messages, %d note on, %d note off; want 1373, 686, 687", len(ev), on, off)
	}
	first, last := ev[0], ev[len(ev)-1]
	if first.At != 0 || !bytes.Equal(first.Raw, []byte{0x90, 48, 64}) || ev[1].At != at(30) || !bytes.Equal(ev[1].Raw, []byte{0x90, 67, 64}) {
		t.Errorf("first messages %v % x, %v % x", first.At, first.Raw, ev[1].At, ev[1].Raw)
	}
	if d := last.At - at(13559); d < -time.Microsecond || d > time.Microsecond || !bytes.Equal(last.Raw, []byte{0x90, 0, 0}) {
		t.Errorf("last message %v % x, want tick 13559 (%v) 90 00 00", last.At, last.Raw, at(13559))
	}
}

// smpteFile builds a one-track file with the given division and one note
// on at tick 0 and one at tick `at`.
func smpteFile(div [2]byte, at uint32) []byte {
	var trk bytes.Buffer
	trk.Write([]byte{0x00, 0x90, 60, 100})
	var v bytes.Buffer
	writeVarLen(&v, at)
	trk.Write(v.Bytes())
	trk.Write([]byte{0x80, 60, 0, 0x00, 0xff, 0x2f, 0x00})
	return smfOf([]byte{0, 0, 0, 1, div[0], div[1]}, trk.Bytes())
}

func smfOf(header []byte, tracks ...[]byte) []byte {
	var b bytes.Buffer
	b.WriteString("MThd")
	b.Write([]byte{0, 0, 0, byte(len(header))})
	b.Write(header)
	for _, t := range tracks {
		b.WriteString("MTrk")
		n := len(t)
		b.Write([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
		b.Write(t)
	}
	return b.Bytes()
}

func TestSMPTEDivisions(t *testing.T) {
	cases := []struct {
		div  [2]byte
		tick uint32
		want time.Duration
	}{
		{[2]byte{0xe8, 40}, 1000, time.Second},                              // 24 fps × 40 → 960 ticks/s: 1000 ticks = 1.041666666 s
		{[2]byte{0xe7, 40}, 1000, time.Second},                              // 25 fps × 40 = 1000 ticks/s
		{[2]byte{0xe3, 80}, 2398, 2398 * 1001 * time.Second / (30000 * 80)}, // 29.97 fps (drop frame)
		{[2]byte{0xe2, 80}, 2400, time.Second},                              // 30 fps × 80
	}
	cases[0].want = 1000 * time.Second / 960
	for _, c := range cases {
		ev, _, err := ParseSMF(smpteFile(c.div, c.tick))
		if err != nil {
			t.Fatalf("% x: %v", c.div, err)
		}
		if len(ev) != 2 || ev[1].At != c.want {
			t.Errorf("division % x, tick %d: %v, want %v", c.div, c.tick, ev[1].At, c.want)
		}
	}
}

// The hostile files of issue #10: each is an error naming what is wrong,
// quickly, with nothing large allocated.
func TestHostileSMF(t *testing.T) {
	hdr := []byte{0, 0, 0, 1, 0x01, 0xe0} // format 0, 1 track, 480 tpq
	cases := map[string]struct {
		file []byte
		want string
	}{
		"tempo of length 0":   {smfOf(hdr, []byte{0, 0xff, 0x51, 0x00, 0, 0x90, 60, 1}), "tempo event of 0 bytes"},
		"tempo of length 4":   {smfOf(hdr, []byte{0, 0xff, 0x51, 0x04, 1, 2, 3, 4}), "byte 23: tempo event of 4 bytes"},
		"huge deltas":         {smfOf(hdr, bytes.Repeat([]byte{0xff, 0xff, 0xff, 0x7f, 0x90, 60, 1}, 40)), "times run past"},
		"5-byte delta":        {smfOf(hdr, []byte{0xff, 0xff, 0xff, 0xff, 0x7f, 0x90, 60, 1}), "longer than 4 bytes"},
		"sysex of 256 MiB":    {smfOf(hdr, []byte{0, 0xf0, 0xff, 0xff, 0xff, 0x7f, 1, 2}), "SysEx claims 268435455 bytes"},
		"no tracks in header": {smfOf([]byte{0, 1, 0, 0, 0x01, 0xe0}), "no tracks"},
		"no MTrk chunk":       {smfOf(hdr), "no MTrk"},
		"meta past the end":   {smfOf(hdr, []byte{0, 0xff, 0x03, 0x40, 'a'}), "meta event 0x03 claims 64 bytes"},
		"track past the end":  {append(smfOf(hdr), []byte("MTrk\x00\x00\x10\x00\x00")...), "claims 4096 bytes"},
		"SMPTE 23 fps":        {smfOf([]byte{0, 0, 0, 1, 0xe9, 40}, []byte{0, 0x90, 60, 1}), "23 frames per second"},
		"division 0":          {smfOf([]byte{0, 0, 0, 1, 0, 0}, []byte{0, 0x90, 60, 1}), "division of 0"},
		"bad status":          {smfOf(hdr, []byte{0, 0xf8}), "0xf8 is not allowed"},
		"no running status":   {smfOf(hdr, []byte{0, 0x40, 0x40}), "no running status"},
	}
	for name, c := range cases {
		start := time.Now()
		_, _, err := ParseSMF(c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", name, err, c.want)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: took %v", name, d)
		}
	}
}

func TestSMFTimesNeverNegativeAndOrdered(t *testing.T) {
	ev, err := ReadSMF(bytes.NewReader(makeSMF(t)))
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range ev {
		if e.At < 0 || i > 0 && e.At < ev[i-1].At {
			t.Fatalf("message %d at %v after %v", i, e.At, ev[max(i-1, 0)].At)
		}
	}
}

func FuzzParseSMF(f *testing.F) {
	real, _ := os.ReadFile("testdata/real/outsmpte.mid")
	f.Add(real)
	f.Add(smpteFile([2]byte{0xe3, 80}, 2398))
	f.Add(smfOf([]byte{0, 0, 0, 1, 0x01, 0xe0}, []byte{0, 0xff, 0x51, 0x03, 7, 0xa1, 0x20, 0, 0xf0, 2, 0x7e, 0xf7, 0x60, 0x90, 60, 1}))
	f.Fuzz(func(t *testing.T, b []byte) {
		ev, _, err := ParseSMF(b)
		if err != nil {
			return
		}
		for i, e := range ev {
			if e.At < 0 || e.At > MaxSMFLength || i > 0 && e.At < ev[i-1].At || len(e.Raw) == 0 {
				t.Fatalf("message %d: %v % x", i, e.At, e.Raw)
			}
		}
	})
}
