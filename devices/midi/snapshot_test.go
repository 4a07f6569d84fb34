package midi

import "testing"

// Snapshot with Last gives the newest Last events that pass the filter,
// oldest first, however many others came between them.
func TestSnapshotLastFiltered(t *testing.T) {
	p := NewPipeline(16)
	for i := range 10 {
		p.Push("test", []byte{0x90 | byte(i%2), byte(60 + i), 100}) // channels 1 and 2 in turn
		p.Push("test", []byte{0xf8})                                // a clock between each
	}
	notes := func(v View) (n []int) {
		for _, ev := range v.Events {
			n = append(n, ev.Msg.Note)
		}
		return n
	}
	if got := notes(p.Snapshot(Filter{Channel: 2, Last: 3})); len(got) != 3 || got[0] != 65 || got[1] != 67 || got[2] != 69 {
		t.Errorf("channel 2, last 3: %v", got)
	}
	// the ring keeps 16: notes 62..69 with their clocks
	if got := notes(p.Snapshot(Filter{})); len(got) != 8 || got[0] != 62 || got[7] != 69 {
		t.Errorf("all: %v", got)
	}
	v := p.Snapshot(Filter{ShowRealtime: true, Last: 2})
	if len(v.Events) != 2 || v.Events[0].Msg.Note != 69 || v.Events[1].Msg.Type != TypeClock {
		t.Errorf("with realtime, last 2: %+v", v.Events)
	}
	if got := p.Snapshot(Filter{Types: map[string]bool{TypeNoteOff: true}, Last: 5}); len(got.Events) != 0 {
		t.Errorf("no note off came: %v", notes(got))
	}
}
