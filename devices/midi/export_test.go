package midi

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestLogExports(t *testing.T) {
	now := time.Unix(0, 0)
	p := NewPipelineWithClock(10, func() time.Time { return now })
	p.Push("kbd", []byte{0x90, 60, 100})
	now = now.Add(1500 * time.Microsecond)
	p.Push("kbd", []byte{0xe0, 0, 0x50})
	events := p.Snapshot(Filter{}).Events

	var b bytes.Buffer
	if err := WriteLogCSV(&b, events, nil); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows %v, %v", rows, err)
	}
	if rows[2][1] != "1500.0" || rows[2][2] != "1500.0" || rows[2][4] != TypePitchBend || rows[2][10] != "2048" || rows[1][12] != "90 3C 64" {
		t.Fatalf("row 2 %v, row 1 %v", rows[2], rows[1])
	}
	b.Reset()
	if err := WriteLogJSON(&b, events); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Schema string `json:"schema"`
		Events []struct {
			TUS float64 `json:"t_us"`
			Msg struct {
				Type string `json:"type"`
				Note int    `json:"note"`
			} `json:"message"`
		} `json:"events"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc.Schema != "benchtop.midi-log/1" || len(doc.Events) != 2 || doc.Events[0].Msg.Note != 60 || doc.Events[1].TUS != 1500 {
		t.Fatalf("json %s: %v", b.String(), err)
	}
}

func TestRoundTripChartAndJSON(t *testing.T) {
	rt := &RoundTrip{Out: "loop-out 24:0", In: "loop-in 24:0", Sent: 3, Lost: 1, Samples: []time.Duration{900 * time.Microsecond, 1100 * time.Microsecond}}
	var b bytes.Buffer
	if err := WriteRoundTripJSON(&b, rt); err != nil || !strings.Contains(b.String(), `"samples_us": [`) || !strings.Contains(b.String(), "1100") {
		t.Fatalf("%s %v", b.String(), err)
	}
	c := RoundTripChart(rt)
	if !strings.Contains(strings.ReplaceAll(strings.ToLower(chartTitle(c)), "→", "->"), "loop-out -> loop-in (2 samples, 1 lost)") {
		t.Fatalf("title %q", chartTitle(c))
	}
}

// Zero is a value: note 0, program 0, CC 0 at 0 and a bend back to centre
// are written, in JSON and CSV alike; fields a type does not carry are
// left out (JSON) or empty (CSV), never a misleading 0.
func TestZeroValuesExported(t *testing.T) {
	p := NewPipeline(10)
	for _, raw := range [][]byte{{0x90, 0, 0}, {0xc0, 0}, {0xb0, 0, 0}, {0xe0, 0x00, 0x40}, {0xd0, 0}, {0xf8}} {
		p.Push("kbd", raw)
	}
	events := p.Snapshot(Filter{ShowRealtime: true}).Events
	want := []string{
		`{"type":"note off","channel":1,"note":0,"velocity":0,"text":"C-1 (0) vel 0"}`,
		`{"type":"program change","channel":1,"value":0,"text":"program 1"}`,
		`{"type":"control change","channel":1,"cc":0,"value":0,"text":"CC0 Bank Select = 0"}`,
		`{"type":"pitch bend","channel":1,"bend":0,"text":"bend +0"}`,
		`{"type":"aftertouch","channel":1,"value":0,"text":"pressure 0"}`,
		`{"type":"clock","text":"timing clock"}`,
	}
	if len(events) != len(want) {
		t.Fatalf("%d events", len(events))
	}
	for i, ev := range events {
		b, err := json.Marshal(ev.Msg)
		if err != nil || string(b) != want[i] {
			t.Errorf("message %d: %s (%v), want %s", i, b, err, want[i])
		}
	}
	var b bytes.Buffer
	if err := WriteLogCSV(&b, events, nil); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&b).ReadAll()
	// columns: channel 5, note 6, velocity 7, cc 8, value 9, bend 10
	cells := func(r []string) string { return strings.Join(r[5:11], ",") }
	for i, w := range []string{"1,0,0,,,", "1,,,,0,", "1,,,0,0,", "1,,,,,0", "1,,,,0,", ",,,,,"} {
		if got := cells(rows[i+1]); got != w {
			t.Errorf("CSV row %d: %s, want %s", i+1, got, w)
		}
	}
}

// Issue 22: a port's name is the device's; in CSV it cannot be a formula.
func TestLogCSVNeutralisesFormulas(t *testing.T) {
	p := NewPipeline(10)
	p.Push(`=HYPERLINK("http://evil")`, []byte{0x90, 60, 100})
	var b bytes.Buffer
	if err := WriteLogCSV(&b, p.Snapshot(Filter{}).Events, nil); err != nil {
		t.Fatal(err)
	}
	rows, _ := csv.NewReader(&b).ReadAll()
	if rows[1][3] != `'=HYPERLINK("http://evil")` {
		t.Fatalf("port cell %q", rows[1][3])
	}
}
