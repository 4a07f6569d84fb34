package midi

import (
	"testing"
	"time"
)

// ReadKeys gives a keyboard view what it draws: keys, controllers, bend,
// MPE voices, and the arrival of each channel message since the last read
// (not a clock's); a read with nothing new says so; a clear empties the
// keys; a warm read allocates nothing.
func TestReadKeys(t *testing.T) {
	t0 := time.Unix(1000, 0)
	now := t0
	p := NewPipelineWithClock(8, func() time.Time { return now })
	push := func(ms int, raw ...byte) {
		now = t0.Add(time.Duration(ms) * time.Millisecond)
		p.Push("test", raw)
	}
	var k Keys
	if p.ReadKeys(&k) {
		t.Fatal("fresh before any message")
	}
	push(1, 0x90, 60, 100)
	push(2, 0xb0, 21, 70)
	push(3, 0xf8) // a clock: no key, no meter
	push(4, 0xe0, 0x00, 0x50)
	if !p.ReadKeys(&k) {
		t.Fatal("not fresh after messages")
	}
	if h := k.Held[1<<8|60]; h.Note != 60 || h.Velocity != 100 || len(k.Held) != 1 {
		t.Errorf("held %+v", k.Held)
	}
	if k.CC[1<<8|21] != 70 || k.Bend != (0x50<<7)-8192 {
		t.Errorf("cc %v bend %d", k.CC, k.Bend)
	}
	if len(k.Arrived) != 3 || !k.Arrived[0].Equal(t0.Add(time.Millisecond)) || !k.Arrived[2].Equal(t0.Add(4*time.Millisecond)) {
		t.Errorf("arrived %v", k.Arrived)
	}
	if p.ReadKeys(&k) || len(k.Arrived) != 0 {
		t.Fatalf("fresh twice: %v", k.Arrived)
	}
	// MPE: a lower zone of 3 members (RPN 6 on channel 1), a note on
	// member channel 2 with its own bend, pressure and timbre
	for _, m := range [][]byte{{0xb0, 101, 0}, {0xb0, 100, 6}, {0xb0, 6, 3}, {0xb0, 38, 0},
		{0x91, 64, 90}, {0xe1, 0x00, 0x60}, {0xd1, 77}, {0xb1, 74, 20}} {
		push(10, m...)
	}
	p.ReadKeys(&k)
	if len(k.Voices) != 1 || k.Voices[0].Note != 64 || k.Voices[0].Semitones != 24 || k.Voices[0].Pressure != 77 || k.Voices[0].Timbre != 20 {
		t.Fatalf("voices %+v", k.Voices)
	}
	// more messages than the history keeps: the kept ones
	for i := range 12 {
		push(20+i, 0xd1, byte(i))
	}
	if p.ReadKeys(&k); len(k.Arrived) != 8 || !k.Arrived[7].Equal(t0.Add(31*time.Millisecond)) {
		t.Errorf("after a wrap: %v", k.Arrived)
	}
	p.Clear()
	if !p.ReadKeys(&k) || len(k.Held) != 0 || len(k.Voices) != 0 || len(k.Arrived) != 0 {
		t.Fatalf("after clear: %+v", k)
	}
	push(40, 0x91, 64, 90)
	push(41, 0x81, 64, 0)
	p.ReadKeys(&k)
	// AllocsPerRun counts every goroutine's allocations (a timer of an
	// earlier test, the race detector's): ReadKeys allocates only if every
	// one of three measurements says so.
	var allocs, pushAllocs float64
	for try := 0; try < 3; try++ {
		allocs = testing.AllocsPerRun(100, func() {
			push(50, 0x90, 61, 90)
			p.ReadKeys(&k)
			push(51, 0x80, 61, 0)
			p.ReadKeys(&k)
		})
		pushAllocs = testing.AllocsPerRun(100, func() { push(50, 0x90, 61, 90); push(51, 0x80, 61, 0) })
		if allocs <= pushAllocs {
			return
		}
	}
	t.Errorf("ReadKeys allocates: %.0f allocations beside the pushes' %.0f", allocs-pushAllocs, pushAllocs)
}
