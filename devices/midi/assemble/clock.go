package assemble

import (
	"fmt"
	"math"
)

const (
	clocksPerBeat = 24  // F8 per quarter note
	clockWindow   = 96  // intervals in the tempo window: one 4/4 bar
	clockResetUS  = 1e6 // a longer silence starts a new window (below 2.5 BPM)
)

// clockState is the tempo from F8 clocks, and the transport.
type clockState struct {
	t     [clockWindow + 1]float64 // ring of clock times
	n     int                      // clocks in the ring
	head  int
	since int // clocks since the last tempo event
	state string
	spp   int // MIDI beats
	sub   int // clocks into the current MIDI beat (6 per sixteenth)
}

func (c *clockState) feed(tUS float64, st byte) (Event, bool) {
	switch st {
	case 0xf8:
		if c.n > 0 && tUS-c.t[(c.head+len(c.t)-1)%len(c.t)] > clockResetUS {
			c.n, c.since = 0, 0
		}
		c.t[c.head] = tUS
		c.head = (c.head + 1) % len(c.t)
		c.n = min(c.n+1, len(c.t))
		if c.state == "playing" {
			if c.sub++; c.sub == 6 {
				c.sub, c.spp = 0, c.spp+1
			}
		}
		if c.since++; c.since >= clocksPerBeat && c.n > 1 {
			c.since = 0
			tp := c.tempo()
			return Event{TUS: tUS, Kind: KindTempo, Tempo: &tp, Parts: []string{"F8"},
				Text: fmt.Sprintf("%.1f BPM, jitter %.0f µs (%d clocks)", tp.BPM, tp.JitterUS, tp.Clocks)}, true
		}
		return Event{}, false
	case 0xfa:
		c.state, c.spp, c.sub = "playing", 0, 0
	case 0xfb:
		c.state = "playing"
	case 0xfc:
		c.state = "stopped"
	}
	name := map[byte]string{0xfa: "start", 0xfb: "continue", 0xfc: "stop"}[st]
	tp := c.tempo()
	ev := Event{TUS: tUS, Kind: KindTransport, Tempo: &tp, SongPosition: intp(c.spp), Parts: []string{Hex([]byte{st})}}
	ev.Text = fmt.Sprintf("%s at MIDI beat %d (%s)", name, c.spp, barBeat(c.spp))
	return ev, true
}

// tempo: BPM from the span of the window (first to last clock), jitter
// as the standard deviation of its intervals.
func (c *clockState) tempo() Tempo {
	tp := Tempo{State: c.state}
	if c.n < 2 {
		return tp
	}
	at := func(i int) float64 { return c.t[(c.head-c.n+i+2*len(c.t))%len(c.t)] }
	k := c.n - 1
	mean := (at(c.n-1) - at(0)) / float64(k)
	if mean <= 0 {
		return tp
	}
	var ss float64
	for i := 1; i < c.n; i++ {
		d := at(i) - at(i-1) - mean
		ss += d * d
	}
	tp.BPM = 60e6 / (mean * clocksPerBeat)
	tp.JitterUS = math.Sqrt(ss / float64(k))
	tp.Clocks = k
	return tp
}

func (c *clockState) songPosition(tUS float64, raw []byte) Event {
	v := int(raw[2]&0x7f)<<7 | int(raw[1]&0x7f)
	c.spp, c.sub = v, 0
	return Event{TUS: tUS, Kind: KindSongPosition, SongPosition: intp(v), Parts: []string{Hex(raw[:3])},
		Text: fmt.Sprintf("song position MIDI beat %d (%s)", v, barBeat(v))}
}

// barBeat is a position in MIDI beats (sixteenths) as bar.beat.sixteenth
// in 4/4, counted from 1.
func barBeat(v int) string {
	return fmt.Sprintf("bar %d.%d.%d in 4/4", v/16+1, v%16/4+1, v%4+1)
}
