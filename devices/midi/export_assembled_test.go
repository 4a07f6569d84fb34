package midi_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"benchtop/devices/midi"
	"benchtop/devices/midi/miditest"
)

// The CSV log carries the assembled events: a row each, after the message
// that completed it, with type "assembled", the kind and its values in
// columns of their own; the message columns come first, as before.
func TestLogCSVCarriesAssembled(t *testing.T) {
	start := time.Unix(0, 0)
	p := midi.NewPipelineWithClock(1000, func() time.Time { return start })
	msgs := miditest.DoneWhen()
	at := msgs[len(msgs)-1].At
	for _, raw := range [][]byte{{0xb0, 1, 64}, {0xb0, 33, 16}, {0xf0, 0x7f, 0x7f, 0x06, 0x02, 0xf7}, {0xf2, 16, 0}} {
		at += time.Millisecond
		msgs = append(msgs, miditest.Msg{At: at, Raw: raw})
	}
	for _, m := range msgs {
		p.PushAt("kbd", m.Raw, start.Add(m.At))
	}
	v := p.Snapshot(midi.Filter{ShowRealtime: true})
	var b bytes.Buffer
	if err := midi.WriteLogCSV(&b, v.Events, v.Assembled); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	head := strings.Join(rows[0], ",")
	if !strings.HasPrefix(head, "seq,t_us,gap_us,port,type,channel,note,velocity,cc,value,bend,text,hex,kind,after_seq,") {
		t.Fatalf("header %s", head)
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	// one row a message, one an assembled event
	if want := len(v.Events) + len(v.Assembled) + 1; len(rows) != want {
		t.Fatalf("%d rows, want %d", len(rows), want)
	}
	byKind := map[string][]map[string]string{}
	for i, r := range rows[1:] {
		m := map[string]string{}
		for c, j := range col {
			m[c] = r[j]
		}
		m["row"] = strconv.Itoa(i + 1)
		byKind[m["kind"]] = append(byKind[m["kind"]], m)
	}
	one := func(kind string, n int) map[string]string {
		t.Helper()
		if len(byKind[kind]) <= n {
			t.Fatalf("no %s row %d: %d", kind, n, len(byKind[kind]))
		}
		return byKind[kind][n]
	}
	check := func(r map[string]string, want map[string]string) {
		t.Helper()
		for c, w := range want {
			if r[c] != w {
				t.Errorf("%s row %s: %s = %q, want %q", r["kind"], r["row"], c, r[c], w)
			}
		}
	}
	check(one("nrpn", 0), map[string]string{"type": "assembled", "seq": "", "after_seq": "4", "row": "5", "port": "kbd", "channel": "3",
		"param": "130", "op": "set", "value14": "8197", "text": "NRPN 130 (1/2) = 8197", "hex": "B2 63 01 | B2 62 02 | B2 06 40 | B2 26 05"})
	check(one("rpn", 0), map[string]string{"after_seq": "8", "channel": "1", "param": "0", "name": "pitch bend range", "value14": "1536", "semitones": "12", "cents": "0"})
	check(one("rpn", 1), map[string]string{"param": "6", "name": "MPE configuration", "mpe_zone": "lower", "mpe_members": "7"})
	check(one("timecode", 0), map[string]string{"timecode": "01:02:03:04", "rate": "25", "channel": ""})
	check(one("identity reply", 0), map[string]string{"manufacturer_id": "43", "manufacturer": "Yamaha", "family": "00 41", "model": "15 03", "version": "00 01 00 00"})
	check(one("transport", 0), map[string]string{"state": "playing", "song_position": "0", "bpm": ""})
	check(one("cc14", 0), map[string]string{"cc": "1", "name": "Modulation", "value14": "8208", "value": ""})
	check(one("mmc", 0), map[string]string{"name": "Play"})
	check(one("song position", 0), map[string]string{"song_position": "16"})
	tempo := byKind["tempo"]
	if len(tempo) != 8 {
		t.Fatalf("%d tempo rows", len(tempo))
	}
	bpm, _ := strconv.ParseFloat(tempo[7]["bpm"], 64)
	jit, _ := strconv.ParseFloat(tempo[7]["jitter_us"], 64)
	if bpm < 119.5 || bpm > 120.5 || jit < 50 || jit > 150 || tempo[7]["state"] != "playing" {
		t.Fatalf("tempo %v", tempo[7])
	}
	msg := one("message", 0)
	check(msg, map[string]string{"type": "control change", "cc": "99", "value": "1", "after_seq": "", "param": "", "value14": ""})
}
