// Package miditest holds MIDI streams that tests in several packages
// share (the midi package, the CLI, the window), so that each clause of a
// requirement is checked on the same bytes everywhere.
package miditest

import (
	"math/rand/v2"
	"time"
)

// Msg is one message and when it arrived, from the start of the stream.
type Msg struct {
	At  time.Duration
	Raw []byte
}

// Identity reply in DoneWhen: a Yamaha (43), family 00 41, model 15 03.
var YamahaIdentityReply = []byte{0xf0, 0x7e, 0x7f, 0x06, 0x02, 0x43, 0x00, 0x41, 0x15, 0x03, 0x00, 0x01, 0x00, 0x00, 0xf7}

// DoneWhen is every "done when" of issue 26, 1 ms apart: an NRPN in four
// CCs (NRPN 130 = 8197 on channel 3), RPN 0 (pitch bend range ±12 on
// channel 1), RPN 6 (MPE lower zone, 7 members), eight quarter frames
// (01:02:03:04 at 25 fps), an identity reply (Yamaha), then start and
// eight beats of F8 at 120 BPM, each off its ideal time by up to ±150 µs
// (a fixed sequence).
func DoneWhen() []Msg {
	var out []Msg
	at := time.Duration(0)
	add := func(b ...byte) {
		at += time.Millisecond
		out = append(out, Msg{at, b})
	}
	add(0xb2, 99, 1)
	add(0xb2, 98, 2)
	add(0xb2, 6, 64)
	add(0xb2, 38, 5)
	add(0xb0, 101, 0)
	add(0xb0, 100, 0)
	add(0xb0, 6, 12)
	add(0xb0, 38, 0)
	add(0xb0, 100, 6) // RPN 101 is still 0
	add(0xb0, 6, 7)
	add(0xb0, 38, 0)
	for _, q := range []byte{0x04, 0x10, 0x23, 0x30, 0x42, 0x50, 0x61, 0x72} {
		add(0xf1, q)
	}
	add(YamahaIdentityReply...)
	add(0xfa)
	r := rand.New(rand.NewPCG(26, 26))
	start := at
	for i := 1; i <= 24*8; i++ {
		jitter := time.Duration((r.Float64()*2 - 1) * 150e3)
		out = append(out, Msg{start + time.Duration(i)*(time.Minute/120/24) + jitter, []byte{0xf8}})
	}
	return out
}
