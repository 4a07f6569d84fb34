package midi

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"benchtop/devices/midi/assemble"
	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/stats"
	"benchtop/internal/term"
)

// The exports of MIDI data, shared by the Live input tab and `benchtop midi`.

// WriteLogCSV writes one row per message. A port's name comes from the
// device and a text from a file: a spreadsheet must not run them as
// formulas (term.CSVCell).
func WriteLogCSV(w io.Writer, events []Event) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"seq", "t_us", "gap_us", "port", "type", "channel", "note", "velocity", "cc", "value", "bend", "text", "hex"})
	// a field the message's type does not carry is an empty cell, so a 0
	// is always a value (note 0, CC 0, program 0, bend at centre)
	cell := func(has bool, v int) string {
		if !has {
			return ""
		}
		return strconv.Itoa(v)
	}
	for _, ev := range events {
		m := ev.Msg
		c := m.carries()
		cw.Write([]string{strconv.FormatUint(ev.Seq, 10), strconv.FormatFloat(ev.AtUS, 'f', 1, 64), strconv.FormatFloat(float64(ev.Gap)/1e3, 'f', 1, 64),
			term.CSVCell(ev.Port), m.Type, cell(m.Channel > 0, m.Channel), cell(c.note, m.Note), cell(c.velocity, m.Velocity), cell(c.cc, m.CC),
			cell(c.value, m.Value), cell(c.bend, m.Bend), term.CSVCell(m.Text), ev.Hex})
	}
	cw.Flush()
	return cw.Error()
}

// WriteLogJSON writes the messages as {"schema": "benchtop.midi-log/1", "events": [...]}.
func WriteLogJSON(w io.Writer, events []Event) error {
	return WriteLogJSONAssembled(w, events, nil)
}

// WriteLogJSONAssembled is WriteLogJSON with the events assembled from the
// messages in "assembled" (left out when none): each an assembled event
// (as `midi decode --json` writes them) with "after_seq", the message it
// came after. Readers of the log that do not know the field skip it.
func WriteLogJSONAssembled(w io.Writer, events []Event, assembled []Assembled) error {
	type asm struct {
		AfterSeq uint64 `json:"after_seq"`
		assemble.Event
	}
	out := make([]asm, len(assembled))
	for i, a := range assembled {
		out[i] = asm{a.AfterSeq, a.Event}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Schema    string  `json:"schema"`
		Events    []Event `json:"events"`
		Assembled []asm   `json:"assembled,omitempty"`
	}{LogSchema, events, out})
}

// RoundTripChart is the histogram of a round-trip measurement.
func RoundTripChart(rt *RoundTrip) chart.Chart {
	us := make([]float64, len(rt.Samples))
	for i, d := range rt.Samples {
		us[i] = float64(d) / 1e3
	}
	return chart.Histogram{Title: fmt.Sprintf("MIDI round trip %s → %s (%d samples, %d lost)", BaseName(rt.Out), BaseName(rt.In), len(rt.Samples), rt.Lost),
		Series: []chart.Values{{Name: "round trip", US: us}}}
}

// WriteRoundTripJSON writes the samples and summary (schema benchtop.midi-latency/1).
func WriteRoundTripJSON(w io.Writer, rt *RoundTrip) error {
	us := make([]float64, len(rt.Samples))
	for i, d := range rt.Samples {
		us[i] = float64(d) / 1e3
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Schema    string        `json:"schema"`
		Out       string        `json:"out"`
		In        string        `json:"in"`
		Sent      int           `json:"sent"`
		Lost      int           `json:"lost"`
		SamplesUS []float64     `json:"samples_us"`
		Summary   stats.Summary `json:"summary"`
		JitterUS  float64       `json:"jitter_us"`
	}{"benchtop.midi-latency/1", rt.Out, rt.In, rt.Sent, rt.Lost, us, rt.Summary, rt.JitterUS})
}
