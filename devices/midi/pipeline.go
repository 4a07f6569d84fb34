package midi

import (
	"math"
	"slices"
	"sort"
	"sync"
	"time"

	"benchtop/devices/midi/assemble"
	"benchtop/internal/hrclock"
)

// Event is a message as it arrived, stamped by Benchtop's own monotonic
// clock in the driver callback (rtmididrv's timestamps are whole,
// accumulated milliseconds: useless for timing).
type Event struct {
	Seq  uint64        `json:"seq"`
	At   time.Duration `json:"-"`    // since the pipeline started
	AtUS float64       `json:"t_us"` // the same, in µs, for exports
	Gap  time.Duration `json:"-"`    // since the previous message (any port)
	Port string        `json:"port"`
	Msg  Message       `json:"message"`
	Hex  string        `json:"hex"`
	// Folded: the message is a part of an assembled event (View.Assembled).
	Folded bool `json:"-"`
	// Completes: the assembled events this message completed (taps see
	// them as they happen; View.Assembled keeps them).
	Completes []assemble.Event `json:"-"`
}

// Pipeline takes messages from any source (ports, the on-screen keyboard,
// a file being replayed), stamps and decodes them, keeps a bounded history
// and a model of what is held and set. Push never blocks on a reader: the
// UI copies a snapshot on its own ticker.
type Pipeline struct {
	now   func() time.Time // the clock seam
	start time.Time

	mu      sync.Mutex
	ring    []Event
	head    int // next write
	count   int
	seq     uint64
	last    time.Duration
	model   Model
	gaps    [gapBuckets]int64
	taps    []func(Event)
	secHist [rateWindow]int64 // messages per 100 ms slot, for messages/s
	secSlot int64
	asm     pipeAsm

	changed chan struct{} // one token: "something changed since you last looked"
}

const (
	gapBuckets = 26 // 1 µs · 2^k, up to about 33 s
	rateWindow = 10 // × 100 ms = 1 s
)

// Model is the state the messages built up.
type Model struct {
	Held      map[int]HeldNote `json:"held"` // key: channel<<8 | note
	CC        map[int]int      `json:"cc"`   // key: channel<<8 | cc
	Bend      int              `json:"bend"` // last pitch bend, -8192..8191
	Pressure  int              `json:"pressure"`
	Counts    map[string]int64 `json:"counts"`
	Total     int64            `json:"total"`
	Dropped   int64            `json:"dropped"` // history entries overwritten
	LastNote  int              `json:"last_note"`
	NoteRange [2]int           `json:"note_range"` // lowest and highest note seen
}

// HeldNote is a key down.
type HeldNote struct {
	Channel, Note, Velocity int
	Since                   time.Duration
}

// NewPipeline keeps the last historySize messages (memory does not grow
// with time).
func NewPipeline(historySize int) *Pipeline {
	return NewPipelineWithClock(historySize, hrclock.Now) // µs on Windows too
}

// NewPipelineWithClock is NewPipeline with a clock of the caller's.
func NewPipelineWithClock(historySize int, now func() time.Time) *Pipeline {
	if historySize < 1 {
		historySize = 1
	}
	p := &Pipeline{now: now, start: now(), ring: make([]Event, historySize), changed: make(chan struct{}, 1)}
	p.model = newModel()
	p.asm = newPipeAsm()
	return p
}

func newModel() Model {
	return Model{Held: map[int]HeldNote{}, CC: map[int]int{}, Counts: map[string]int64{}, NoteRange: [2]int{128, -1}}
}

// Tap registers f to see every event after it is recorded (the recorder,
// the latency matcher). f runs on the pusher's goroutine: keep it short.
func (p *Pipeline) Tap(f func(Event)) (remove func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.taps = append(p.taps, f)
	i := len(p.taps) - 1
	return func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if i < len(p.taps) {
			p.taps[i] = nil
		}
	}
}

// Push stamps raw with the clock now and records it.
func (p *Pipeline) Push(port string, raw []byte) Event {
	return p.PushAt(port, raw, p.now())
}

// PushAt records raw as arriving at t. raw is copied.
func (p *Pipeline) PushAt(port string, raw []byte, t time.Time) Event {
	cp := append([]byte(nil), raw...)
	msg := Decode(cp)
	p.mu.Lock()
	at := t.Sub(p.start)
	p.seq++
	ev := Event{Seq: p.seq, At: at, AtUS: float64(at) / 1e3, Port: port, Msg: msg, Hex: msg.Hex()}
	if p.seq > 1 {
		ev.Gap = at - p.last
		p.gaps[gapBucket(ev.Gap)]++
	}
	p.last = at
	ev.Folded, ev.Completes = p.asm.feed(ev)
	if p.count == len(p.ring) {
		p.model.Dropped++
	} else {
		p.count++
	}
	p.ring[p.head] = ev
	p.head = (p.head + 1) % len(p.ring)
	p.apply(ev)
	slot := int64(at / (100 * time.Millisecond))
	for p.secSlot < slot { // clear slots that passed without messages
		p.secSlot++
		p.secHist[p.secSlot%rateWindow] = 0
		if slot-p.secSlot > rateWindow {
			p.secSlot = slot
			p.secHist = [rateWindow]int64{}
		}
	}
	p.secHist[slot%rateWindow]++
	taps := p.taps
	p.mu.Unlock()
	for _, f := range taps {
		if f != nil {
			f(ev)
		}
	}
	p.signal()
	return ev
}

// Changes delivers a token after anything was pushed or cleared since the
// last token was taken: a view redraws when there is something new, and a
// burst of messages costs one redraw, not one per message.
func (p *Pipeline) Changes() <-chan struct{} { return p.changed }

// Seq is the sequence number of the last message pushed (0: none yet): a
// reader that remembers it knows cheaply whether anything arrived since.
func (p *Pipeline) Seq() uint64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.seq
}

// Touch asks readers to look again (a filter changed) without a message.
func (p *Pipeline) Touch() { p.signal() }

func (p *Pipeline) signal() {
	select {
	case p.changed <- struct{}{}:
	default: // a token is already waiting
	}
}

func gapBucket(d time.Duration) int {
	us := float64(d) / 1e3
	if us <= 1 {
		return 0
	}
	b := int(math.Log2(us)) + 1
	return min(b, gapBuckets-1)
}

// apply updates the model; p.mu held.
func (p *Pipeline) apply(ev Event) {
	m := &p.model
	msg := ev.Msg
	m.Total++
	m.Counts[msg.Type]++
	key := msg.Channel<<8 | msg.Note
	switch msg.Type {
	case TypeNoteOn:
		m.Held[key] = HeldNote{Channel: msg.Channel, Note: msg.Note, Velocity: msg.Velocity, Since: ev.At}
		m.LastNote = msg.Note
		m.NoteRange[0] = min(m.NoteRange[0], msg.Note)
		m.NoteRange[1] = max(m.NoteRange[1], msg.Note)
	case TypeNoteOff:
		delete(m.Held, key)
	case TypeCC:
		m.CC[msg.Channel<<8|msg.CC] = msg.Value
		if msg.CC == 123 || msg.CC == 120 { // all notes / sound off
			for k, h := range m.Held {
				if h.Channel == msg.Channel {
					delete(m.Held, k)
				}
			}
		}
	case TypePitchBend:
		m.Bend = msg.Bend
	case TypeAftertouch:
		m.Pressure = msg.Value
	}
}

// Clear empties the history and the model (the clock keeps running).
func (p *Pipeline) Clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.head, p.count = 0, 0
	p.model = newModel()
	p.asm = newPipeAsm()
	p.gaps = [gapBuckets]int64{}
	p.signal()
}

// Now is the pipeline's current time.
func (p *Pipeline) Now() time.Duration { return p.now().Sub(p.start) }

// View is a copy of the pipeline's state for a reader.
type View struct {
	Events   []Event // oldest first, filtered
	Model    Model
	Rate     float64 // messages per second over the last second
	Stuck    []HeldNote
	GapsUS   []GapBin
	Capacity int
	// Start is when the pipeline started: an event arrived at Start + At.
	Start time.Time
	// Assembled are the recent assembled events that pass the filter
	// (type "assembled", or all types), oldest first; Tempo and MPEZones
	// what the clock and RPN 6 say now.
	Assembled []Assembled
	Tempo     assemble.Tempo
	MPEZones  [2]assemble.MPEZone
	// TempoPoints counts the tempo points ever (TempoHistory has them).
	TempoPoints int
	// MPEVoices are the notes sounding on MPE member channels.
	MPEVoices []assemble.Voice
	// Settings are the latest timecode, song position and parameter
	// values (RPN, NRPN, 14-bit controllers) the events set.
	Settings Settings
}

// GapBin is one bar of the gap histogram: gaps in [LoUS, HiUS).
type GapBin struct {
	LoUS, HiUS float64
	Count      int64
}

// Filter selects what View returns. Zero value: everything but clock and
// active sensing.
type Filter struct {
	Types        map[string]bool // nil: all types
	Channel      int             // 0: all channels
	ShowRealtime bool            // clock and active sensing
	Last         int             // at most this many events (0: all kept)
}

// StuckAfter is how long a key may be held before the view warns.
const StuckAfter = 20 * time.Second

// Snapshot copies the state.
func (p *Pipeline) Snapshot(f Filter) View {
	p.mu.Lock()
	defer p.mu.Unlock()
	v := View{Capacity: len(p.ring), Start: p.start}
	v.Assembled = p.asm.snapshot(f, p.seq, float64(p.Now())/1e3)
	v.Tempo, v.MPEZones, v.TempoPoints = p.asm.a.Tempo(), p.asm.a.Zones(), p.asm.tempoN
	v.MPEVoices = p.asm.a.Voices()
	v.Settings = p.asm.set.view(p.asm.a.SongPosition())
	// newest first, at most f.Last, then turned around: a reader of the
	// newest few copies a few, not the whole history
	start := (p.head - p.count + len(p.ring)) % len(p.ring)
	for i := p.count - 1; i >= 0 && (f.Last <= 0 || len(v.Events) < f.Last); i-- {
		ev := &p.ring[(start+i)%len(p.ring)]
		t := ev.Msg.Type
		if !f.ShowRealtime && (t == TypeClock || t == TypeActiveSense) {
			continue
		}
		if f.Types != nil && !f.Types[t] {
			continue
		}
		if f.Channel != 0 && ev.Msg.Channel != f.Channel {
			continue
		}
		v.Events = append(v.Events, *ev)
	}
	slices.Reverse(v.Events)
	m := p.model
	m.Held = make(map[int]HeldNote, len(p.model.Held))
	for k, h := range p.model.Held {
		m.Held[k] = h
		if p.Now()-h.Since > StuckAfter {
			v.Stuck = append(v.Stuck, h)
		}
	}
	sort.Slice(v.Stuck, func(i, j int) bool { return v.Stuck[i].Note < v.Stuck[j].Note })
	m.CC = make(map[int]int, len(p.model.CC))
	for k, c := range p.model.CC {
		m.CC[k] = c
	}
	m.Counts = make(map[string]int64, len(p.model.Counts))
	for k, c := range p.model.Counts {
		m.Counts[k] = c
	}
	v.Model = m
	// messages/s: the 100 ms slots of the last second, up to now
	nowSlot := int64(p.Now() / (100 * time.Millisecond))
	var n int64
	for s := nowSlot - rateWindow + 1; s <= nowSlot; s++ {
		if s >= 0 && s <= p.secSlot && p.secSlot-s < rateWindow {
			n += p.secHist[s%rateWindow]
		}
	}
	v.Rate = float64(n)
	for i, c := range p.gaps {
		lo := 0.0
		if i > 0 {
			lo = math.Pow(2, float64(i-1))
		}
		v.GapsUS = append(v.GapsUS, GapBin{LoUS: lo, HiUS: math.Pow(2, float64(i)), Count: c})
	}
	return v
}
