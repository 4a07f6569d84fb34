package midi

import (
	"time"

	"benchtop/devices/midi/assemble"
)

// Keys is what a keyboard view draws at every frame: the keys down, the
// controllers, pitch bend, the MPE voices, and when each message since
// the last read arrived (for key to pixel). ReadKeys fills it in place:
// once its maps and slices have grown a read allocates nothing, so a view
// can read it at every frame of a burst (Snapshot copies the history, for
// a log a few times a second).
type Keys struct {
	Seq    uint64           // the newest message read (0: none)
	Held   map[int]HeldNote // channel<<8 | note
	CC     map[int]int      // channel<<8 | cc
	Bend   int              // the last pitch bend, -8192..8191
	Voices []assemble.Voice // MPE voices, lowest note first
	// Arrived holds when each channel message (a note, a controller, a
	// bend: what keys and meters show) after the previous read arrived,
	// oldest first.
	Arrived []time.Time

	total int64 // the model's count at the read: Clear resets it
}

// ReadKeys updates k when a message came (or the pipeline was cleared)
// since k was last read, and reports whether it did.
func (p *Pipeline) ReadKeys(k *Keys) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	k.Arrived = k.Arrived[:0]
	if p.seq == k.Seq && p.model.Total == k.total {
		return false
	}
	// the messages since the last read, newest first, then turned around
	for i := 0; i < p.count; i++ {
		ev := &p.ring[(p.head-1-i+len(p.ring))%len(p.ring)]
		if ev.Seq <= k.Seq {
			break
		}
		if ev.Msg.Channel != 0 {
			k.Arrived = append(k.Arrived, p.start.Add(ev.At))
		}
	}
	for i, j := 0, len(k.Arrived)-1; i < j; i, j = i+1, j-1 {
		k.Arrived[i], k.Arrived[j] = k.Arrived[j], k.Arrived[i]
	}
	k.Seq, k.total = p.seq, p.model.Total
	if k.Held == nil {
		k.Held, k.CC = map[int]HeldNote{}, map[int]int{}
	}
	clear(k.Held)
	for key, h := range p.model.Held {
		k.Held[key] = h
	}
	clear(k.CC)
	for key, v := range p.model.CC {
		k.CC[key] = v
	}
	k.Bend = p.model.Bend
	k.Voices = p.asm.a.AppendVoices(k.Voices[:0])
	return true
}
