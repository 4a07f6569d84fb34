package midi

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestPipelineAssembles(t *testing.T) {
	now := time.Unix(0, 0)
	p := NewPipelineWithClock(100, func() time.Time { return now })
	push := func(b ...byte) Event {
		now = now.Add(time.Millisecond)
		return p.Push("kbd", b)
	}
	push(0x90, 60, 100)
	for _, m := range [][]byte{{0xb2, 99, 1}, {0xb2, 98, 2}, {0xb2, 6, 64}, {0xb2, 38, 5}} {
		if ev := push(m...); !ev.Folded {
			t.Fatalf("% X not folded", m)
		}
	}
	push(0xfa)
	for i := 0; i < 48; i++ { // two beats at 120 BPM
		now = now.Add(60 * time.Second / 120 / 24)
		p.Push("kbd", []byte{0xf8})
	}
	push(0xb0, 101, 0)
	push(0xb0, 100, 0)
	push(0xb0, 6, 3) // a lone data MSB: shown once PendingUS passed, at the next snapshot
	now = now.Add(50 * time.Millisecond)
	v := p.Snapshot(Filter{})
	var kinds []string
	for _, a := range v.Assembled {
		kinds = append(kinds, a.Event.Kind+": "+a.Event.Text)
	}
	want := []string{"nrpn: NRPN 130 (1/2) = 8197", "transport: start at MIDI beat 0 (bar 1.1.1 in 4/4)",
		"rpn: RPN 0 pitch bend range = ±3 semitones 0 cents"}
	if len(kinds) != len(want) {
		t.Fatalf("%q", kinds)
	}
	for i := range want {
		if kinds[i] != want[i] {
			t.Errorf("%q, want %q", kinds[i], want[i])
		}
	}
	if v.Assembled[0].AfterSeq != 5 || math.Abs(v.Tempo.BPM-120) > 0.01 || v.Tempo.State != "playing" {
		t.Fatalf("after %d, tempo %+v", v.Assembled[0].AfterSeq, v.Tempo)
	}
	if v := p.Snapshot(Filter{ShowRealtime: true}); len(v.Assembled) != 5 { // and the two tempo lines
		t.Fatalf("%d with tempo", len(v.Assembled))
	}
	if v := p.Snapshot(Filter{Types: map[string]bool{TypeNoteOn: true}}); len(v.Assembled) != 0 || len(v.Events) != 1 {
		t.Fatalf("type filter: %d %d", len(v.Assembled), len(v.Events))
	}
	if v := p.Snapshot(Filter{Types: map[string]bool{TypeAssembled: true}, Channel: 3}); len(v.Assembled) != 1 || len(v.Events) != 0 {
		t.Fatalf("assembled on channel 3: %d %d", len(v.Assembled), len(v.Events))
	}
	if v := p.Snapshot(Filter{Last: 1}); len(v.Assembled) != 1 || v.Assembled[0].Event.Kind != "rpn" {
		t.Fatalf("Last 1: %+v", v.Assembled) // the newest only
	}
	p.Clear()
	if v := p.Snapshot(Filter{}); len(v.Assembled) != 0 || v.Tempo.BPM != 0 {
		t.Fatal("Clear kept assembled events")
	}
}

// The JSON log carries the assembled events, and decode reads it back.
func TestLogJSONWithAssembled(t *testing.T) {
	p := NewPipeline(100)
	for _, m := range [][]byte{{0xb0, 101, 0}, {0xb0, 100, 0}, {0xb0, 6, 12}, {0xb0, 38, 0}, {0x90, 60, 1}} {
		p.Push("x", m)
	}
	v := p.Snapshot(Filter{ShowRealtime: true})
	var buf bytes.Buffer
	if err := WriteLogJSONAssembled(&buf, v.Events, v.Assembled); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, `"after_seq": 4`) || !strings.Contains(s, `"kind": "rpn"`) || !strings.Contains(s, `"semitones": 12`) {
		t.Fatal(s)
	}
	ev, format, err := ReadMIDI(buf.Bytes())
	if err != nil || format != FormatLog || len(ev) != 5 {
		t.Fatalf("%v %s %d", err, format, len(ev))
	}
	buf.Reset()
	if err := WriteLogJSON(&buf, v.Events); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "assembled") {
		t.Fatal("an empty assembled list written")
	}
}
