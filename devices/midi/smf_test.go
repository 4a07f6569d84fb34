package midi

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"gitlab.com/gomidi/midi/v2/smf"
)

// makeSMF writes a real .mid file with gomidi: a tempo change halfway.
func makeSMF(t *testing.T) []byte {
	s := smf.New()
	s.TimeFormat = smf.MetricTicks(480)
	var tr smf.Track
	tr.Add(0, smf.MetaTempo(120))
	tr.Add(0, []byte{0x90, 60, 100})
	tr.Add(240, []byte{0x80, 60, 0}) // 250 ms
	tr.Add(0, []byte{0xb0, 7, 80})
	tr.Add(240, smf.MetaTempo(60))    // at 500 ms: a quarter is now 1 s
	tr.Add(240, []byte{0x90, 64, 90}) // 1000 ms
	tr.Add(48, []byte{0xe0, 0, 0x50}) // 1100 ms
	tr.Add(48, []byte{0x80, 64, 0})   // 1200 ms
	tr.Close(0)
	if err := s.Add(tr); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := s.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReplayRecordReplayRoundTrip(t *testing.T) {
	events, err := ReadSMF(bytes.NewReader(makeSMF(t)))
	if err != nil {
		t.Fatal(err)
	}
	wantAt := []time.Duration{0, 250 * time.Millisecond, 250 * time.Millisecond, 1000 * time.Millisecond, 1100 * time.Millisecond, 1200 * time.Millisecond}
	if len(events) != len(wantAt) {
		t.Fatalf("%d events: %+v", len(events), events)
	}
	for i, e := range events {
		if e.At != wantAt[i] {
			t.Fatalf("event %d at %v, want %v (tempo map)", i, e.At, wantAt[i])
		}
	}
	// replay into a pipeline while recording it, on a clock whose timers
	// fire at once: the due times are exact, and no test waits 1.2 s
	p := NewPipeline(100)
	rec := Record(p)
	pl := &Player{Events: events, Clock: &stepClock{now: time.Now()}}
	if err := pl.Play(context.Background(), func(raw []byte, due time.Time) { p.PushAt("replay", raw, due) }); err != nil {
		t.Fatal(err)
	}
	recorded := rec.Stop()
	var file bytes.Buffer
	if err := WriteSMF(&file, recorded); err != nil {
		t.Fatal(err)
	}
	again, err := ReadSMF(&file)
	if err != nil {
		t.Fatal(err)
	}
	if len(again) != len(events) {
		t.Fatalf("recording has %d messages, want %d", len(again), len(events))
	}
	for i := range events {
		if !bytes.Equal(again[i].Raw, events[i].Raw) {
			t.Fatalf("message %d: % X, want % X", i, again[i].Raw, events[i].Raw)
		}
		if d := again[i].At - events[i].At; d > time.Millisecond || d < -time.Millisecond {
			t.Fatalf("message %d at %v, want %v ±1 ms", i, again[i].At, events[i].At)
		}
	}
}

func TestReadSMFRejectsGarbage(t *testing.T) {
	if _, err := ReadSMF(strings.NewReader("RIFF....")); err == nil || !strings.Contains(err.Error(), "MThd") {
		t.Fatalf("%v", err)
	}
}
