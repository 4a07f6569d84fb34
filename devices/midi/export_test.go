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
	if err := WriteLogCSV(&b, events); err != nil {
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
