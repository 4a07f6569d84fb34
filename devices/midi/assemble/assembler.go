package assemble

import "strconv"

// PendingUS is how long a data entry MSB (CC 6) waits for its LSB (CC 38)
// before it is reported alone. Senders put the two back to back.
const PendingUS = 20_000

// Assembler is the state of one stream (one port, or several merged). It
// is not safe for concurrent use: one goroutine feeds it.
type Assembler struct {
	ch      [16]chanState
	pending int // channels with a data MSB waiting for its LSB
	mtc     mtcState
	clock   clockState
	zones   [2]MPEZone     // lower, upper
	voices  map[int]*Voice // MPE: by member channel
}

// New returns an assembler with nothing seen.
func New() *Assembler {
	a := &Assembler{}
	for i := range a.ch {
		a.ch[i].reset()
	}
	a.zones[0] = MPEZone{Zone: "lower", Manager: 1}
	a.zones[1] = MPEZone{Zone: "upper", Manager: 16}
	return a
}

// Feed takes one complete message (as the midi package's Parser emits it)
// that arrived at tUS µs, and returns the events it completed (often
// none, sometimes a waiting one and a new one). absorbed says the message
// is a part of an assembled event (a CC 99, a quarter frame, a clock),
// so that a view can fold it under that event instead of listing it.
func (a *Assembler) Feed(tUS float64, raw []byte) (events []Event, absorbed bool) {
	if a.pending > 0 {
		events = a.flushOlder(tUS-PendingUS, events)
	}
	if len(raw) == 0 {
		return events, false
	}
	st := raw[0]
	switch {
	case st >= 0x80 && st < 0xf0:
		c := int(st & 0x0f)
		if a.zones[0].Members > 0 || a.zones[1].Members > 0 {
			a.mpe(c+1, raw)
		}
		if st&0xf0 == 0xb0 && len(raw) >= 3 {
			return a.cc(tUS, c, raw, events)
		}
		if a.ch[c].pend == nil {
			return events, false
		}
		if ev, ok := a.ch[c].flush(); ok { // any other message on the channel ends a lone data MSB
			a.pending--
			events = append(events, ev)
		}
		return events, false
	case st == 0xf0:
		if ev, ok := a.sysex(tUS, raw); ok {
			return append(events, ev), true
		}
		return events, false
	case st == 0xf1 && len(raw) >= 2:
		if ev, ok := a.mtc.quarter(tUS, raw); ok {
			events = append(events, ev)
		}
		return events, true
	case st == 0xf2 && len(raw) >= 3:
		return append(events, a.clock.songPosition(tUS, raw)), true
	case st == 0xf3 && len(raw) >= 2:
		song := int(raw[1] & 0x7f)
		return append(events, Event{TUS: tUS, Kind: KindSongSelect, Song: intp(song),
			Text: "song select " + strconv.Itoa(song), Parts: []string{Hex(raw)}}), true
	case st == 0xf8 || st == 0xfa || st == 0xfb || st == 0xfc:
		if ev, ok := a.clock.feed(tUS, st); ok {
			events = append(events, ev)
		}
		return events, true
	}
	return events, false
}

// Flush reports every data MSB still waiting for its LSB, as of nowUS
// (call it at the end of a file, or on a view's tick with the time now:
// only those older than PendingUS are reported).
func (a *Assembler) Flush(nowUS float64) []Event {
	if a.pending == 0 {
		return nil
	}
	return a.flushOlder(nowUS-PendingUS, nil)
}

// FlushAll reports every waiting data MSB, however recent (end of input).
func (a *Assembler) FlushAll() []Event {
	var out []Event
	for i := range a.ch {
		if ev, ok := a.ch[i].flush(); ok {
			out = append(out, ev)
		}
	}
	a.pending = 0
	return out
}

func (a *Assembler) flushOlder(beforeUS float64, out []Event) []Event {
	for i := range a.ch {
		c := &a.ch[i]
		if c.pend != nil && c.pend.TUS <= beforeUS {
			ev, _ := c.flush()
			a.pending--
			out = append(out, ev)
		}
	}
	return out
}

// Tempo is the clock's tempo now (BPM over the last MIDI beats' worth of
// clocks, their jitter, and the transport state).
func (a *Assembler) Tempo() Tempo { return a.clock.tempo() }

// Zones are the MPE zones as RPN 6 last configured them (Members 0: off).
func (a *Assembler) Zones() [2]MPEZone { return a.zones }

// SongPosition is where the clock has counted to, in MIDI beats
// (sixteenth notes), from the last song position, start or continue.
func (a *Assembler) SongPosition() int { return a.clock.spp }
