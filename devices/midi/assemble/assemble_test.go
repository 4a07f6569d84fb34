package assemble

import (
	"math"
	"math/rand/v2"
	"testing"
)

// feed runs msgs through a fresh assembler, one every ms, and returns
// every event (waiting data MSBs flushed at the end).
func feed(t *testing.T, msgs ...[]byte) []Event {
	t.Helper()
	a := New()
	var out []Event
	for i, m := range msgs {
		ev, _ := a.Feed(float64(i)*1000, m)
		out = append(out, ev...)
	}
	return append(out, a.FlushAll()...)
}

func one(t *testing.T, evs []Event, kind string) Event {
	t.Helper()
	if len(evs) != 1 || evs[0].Kind != kind {
		t.Fatalf("want one %s event, got %+v", kind, evs)
	}
	return evs[0]
}

func cc(ch, n, v byte) []byte { return []byte{0xb0 | (ch - 1), n, v} }

// Done when: four CCs read as one NRPN with its 14-bit value.
func TestNRPNFourCCsOneEvent(t *testing.T) {
	a := New()
	var evs []Event
	for i, m := range [][]byte{cc(3, 99, 1), cc(3, 98, 2), cc(3, 6, 64), cc(3, 38, 5)} {
		ev, absorbed := a.Feed(float64(i)*300, m)
		if !absorbed {
			t.Fatalf("message %d (% X) not absorbed", i, m)
		}
		evs = append(evs, ev...)
	}
	ev := one(t, evs, KindNRPN)
	p := ev.Param
	if ev.Channel != 3 || p.Number != 130 || p.MSB != 1 || p.LSB != 2 || p.Value == nil || *p.Value != 64<<7|5 || p.ValueMSBOnly {
		t.Fatalf("NRPN: %+v %+v", ev, p)
	}
	if ev.Text != "NRPN 130 (1/2) = 8197" || len(ev.Parts) != 4 || ev.Parts[0] != "B2 63 01" || ev.Parts[3] != "B2 26 05" {
		t.Fatalf("text %q parts %q", ev.Text, ev.Parts)
	}
	if a.FlushAll() != nil {
		t.Fatal("something still waiting")
	}
}

// Done when: an RPN 0 reads as the pitch bend range.
func TestRPN0PitchBendRange(t *testing.T) {
	ev := one(t, feed(t, cc(1, 101, 0), cc(1, 100, 0), cc(1, 6, 12), cc(1, 38, 50)), KindRPN)
	p := ev.Param
	if p.Name != "pitch bend range" || *p.Semitones != 12 || *p.Cents != 50 || ev.Text != "RPN 0 pitch bend range = ±12 semitones 50 cents" {
		t.Fatalf("%+v %q", p, ev.Text)
	}
	// MSB alone (no CC 38): reported when the next message comes, LSB 0
	a := New()
	a.Feed(0, cc(1, 101, 0))
	a.Feed(100, cc(1, 100, 0))
	if evs, _ := a.Feed(200, cc(1, 6, 2)); len(evs) != 0 {
		t.Fatalf("MSB reported before its LSB could come: %+v", evs)
	}
	if evs := a.Flush(10_000); len(evs) != 0 {
		t.Fatalf("flushed after 10 ms: %+v", evs)
	}
	evs, _ := a.Feed(30_000, []byte{0x90, 60, 100}) // a later message: PendingUS passed
	ev = one(t, evs, KindRPN)
	if *ev.Param.Semitones != 2 || !ev.Param.ValueMSBOnly || ev.TUS != 200 {
		t.Fatalf("%+v", ev.Param)
	}
}

func TestRegisteredTuningAndIncrements(t *testing.T) {
	evs := feed(t, cc(2, 101, 0), cc(2, 100, 1), cc(2, 6, 0x50), cc(2, 38, 0), // fine tuning +25 cents
		cc(2, 100, 2), cc(2, 6, 62), // coarse -2 (MSB alone)
		cc(2, 96, 1), cc(2, 97, 1), cc(2, 97, 1),
		cc(2, 101, 127), cc(2, 100, 127), cc(2, 6, 9)) // null, then a plain CC 6
	want := []string{
		"RPN 1 fine tuning = +25.00 cents",
		"RPN 2 coarse tuning = -2 semitones",
		"RPN 2 coarse tuning increment → 7937",
		"RPN 2 coarse tuning decrement → 7936",
		"RPN 2 coarse tuning decrement → 7935",
		"RPN null (no parameter selected)",
	}
	if len(evs) != len(want) {
		t.Fatalf("%d events: %+v", len(evs), evs)
	}
	for i, w := range want {
		if evs[i].Text != w {
			t.Errorf("event %d: %q, want %q", i, evs[i].Text, w)
		}
	}
	if evs[5].Param.Op != "null" || evs[5].Param.Number != 16383 {
		t.Fatalf("%+v", evs[5].Param)
	}
	// selected again later, a parameter's value is remembered for increments
	evs = feed(t, cc(4, 99, 0), cc(4, 98, 9), cc(4, 6, 1), cc(4, 38, 0), cc(4, 98, 10), cc(4, 98, 9), cc(4, 96, 0))
	if last := evs[len(evs)-1]; last.Text != "NRPN 9 (0/9) increment → 129" {
		t.Fatalf("%q", last.Text)
	}
}

// Done when: RPN 6 reads as an MPE zone.
func TestRPN6MPEZone(t *testing.T) {
	a := New()
	var evs []Event
	for i, m := range [][]byte{cc(1, 101, 0), cc(1, 100, 6), cc(1, 6, 15), cc(16, 101, 0), cc(16, 100, 6), cc(16, 6, 5)} {
		ev, _ := a.Feed(float64(i)*1000, m)
		evs = append(evs, ev...)
	}
	evs = append(evs, a.FlushAll()...)
	if len(evs) != 2 {
		t.Fatalf("%+v", evs)
	}
	lo, up := evs[0].MPE, evs[1].MPE
	if lo == nil || lo.Zone != "lower" || lo.Members != 15 || lo.First != 2 || lo.Last != 16 {
		t.Fatalf("lower %+v", lo)
	}
	if evs[0].Text != "RPN 6 MPE configuration = MPE lower zone: manager channel 1, 15 member channels (2–16)" {
		t.Fatalf("%q", evs[0].Text)
	}
	if up == nil || up.Zone != "upper" || up.Members != 5 || up.First != 11 || up.Last != 15 {
		t.Fatalf("upper %+v", up)
	}
	z := a.Zones() // the upper zone took 5: the lower one shrank to 9
	if z[0].Members != 9 || z[0].Last != 10 || z[1].Members != 5 {
		t.Fatalf("zones %+v", z)
	}
	ev := one(t, feed(t, cc(5, 101, 0), cc(5, 100, 6), cc(5, 6, 3)), KindRPN)
	if ev.MPE != nil || ev.Text != "RPN 6 MPE configuration = 3 member channels, ignored: not sent on channel 1 or 16" {
		t.Fatalf("%+v", ev)
	}
}

func TestCC14Pairs(t *testing.T) {
	a := New()
	_, abs1 := a.Feed(0, cc(1, 1, 64))
	evs, abs2 := a.Feed(1, cc(1, 33, 1))
	ev := one(t, evs, KindCC14)
	if abs1 || !abs2 || ev.CC14.Value != 8193 || ev.CC14.Name != "Modulation" || ev.Text != "CC1/33 Modulation = 8193 (14-bit)" {
		t.Fatalf("%v %v %+v", abs1, abs2, ev)
	}
	// an LSB without its MSB stays a plain controller
	if evs, abs := a.Feed(2, cc(1, 33, 2)); len(evs) != 0 || abs {
		t.Fatalf("%+v", evs)
	}
}

// Done when: eight quarter frames read as the timecode and its rate.
func TestMTCQuarterFrames(t *testing.T) {
	// 01:02:03:04 at 25 fps (rate code 1): hours 0x01 | 1<<5 in piece 7's rate bits
	qf := func(p, d byte) []byte { return []byte{0xf1, p<<4 | d} }
	frames := [][]byte{qf(0, 4), qf(1, 0), qf(2, 3), qf(3, 0), qf(4, 2), qf(5, 0), qf(6, 1), qf(7, 1<<1)}
	a := New()
	var evs []Event
	for i, m := range append([][]byte{qf(5, 0), qf(6, 0)}, frames...) { // starts mid-way: ignored until piece 0
		ev, _ := a.Feed(float64(i)*10_000, m)
		evs = append(evs, ev...)
	}
	ev := one(t, evs, KindTimecode)
	tc := ev.Timecode
	if tc.Hours != 1 || tc.Minutes != 2 || tc.Seconds != 3 || tc.Frames != 4 || tc.Rate != "25" || tc.FPS != 25 || tc.Reverse || ev.Text != "01:02:03:04 @ 25 fps" {
		t.Fatalf("%+v %q", tc, ev.Text)
	}
	// backwards: 7…0, 29.97 drop (rate 2), 23:59:59:29
	rev := [][]byte{qf(7, 2<<1|1), qf(6, 7), qf(5, 3), qf(4, 11), qf(3, 3), qf(2, 11), qf(1, 1), qf(0, 13)}
	ev = one(t, feed(t, rev...), KindTimecode)
	if ev.Text != "23:59:59:29 @ 29.97 drop fps (reverse)" || math.Abs(ev.Timecode.FPS-29.97) > 0.001 || ev.Parts[0] != "F1 75" || ev.Parts[7] != "F1 0D" {
		t.Fatalf("%q %+v %v", ev.Text, ev.Timecode, ev.Parts)
	}
	// full frame SysEx: F0 7F 7F 01 01 hh mm ss ff F7, 30 fps
	ev = one(t, feed(t, []byte{0xf0, 0x7f, 0x7f, 0x01, 0x01, 3<<5 | 10, 20, 30, 15, 0xf7}), KindTimecode)
	if ev.Text != "10:20:30:15 @ 30 fps (full frame)" {
		t.Fatalf("%q", ev.Text)
	}
}

// Done when: from F8 clocks at 120 BPM with ±150 µs jitter, 120.0 ± 0.5 BPM.
func TestTempoFromJitteryClock(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	a := New()
	const interval = 60e6 / 120 / 24 // 20,833.3 µs
	var tempos []Event
	a.Feed(0, []byte{0xfa})
	for i := 1; i <= 24*16; i++ {
		jitter := (r.Float64()*2 - 1) * 150
		evs, absorbed := a.Feed(1000+float64(i)*interval+jitter, []byte{0xf8})
		if !absorbed {
			t.Fatal("clock not absorbed")
		}
		tempos = append(tempos, evs...)
	}
	if len(tempos) != 16 { // one a beat
		t.Fatalf("%d tempo events", len(tempos))
	}
	for i, ev := range tempos[1:] {
		if math.Abs(ev.Tempo.BPM-120) > 0.5 {
			t.Fatalf("beat %d: %.3f BPM", i+2, ev.Tempo.BPM)
		}
	}
	tp := a.Tempo()
	// uniform ±150 µs on each clock: the intervals' deviation is 150·√(2/3) ≈ 122 µs
	if math.Abs(tp.BPM-120) > 0.5 || tp.JitterUS < 90 || tp.JitterUS > 150 || tp.Clocks != clockWindow || tp.State != "playing" {
		t.Fatalf("%+v", tp)
	}
	if a.SongPosition() != 64 { // 384 clocks = 64 sixteenths
		t.Fatalf("song position %d", a.SongPosition())
	}
	evs, _ := a.Feed(9e6, []byte{0xfc})
	if ev := one(t, evs, KindTransport); ev.Text != "stop at MIDI beat 64 (bar 5.1.1 in 4/4)" || ev.Tempo.State != "stopped" {
		t.Fatalf("%q", ev.Text)
	}
	// a second of silence starts a new window
	a.Feed(11e6, []byte{0xf8})
	if tp := a.Tempo(); tp.Clocks != 0 || tp.BPM != 0 {
		t.Fatalf("after silence %+v", tp)
	}
}

func TestSongPositionAndSelect(t *testing.T) {
	ev := one(t, feed(t, []byte{0xf2, 0x05, 0x01}), KindSongPosition)
	if *ev.SongPosition != 133 || ev.Text != "song position MIDI beat 133 (bar 9.2.2 in 4/4)" {
		t.Fatalf("%q", ev.Text)
	}
	ev = one(t, feed(t, []byte{0xf3, 7}), KindSongSelect)
	if *ev.Song != 7 {
		t.Fatalf("%+v", ev)
	}
}

// MPE: with a lower zone of 3 members, each member channel is one voice
// with its own bend (±48 semitones by default, or the channel's RPN 0),
// pressure and timbre.
func TestMPEVoices(t *testing.T) {
	a := New()
	for _, m := range [][]byte{
		cc(1, 101, 0), cc(1, 100, 6), cc(1, 6, 3), cc(1, 38, 0), // lower zone, members 2–4
		cc(3, 101, 0), cc(3, 100, 0), cc(3, 6, 12), cc(3, 38, 0), // channel 3 bends ±12
		{0xe1, 0x00, 0x50}, {0x91, 60, 100}, // bend before the note on channel 2: +0.25 of 48 = +12
		{0x92, 64, 90}, {0xe2, 0x00, 0x60}, {0xd2, 77}, cc(3, 74, 20), // channel 3: +0.5 of 12 = +6
		{0x93, 67, 80}, {0x83, 67, 0}, // channel 4: on and off
		{0x95, 70, 1}, // channel 6: not a member
	} {
		a.Feed(0, m)
	}
	v := a.Voices()
	if len(v) != 2 {
		t.Fatalf("%+v", v)
	}
	if v[0].Channel != 2 || v[0].Note != 60 || v[0].Semitones != 12 || v[0].Zone != "lower" {
		t.Errorf("%+v", v[0])
	}
	if v[1].Channel != 3 || v[1].Note != 64 || v[1].Semitones != 6 || v[1].Pressure != 77 || v[1].Timbre != 20 {
		t.Errorf("%+v", v[1])
	}
	a.Feed(0, []byte{0x82, 64, 0})
	if v := a.Voices(); len(v) != 1 {
		t.Fatalf("after note off: %+v", v)
	}
}
