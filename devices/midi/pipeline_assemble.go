package midi

import (
	"encoding/json"

	"benchtop/devices/midi/assemble"
)

// TypeAssembled is the filter type of assembled events (an RPN change, a
// timecode, an identity reply, …) in a View.
const TypeAssembled = "assembled"

// assembledKeep is how many assembled events the pipeline keeps;
// tempoKeep how many tempo points (one a beat: 4 minutes at 60 BPM).
const (
	assembledKeep = 1000
	tempoKeep     = 240
)

// TempoPoint is the clock's tempo at a beat.
type TempoPoint struct {
	TUS      float64
	BPM      float64
	JitterUS float64
}

// Assembled is an event the pipeline assembled from messages, placed after
// the message that completed it (AfterSeq) or, for a data MSB reported when
// its LSB did not come, after the last message before it was reported.
type Assembled struct {
	AfterSeq uint64
	Event    assemble.Event
}

// MarshalJSON writes the event as `midi decode --json` writes an event,
// with "after_seq" in front: the JSON log's "assembled" entries and the
// lines `midi monitor --json` streams for them.
func (a Assembled) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AfterSeq uint64 `json:"after_seq"`
		assemble.Event
	}{a.AfterSeq, a.Event})
}

// pipeAsm is the pipeline's assembler and what it produced; p.mu held.
type pipeAsm struct {
	a      *assemble.Assembler
	ring   []Assembled
	head   int
	n      int
	tempo  []TempoPoint // the newest tempoKeep, oldest first
	tempoN int          // tempo points ever: a reader's "changed?"
	set    settings     // what the events set: timecode, song position, parameter values
}

func newPipeAsm() pipeAsm { return pipeAsm{a: assemble.New(), ring: make([]Assembled, assembledKeep)} }

func (s *pipeAsm) add(seq uint64, evs []assemble.Event) {
	for _, e := range evs {
		s.set.note(e)
		if e.Kind == assemble.KindTempo && e.Tempo != nil {
			if len(s.tempo) == tempoKeep {
				s.tempo = append(s.tempo[:0], s.tempo[1:]...)
			}
			s.tempo = append(s.tempo, TempoPoint{e.TUS, e.Tempo.BPM, e.Tempo.JitterUS})
			s.tempoN++
		}
		s.ring[s.head] = Assembled{AfterSeq: seq, Event: e}
		s.head = (s.head + 1) % len(s.ring)
		s.n = min(s.n+1, len(s.ring))
	}
}

// feed runs a message through the assembler (on the pusher's goroutine,
// under p.mu: a few comparisons a message) and reports whether it is a part
// of an assembled event, and the events it completed.
func (s *pipeAsm) feed(ev Event) (bool, []assemble.Event) {
	evs, absorbed := s.a.Feed(ev.AtUS, ev.Msg.Raw)
	s.add(ev.Seq, evs)
	return absorbed, evs
}

// snapshot reports a waiting data MSB older than PendingUS (so that a
// lone CC 6 shows without a next message), then copies the events that
// pass f (the newest f.Last), oldest first; tempo lines only with
// f.ShowRealtime.
func (s *pipeAsm) snapshot(f Filter, lastSeq uint64, nowUS float64) (out []Assembled) {
	s.add(lastSeq, s.a.Flush(nowUS))
	if f.Types != nil && !f.Types[TypeAssembled] {
		return nil
	}
	// newest first, at most f.Last (a frame that does not take log rows
	// asks for the new messages only: it copies little), then oldest first
	for i := 0; i < s.n && (f.Last <= 0 || len(out) < f.Last); i++ {
		a := s.ring[(s.head-1-i+2*len(s.ring))%len(s.ring)]
		if a.Event.Kind == assemble.KindTempo && !f.ShowRealtime {
			continue
		}
		if f.Channel != 0 && a.Event.Channel != f.Channel {
			continue
		}
		out = append(out, a)
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// TempoHistory is the clock's tempo a beat at a time (the newest 240),
// oldest first; n counts every point ever, so a reader can tell whether
// anything changed since it last looked (View.TempoPoints is the same n).
func (p *Pipeline) TempoHistory() (points []TempoPoint, n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]TempoPoint(nil), p.asm.tempo...), p.asm.tempoN
}
