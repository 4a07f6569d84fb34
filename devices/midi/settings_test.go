package midi

import (
	"fmt"
	"testing"
	"time"

	"benchtop/devices/midi/miditest"
)

// The done-when stream leaves its timecode, song position and parameter
// values in the view's Settings, newest first.
func TestSettingsFromDoneWhen(t *testing.T) {
	now := time.Unix(0, 0)
	p := NewPipelineWithClock(100, func() time.Time { return now })
	for _, m := range miditest.DoneWhen() {
		p.PushAt("test", m.Raw, now.Add(m.At))
	}
	s := p.Snapshot(Filter{Last: 1}).Settings
	if s.Timecode == nil || s.Timecode.String() != "01:02:03:04 @ 25 fps" || s.Timecode.Source != "quarter frames" || s.TimecodeUS != 19_000 {
		t.Fatalf("timecode %+v at %v", s.Timecode, s.TimecodeUS)
	}
	if s.SongPosition == nil || *s.SongPosition != 32 { // start, then 8 beats of clock: 32 sixteenths
		t.Fatalf("song position %v", s.SongPosition)
	}
	var got []string
	for _, v := range s.Params {
		got = append(got, v.Text)
	}
	want := []string{"ch 1 MPE configuration: 7 member channels", "ch 1 pitch bend range ±12", "ch 3 NRPN 130 = 8197"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%q", got)
	}
	if v := s.Params[2]; v.Channel != 3 || v.Kind != "nrpn" || v.Number != 130 || v.Value != 8197 {
		t.Fatalf("%+v", v)
	}
	// a copy: changing it does not change the pipeline's
	s.Params[0].Text, s.Timecode.Hours = "x", 9
	if s2 := p.Snapshot(Filter{Last: 1}).Settings; s2.Params[0].Text == "x" || s2.Timecode.Hours != 1 {
		t.Fatal("the view shares the pipeline's settings")
	}
	p.Clear()
	if s := p.Snapshot(Filter{}).Settings; s.Timecode != nil || s.SongPosition != nil || len(s.Params) != 0 {
		t.Fatalf("after Clear: %+v", s)
	}
}

// Thousands of distinct NRPNs keep the newest settingsKeep values; a
// parameter set again moves to the front, not in twice; 14-bit
// controllers, a full-frame timecode and a song position are kept too.
func TestSettingsBounded(t *testing.T) {
	now := time.Unix(0, 0)
	p := NewPipelineWithClock(10, func() time.Time { return now })
	push := func(b ...byte) {
		now = now.Add(time.Millisecond)
		p.Push("test", b)
	}
	for n := 0; n < 5000; n++ {
		push(0xb4, 99, byte(n>>7&0x7f))
		push(0xb4, 98, byte(n&0x7f))
		push(0xb4, 6, byte(n%128))
		push(0xb4, 38, 1)
	}
	s := p.Snapshot(Filter{}).Settings
	if len(s.Params) != settingsKeep || settingsKeep != 16 {
		t.Fatalf("%d values kept", len(s.Params))
	}
	for i, v := range s.Params {
		if n := 4999 - i; v.Number != n || v.Channel != 5 || v.Value != (n%128)<<7|1 {
			t.Fatalf("%d: %+v, want NRPN %d", i, v, n)
		}
	}
	push(0xb4, 99, 4990>>7)
	push(0xb4, 98, 4990&0x7f)
	push(0xb4, 6, 5) // set again: 5<<7 | 2
	push(0xb4, 38, 2)
	push(0xb0, 1, 64)
	push(0xb0, 33, 0)
	push(0xf0, 0x7f, 0x7f, 0x01, 0x01, 0x61, 0x3b, 0x3a, 0x18, 0xf7) // full frame 01:59:58:24 @ 30
	push(0xf2, 0x10, 0x01)                                           // song position 144
	s = p.Snapshot(Filter{}).Settings
	if len(s.Params) != 16 || s.Params[0].Text != "ch 1 CC1 Modulation = 8192" || s.Params[1].Text != "ch 5 NRPN 4990 = 642" {
		t.Fatalf("%+v", s.Params[:2])
	}
	n4990 := 0
	for _, v := range s.Params {
		if v.Number == 4990 {
			n4990++
		}
	}
	if n4990 != 1 || s.Params[15].Number != 4985 {
		t.Fatalf("NRPN 4990 %d times, oldest %d", n4990, s.Params[15].Number)
	}
	if s.Timecode == nil || s.Timecode.String() != "01:59:58:24 @ 30 fps" || s.Timecode.Source != "full frame" {
		t.Fatalf("%+v", s.Timecode)
	}
	if s.SongPosition == nil || *s.SongPosition != 144 {
		t.Fatalf("%v", s.SongPosition)
	}
}
