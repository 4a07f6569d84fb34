package midi

import (
	"bytes"
	"context"
	"io"
	"math"
	"sync"
	"time"

	"gitlab.com/gomidi/midi/v2/smf"
)

// Timed is a raw message at a time from the start.
type Timed struct {
	At  time.Duration
	Raw []byte
}

// Recording resolution: 960 ticks per quarter at 120 bpm is 0.52 ms a tick.
const (
	recTicks   = 960
	recTempoUS = 500000 // µs per quarter note (120 bpm)
)

// Recorder collects what the pipeline sees from Start until Stop.
type Recorder struct {
	mu     sync.Mutex
	events []Timed
	first  time.Duration
	remove func()
}

// Record starts recording the pipeline's events (all sources).
func Record(p *Pipeline) *Recorder {
	r := &Recorder{first: -1}
	r.remove = p.Tap(func(ev Event) {
		if ev.Msg.Type == TypeClock || ev.Msg.Type == TypeActiveSense || ev.Msg.Type == TypeUnknown {
			return
		}
		r.mu.Lock()
		if r.first < 0 {
			r.first = ev.At
		}
		r.events = append(r.events, Timed{At: ev.At - r.first, Raw: ev.Msg.Raw})
		r.mu.Unlock()
	})
	return r
}

// Stop ends the recording and returns what it holds.
func (r *Recorder) Stop() []Timed {
	if r.remove != nil {
		r.remove()
		r.remove = nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Timed(nil), r.events...)
}

// Len is how many messages were recorded so far.
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.events)
}

// WriteSMF writes events as a format-0 Standard MIDI File at 120 bpm, 960
// ticks per quarter note.
func WriteSMF(w io.Writer, events []Timed) error {
	s := smf.New()
	s.TimeFormat = smf.MetricTicks(recTicks)
	var tr smf.Track
	tr.Add(0, smf.MetaTempo(120))
	tr.Add(0, smf.MetaTrackSequenceName("Benchtop recording"))
	var lastTick int64
	for _, e := range events {
		if len(e.Raw) == 0 || e.Raw[0] < 0x80 || e.Raw[0] >= 0xf8 {
			continue // realtime bytes do not belong in a file
		}
		tick := int64(math.Round(float64(e.At) / 1e3 * recTicks / recTempoUS))
		delta := tick - lastTick
		if delta < 0 {
			delta = 0
		}
		lastTick += delta
		if e.Raw[0] == 0xf0 {
			data := e.Raw[1:]
			if n := len(data); n > 0 && data[n-1] == 0xf7 {
				data = data[:n-1]
			}
			tr.Add(uint32(delta), smf.Message(append([]byte{0xf0}, sysexBody(data)...)))
			continue
		}
		tr.Add(uint32(delta), e.Raw)
	}
	tr.Close(0)
	if err := s.Add(tr); err != nil {
		return err
	}
	_, err := s.WriteTo(w)
	return err
}

// sysexBody encodes a SysEx event body as SMF wants it: length, data, F7.
func sysexBody(data []byte) []byte {
	var b bytes.Buffer
	writeVarLen(&b, uint32(len(data)+1))
	b.Write(data)
	b.WriteByte(0xf7)
	return b.Bytes()
}

func writeVarLen(b *bytes.Buffer, v uint32) {
	var tmp [5]byte
	i := len(tmp) - 1
	tmp[i] = byte(v & 0x7f)
	for v >>= 7; v > 0; v >>= 7 {
		i--
		tmp[i] = byte(v&0x7f) | 0x80
	}
	b.Write(tmp[i:])
}

// Player replays timed messages in real time, with pause and stop.
type Player struct {
	Events  []Timed
	Clock   Clock // nil: the wall clock
	mu      sync.Mutex
	paused  bool
	resume  chan struct{}
	changed chan struct{} // wakes a wait when Pause is pressed
	pos     int
	// the schedule's shift: the pauses' total, and when the current began
	held     time.Duration
	pausedAt time.Time
}

// Clock is the time a Player plays on. A test's moves by hand, so the
// schedule is tested without waiting for it.
type Clock interface {
	Now() time.Time
	// Timer returns a channel that receives once d has passed, and a stop.
	Timer(d time.Duration) (<-chan time.Time, func() bool)
}

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }
func (wallClock) Timer(d time.Duration) (<-chan time.Time, func() bool) {
	t := time.NewTimer(d)
	return t.C, t.Stop
}

func (pl *Player) clock() Clock {
	if pl.Clock == nil {
		return wallClock{}
	}
	return pl.Clock
}

// playerDue is the player's schedule, a pure function of the time played
// (since the start, pauses left out), as vegeta's pacer is of the time
// elapsed: of events from next on, end is the index after the last one
// due, and wait how long until events[end] is due (0 when none is left).
func playerDue(events []Timed, next int, played time.Duration) (end int, wait time.Duration) {
	end = next
	for end < len(events) && events[end].At <= played {
		end++
	}
	if end < len(events) {
		wait = events[end].At - played
	}
	return end, wait
}

func (pl *Player) signal() {
	if pl.changed == nil {
		pl.changed = make(chan struct{}, 1)
	}
	select {
	case pl.changed <- struct{}{}:
	default:
	}
}

// Pause holds playback; Resume continues from where it stopped. The pause
// lasts from the one call to the other, whenever playback notices it.
func (pl *Player) Pause() {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if !pl.paused {
		pl.paused = true
		pl.pausedAt = pl.clock().Now()
		pl.resume = make(chan struct{})
		pl.signal()
	}
}

func (pl *Player) Resume() {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	if pl.paused {
		pl.paused = false
		pl.held += pl.clock().Now().Sub(pl.pausedAt)
		close(pl.resume)
	}
}

// Paused reports whether playback is held.
func (pl *Player) Paused() bool {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.paused
}

// Position is how many messages were played.
func (pl *Player) Position() int {
	pl.mu.Lock()
	defer pl.mu.Unlock()
	return pl.pos
}

// Play sends each message to sink at its time until the end or ctx ends.
// A pause shifts the rest of the schedule by its length. sink also gets
// the time the message was due: a replay stamps messages with the file's
// timing, not with the timer's wake-up jitter.
func (pl *Player) Play(ctx context.Context, sink func(raw []byte, due time.Time)) error {
	clk := pl.clock()
	start := clk.Now()
	pl.mu.Lock()
	if pl.changed == nil {
		pl.changed = make(chan struct{}, 1)
	}
	changed := pl.changed
	pl.held = 0
	if pl.paused { // paused before it started: from now
		pl.pausedAt = start
	}
	pl.mu.Unlock()
	for next := 0; next < len(pl.Events); {
		select {
		case <-changed: // the state read below is newer than any signal
		default:
		}
		pl.mu.Lock()
		paused, resume, held := pl.paused, pl.resume, pl.held
		pl.mu.Unlock()
		if paused {
			select {
			case <-resume:
				continue
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		end, wait := playerDue(pl.Events, next, clk.Now().Sub(start)-held)
		for ; next < end; next++ {
			e := pl.Events[next]
			sink(e.Raw, start.Add(held+e.At))
			pl.mu.Lock()
			pl.pos = next + 1
			pl.mu.Unlock()
		}
		if next == len(pl.Events) {
			break
		}
		c, stop := clk.Timer(wait)
		select {
		case <-c:
		case <-changed: // paused meanwhile: look again
		case <-ctx.Done():
			stop()
			return ctx.Err()
		}
		stop()
	}
	return nil
}
