package midi

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"benchtop/devices/midi/assemble"
	"benchtop/internal/measure/chart"
	"benchtop/internal/measure/stats"
	"benchtop/internal/term"
)

// The exports of MIDI data, shared by the Live input tab and `benchtop midi`.

// logColumns are the CSV log's columns: a message's first (as they have
// always been), then those of an assembled event (empty on a message row).
var logColumns = []string{"seq", "t_us", "gap_us", "port", "type", "channel", "note", "velocity", "cc", "value", "bend", "text", "hex",
	"kind", "after_seq", "param", "op", "name", "value14", "semitones", "cents", "timecode", "rate", "song_position", "song",
	"manufacturer_id", "manufacturer", "family", "model", "version", "mpe_zone", "mpe_members", "bpm", "jitter_us", "state"}

// WriteLogCSV writes one row per message and, after the message that
// completed it, one per assembled event (type "assembled", kind the
// event's: rpn, nrpn, cc14, timecode, …), in the order the log shows
// them. A port's name comes from the device and a text from a file: a
// spreadsheet must not run them as formulas (term.CSVCell).
func WriteLogCSV(w io.Writer, events []Event, assembled []Assembled) error {
	cw := csv.NewWriter(w)
	// a csv.Writer's error sticks (its buffer's does): cw.Error() below
	// reports the first, so each Write's is discarded
	_ = cw.Write(logColumns)
	port := make(map[uint64]string, len(events))
	for _, ev := range events {
		port[ev.Seq] = ev.Port
	}
	Interleave(events, assembled, func(ev *Event, a *Assembled) {
		if a != nil {
			_ = cw.Write(assembledRow(a, port[a.AfterSeq]))
			return
		}
		m := ev.Msg
		c := m.carries()
		row := []string{strconv.FormatUint(ev.Seq, 10), strconv.FormatFloat(ev.AtUS, 'f', 1, 64), strconv.FormatFloat(float64(ev.Gap)/1e3, 'f', 1, 64),
			term.CSVCell(ev.Port), m.Type, cell(m.Channel > 0, m.Channel), cell(c.note, m.Note), cell(c.velocity, m.Velocity), cell(c.cc, m.CC),
			cell(c.value, m.Value), cell(c.bend, m.Bend), term.CSVCell(m.Text), ev.Hex, KindMessage}
		_ = cw.Write(append(row, make([]string, len(logColumns)-len(row))...))
	})
	cw.Flush()
	return cw.Error()
}

// cell is a field the row's type carries; one it does not carry is an
// empty cell, so a 0 is always a value (note 0, CC 0, program 0, bend at
// centre).
func cell(has bool, v int) string {
	if !has {
		return ""
	}
	return strconv.Itoa(v)
}

func cellp(v *int) string { return cell(v != nil, deref(v)) }

func deref(v *int) int {
	if v == nil {
		return 0
	}
	return *v
}

// assembledRow is an assembled event as a CSV row: its values in the
// columns after "kind", the channel and (a cc14) the controller in the
// message columns of the same meaning, its parts in "hex".
func assembledRow(a *Assembled, port string) []string {
	e := a.Event
	r := make(map[string]string, 12)
	r["seq"], r["t_us"], r["port"], r["type"] = "", strconv.FormatFloat(e.TUS, 'f', 1, 64), term.CSVCell(port), TypeAssembled
	r["channel"], r["text"], r["hex"] = cell(e.Channel > 0, e.Channel), term.CSVCell(e.Text), strings.Join(e.Parts, " | ")
	r["kind"], r["after_seq"] = e.Kind, strconv.FormatUint(a.AfterSeq, 10)
	if p := e.Param; p != nil {
		r["param"], r["op"], r["name"], r["value14"] = strconv.Itoa(p.Number), p.Op, p.Name, cellp(p.Value)
		r["semitones"] = cellp(p.Semitones)
		if p.Cents != nil {
			r["cents"] = strconv.FormatFloat(*p.Cents, 'f', -1, 64)
		}
	}
	if c := e.CC14; c != nil {
		r["cc"], r["name"], r["value14"] = strconv.Itoa(c.CC), c.Name, strconv.Itoa(c.Value)
	}
	if tc := e.Timecode; tc != nil {
		r["timecode"] = fmt.Sprintf("%02d:%02d:%02d:%02d", tc.Hours, tc.Minutes, tc.Seconds, tc.Frames)
		r["rate"] = tc.Rate
	}
	r["song_position"], r["song"] = cellp(e.SongPosition), cellp(e.Song)
	if m := e.MMC; m != nil {
		r["name"] = m.Name
	}
	if id := e.Identity; id != nil && e.Kind == assemble.KindIdentity {
		r["manufacturer_id"], r["manufacturer"], r["family"], r["model"], r["version"] = id.ManufacturerID, id.Manufacturer, id.FamilyBytes, id.ModelBytes, id.Version
	}
	if u := e.Universal; u != nil {
		r["name"], r["value14"] = u.Name, cellp(u.Value)
	}
	if z := e.MPE; z != nil {
		r["mpe_zone"], r["mpe_members"] = z.Zone, strconv.Itoa(z.Members)
	}
	if tp := e.Tempo; tp != nil {
		if tp.BPM > 0 {
			r["bpm"], r["jitter_us"] = strconv.FormatFloat(tp.BPM, 'f', 2, 64), strconv.FormatFloat(tp.JitterUS, 'f', 0, 64)
		}
		r["state"] = tp.State
	}
	row := make([]string, len(logColumns))
	for i, c := range logColumns {
		row[i] = r[c]
	}
	return row
}

// Interleave calls f with each message and each assembled event in the
// order a log shows them: an assembled event right after the message it
// came after (events older than the first message first). Exactly one of
// ev and a is set.
func Interleave(events []Event, assembled []Assembled, f func(ev *Event, a *Assembled)) {
	j := 0
	for i := range events {
		for ; j < len(assembled) && assembled[j].AfterSeq < events[i].Seq; j++ {
			f(nil, &assembled[j])
		}
		f(&events[i], nil)
	}
	for ; j < len(assembled); j++ {
		f(nil, &assembled[j])
	}
}

// WriteLogJSON writes the messages as {"schema": "benchtop.midi-log/1", "events": [...]}.
func WriteLogJSON(w io.Writer, events []Event) error {
	return WriteLogJSONAssembled(w, events, nil)
}

// WriteLogJSONAssembled is WriteLogJSON with the events assembled from the
// messages in "assembled" (left out when none), each as Assembled's JSON.
// Readers of the log that do not know the field skip it.
func WriteLogJSONAssembled(w io.Writer, events []Event, assembled []Assembled) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Schema    string      `json:"schema"`
		Events    []Event     `json:"events"`
		Assembled []Assembled `json:"assembled,omitempty"`
	}{LogSchema, events, assembled})
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
